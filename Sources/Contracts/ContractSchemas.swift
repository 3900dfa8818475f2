import Foundation
import JSONSchema

/// The compiled payload schema of every message type in a hub: compile once, validate many times.
public struct ContractSchemas: Sendable {
    /// The compiled schemas, by message type.
    public private(set) var schemas: [String: CompiledSchema] = [:]
    /// The schemas that did not compile, as located errors.
    public private(set) var errors: [ContractError] = []

    /// Compiles the schema of every message type.
    ///
    /// References resolve against the schema file's location on disk (a relative `$ref` such as
    /// `common.json#/$defs/siret` names a file next to it). A root `$id` that is a URN (Passerelle names
    /// schemas `urn:passerelle:schema:<type>`) identifies the schema but is not a base for references.
    ///
    /// - Parameters:
    ///   - hub: The loaded contracts.
    ///   - options: The asserted formats; by default `SchemaOptions.contracts`, which checks
    ///     `siren` and `siret` with the `Identifiers` module.
    public init(hub: ContractHub, options: SchemaOptions = .contracts) {
        let registry = Self.registry(hub)
        for message in hub.sortedMessages {
            do {
                let (schema, base) = Self.rebased(message.schema, url: message.schemaURL)
                self.schemas[message.type] = try JSONSchema.compile(
                    schema, baseURI: base, registry: registry, options: options)
            } catch {
                let file = hub.sources[message.schemaURL.absoluteString.components(separatedBy: "#")[0]]
                let path = file?.path ?? message.location.file
                self.errors.append(ContractError(
                    rule: "schema", file: path, line: file?.line(of: error.schemaLocation), pointer: error.schemaLocation,
                    message: "the schema of \(message.type) does not compile: \(error.reason)"))
            }
        }
    }

    /// Validates a payload against its message type's schema.
    ///
    /// - Parameters:
    ///   - payload: The payload (CloudEvents data).
    ///   - type: The message type.
    /// - Returns: The result, or `nil` when the type is unknown or its schema did not compile.
    public func validate(_ payload: JSONValue, as type: String) -> ValidationResult? {
        self.schemas[type]?.validate(payload)
    }

    /// A registry that reads referenced schema files from disk (and strips their URN `$id`).
    static func registry(_ hub: ContractHub) -> SchemaRegistry {
        var registry = SchemaRegistry(resolver: { uri in
            guard let url = URL(string: uri), url.isFileURL else { return nil }
            let document = try SourceDocument(url: url, path: url.lastPathComponent)
            return Self.rebased(document.root, url: url).0
        })
        for (uri, source) in hub.sources where uri.hasSuffix(".json") {
            registry.register(Self.rebased(source.root, url: source.url).0, as: uri)
        }
        return registry
    }

    /// The schema without a non-hierarchical root `$id`, and the base URI to compile it with.
    static func rebased(_ schema: JSONValue, url: URL) -> (JSONValue, String) {
        let base = url.absoluteString.components(separatedBy: "#")[0]
        guard case .object(var object) = schema, let id = object["$id"]?.stringValue, id.hasPrefix("urn:") else {
            return (schema, base)
        }
        object["$id"] = nil
        return (.object(object), base)
    }
}
