import Foundation
import JSONSchema

/// One line of `passerelle contracts check`: a change to a message type and its verdict.
public struct CompatibilityFinding: Sendable, Hashable {
    /// The message type.
    public var messageType: String
    /// What changed (a ``SchemaChange/Kind`` text, or `message added`, `message removed`, `new major version`).
    public var change: String
    /// The JSON pointer in the schema and a short explanation.
    public var detail: String
    /// `both`, `backward`, `forward` or `neither`.
    public var compatibility: String
    /// The rule the change breaks (e.g. `FORWARD_TRANSITIVE within v1`), or `nil` when it is allowed.
    public var ruleBroken: String?

    /// Whether the change breaks its message's compatibility rule.
    public var isBreaking: Bool { self.ruleBroken != nil }
}

/// Compares two versions of the contracts message by message (`passerelle contracts check`).
public enum ContractCompatibility {
    /// Every change from `old` to `new`.
    ///
    /// - Parameters:
    ///   - old: The contracts at the reference commit.
    ///   - new: The contracts now.
    /// - Returns: The findings, by message type.
    public static func check(old: ContractHub, new: ContractHub) -> [CompatibilityFinding] {
        var findings: [CompatibilityFinding] = []
        for message in new.sortedMessages {
            guard let previous = old.messages[message.type] else {
                let earlier = old.messages.values.filter {
                    $0.unversionedType == message.unversionedType && ($0.majorVersion ?? 0) < (message.majorVersion ?? 0)
                }
                if let major = earlier.compactMap(\.majorVersion).max() {
                    findings.append(CompatibilityFinding(
                        messageType: message.type, change: "new major version", detail: "beside v\(major)",
                        compatibility: "n/a", ruleBroken: nil))
                } else {
                    findings.append(CompatibilityFinding(
                        messageType: message.type, change: "message added", detail: "", compatibility: "n/a", ruleBroken: nil))
                }
                continue
            }
            let diff = SchemaDiff(resolveOld: self.resolver(old), resolveNew: self.resolver(new))
            let changes = diff.changes(
                from: previous.schema, to: message.schema, oldBase: previous.schemaURL.absoluteString,
                newBase: message.schemaURL.absoluteString)
            let mode = message.compatibility
            for change in changes where change.kind != .annotationChanged {
                let major = message.majorVersion.map { " within v\($0)" } ?? ""
                findings.append(CompatibilityFinding(
                    messageType: message.type, change: change.kind.rawValue, detail: "\(change.path.isEmpty ? "/" : change.path): \(change.detail)",
                    compatibility: change.compatibilityLabel,
                    ruleBroken: change.isAllowed(under: mode) ? nil : "\(mode.rawValue)\(major)"))
            }
        }
        for previous in old.sortedMessages where new.messages[previous.type] == nil {
            let stillReceiving = new.unresolvedOperations.filter {
                $0.action == "receive" && $0.targetFile == previous.location.file && $0.targetPointer == previous.location.pointer
            }.map(\.context)
            findings.append(CompatibilityFinding(
                messageType: previous.type, change: "message removed",
                detail: stillReceiving.isEmpty ? "no receiver left" : "still received by \(stillReceiving.sorted().joined(separator: ", "))",
                compatibility: "n/a", ruleBroken: stillReceiving.isEmpty ? nil : "a removed type must have no receiver"))
        }
        return findings
    }

    /// Resolves a `$ref` against a base URI, through the hub's loaded files or the disk.
    static func resolver(_ hub: ContractHub) -> SchemaDiff.Resolver {
        let sources = hub.sources
        return { reference, base in
            guard let url = URL(string: reference, relativeTo: URL(string: base)) else { return nil }
            let absolute = url.absoluteURL
            let fileURL = URL(string: absolute.absoluteString.components(separatedBy: "#")[0]) ?? absolute
            let fragment = absolute.fragment(percentEncoded: false) ?? ""
            let document = sources[fileURL.absoluteString] ?? (try? SourceDocument(url: fileURL, path: fileURL.lastPathComponent))
            guard let document, let schema = document.value(at: fragment) else { return nil }
            return (schema, fileURL.absoluteString)
        }
    }
}
