import Foundation
import JSONSchema

/// The rules `passerelle contracts lint` enforces on top of what loading checks (document structure,
/// references, one owner per type, naming of message types and exchanges).
public enum ContractLinter {
    /// The rules, by name.
    public static let rules: [String: String] = [
        "naming": "message types are <context>.<aggregate>.<event>.v<major>; queues are <consumer>.<purpose> or bridge.<partner>.<direction>",
        "owner": "each message type is defined by exactly one document, the one of its context",
        "sender": "every received message has a sender: a send operation or x-passerelle-external-senders",
        "schema": "every payload schema compiles (JSON Schema 2020-12)",
        "example": "every message has at least one example, and every example validates against its schema",
        "description": "every payload schema has a title and a description, and every property a description (they become the generated types' documentation)",
        "id": "every schema file's $id is the published base + its path under contracts/, e.g. https://contracts.passerelle.example/common/schemas/types.json, so relative $refs resolve against it as against the file",
    ]

    /// Checks a loaded hub.
    ///
    /// - Parameters:
    ///   - hub: The contracts.
    ///   - schemas: Their compiled schemas.
    /// - Returns: Every problem found, sorted by file and line.
    public static func lint(_ hub: ContractHub, schemas: ContractSchemas) -> [ContractError] {
        var errors = schemas.errors
        for message in hub.sortedMessages {
            let location = message.location
            if !message.receivers.isEmpty && message.senders.isEmpty && message.externalSenders.isEmpty {
                let receivers = message.receivers.map(\.context).joined(separator: ", ")
                errors.append(ContractError(
                    rule: "sender", file: location.file, line: location.line, pointer: location.pointer,
                    message: "\(message.type) is received by \(receivers) but nobody sends it"))
            }
            for receiver in message.receivers {
                guard let queue = receiver.queue else { continue }
                // Partner bridges read from bridge.<partner>.<direction> (messaging.md §5.1).
                if !queue.name.hasPrefix(receiver.context + "."), !queue.name.hasPrefix("bridge.\(receiver.context).") {
                    errors.append(ContractError(
                        rule: "naming", file: receiver.location.file, line: receiver.location.line,
                        pointer: receiver.location.pointer + "/x-passerelle-queue/name",
                        message: "queue \(queue.name) must be named \(receiver.context).<purpose> (or bridge.\(receiver.context).<direction> for a partner)"))
                }
            }
            if message.examples.isEmpty {
                errors.append(ContractError(
                    rule: "example", file: location.file, line: location.line, pointer: location.pointer,
                    message: "\(message.type) has no example"))
            }
            guard let schema = schemas.schemas[message.type] else { continue }
            for example in message.examples {
                for error in schema.validate(example.payload).errors {
                    let pointer = example.location.pointer + error.instanceLocation
                    errors.append(ContractError(
                        rule: "example", file: example.location.file,
                        line: hub.sources.values.first { $0.path == example.location.file }?.line(of: pointer) ?? example.location.line,
                        pointer: pointer,
                        message: "example \"\(example.name)\" of \(message.type) is invalid at \(error.instanceLocation.isEmpty ? "/" : error.instanceLocation): \(error.message) (schema \(error.keywordLocation))"))
                }
            }
        }
        errors += Self.undocumented(hub)
        errors += Self.misnamed(hub)
        return errors.sorted { ($0.file, $0.line ?? 0, $0.pointer) < ($1.file, $1.line ?? 0, $1.pointer) }
    }

    /// The `description` rule: message schemas without a title or a description, properties without a
    /// description, in every schema file the contracts load.
    static func undocumented(_ hub: ContractHub) -> [ContractError] {
        var errors: [ContractError] = []
        let messageFiles = Set(hub.messages.values.map { $0.schemaURL.absoluteString.components(separatedBy: "#")[0] })
        for (key, source) in hub.sources.sorted(by: { $0.key < $1.key }) where key.hasSuffix(".json") {
            if messageFiles.contains(key), let root = source.root.objectValue {
                for keyword in ["title", "description"] where root[keyword]?.stringValue == nil {
                    errors.append(source.error("description", at: "", "the schema has no \(keyword)"))
                }
            }
            Self.walk(source.root, pointer: "") { pointer, name in
                errors.append(source.error("description", at: pointer, "property \(name) has no description"))
            }
        }
        return errors
    }

    /// The `id` rule: every schema file the contracts load has the `$id` ``ContractSchemas/publishedID(forPath:)``
    /// gives for its path.
    static func misnamed(_ hub: ContractHub) -> [ContractError] {
        hub.sources.sorted { $0.key < $1.key }.filter { $0.key.hasSuffix(".json") }.compactMap {
            ContractSchemas.idError(in: $0.value)
        }
    }

    private static func walk(_ value: JSONValue, pointer: String, report: (String, String) -> Void) {
        switch value {
        case .object(let object):
            if let properties = object["properties"]?.objectValue {
                for (name, property) in properties where property.objectValue?["description"] == nil {
                    report(pointer + "/properties/" + SourceDocument.escape(name), name)
                }
            }
            for (key, member) in object { Self.walk(member, pointer: pointer + "/" + SourceDocument.escape(key), report: report) }
        case .array(let items):
            for (index, item) in items.enumerated() { Self.walk(item, pointer: pointer + "/\(index)", report: report) }
        default:
            break
        }
    }
}
