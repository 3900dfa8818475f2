import Foundation
import JSONSchema

/// The compiled payload schema of every message type in a hub: compile once, validate many times.
public struct ContractSchemas: Sendable {
    /// The base of every schema `$id`. A schema at `contracts/<path>` has the `$id` `publishedBase + <path>`,
    /// e.g. `https://contracts.passerelle.example/common/schemas/types.json`, so a relative `$ref` resolves
    /// against the `$id` (what a standard validator does) exactly as against the file on disk.
    public static let publishedBase = "https://contracts.passerelle.example/"

    /// The compiled schemas, by message type.
    public private(set) var schemas: [String: CompiledSchema] = [:]
    /// The schemas that did not compile, as located errors.
    public private(set) var errors: [ContractError] = []

    /// Compiles the schema of every message type.
    ///
    /// References resolve against the schema file's location on disk (a relative `$ref` such as
    /// `common.json#/$defs/siret` names a file next to it), and referenced files are read from disk. A root
    /// `$id` under ``publishedBase`` is removed before compiling: the `id` lint rule makes it equal to
    /// ``publishedBase`` plus the file's path under `contracts/`, so the file URL is the same base with another
    /// prefix and every reference names the same file either way. Compiling against the file URL keeps one key
    /// per document in the registry, needs no mapping from `https` to the disk, and keeps error locations in
    /// files. A URN `$id` (the older `urn:passerelle:schema:<type>` form) is removed for the same reason.
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

    /// Compiles one schema file the way the hub compiles its schemas: against the file's URL, with its
    /// published `$id` removed and the files it references read from disk.
    ///
    /// - Parameters:
    ///   - url: The schema file (JSON or YAML).
    ///   - options: The asserted formats.
    /// - Returns: The compiled schema.
    /// - Throws: ``ContractError`` when the file cannot be read or parsed, `SchemaCompileError` when it does
    ///   not compile.
    public static func compile(fileAt url: URL, options: SchemaOptions = .contracts) throws -> CompiledSchema {
        let file = url.standardizedFileURL
        let document = try SourceDocument(url: file, path: file.path)
        let (schema, base) = Self.rebased(document.root, url: file)
        return try JSONSchema.compile(schema, baseURI: base, registry: Self.registry(ContractHub()), options: options)
    }

    /// The `$id` of the schema file at `path`, relative to the contracts folder.
    ///
    /// - Parameter path: e.g. `prefecture/schemas/prefecture.act.transmit.v1.json`.
    /// - Returns: e.g. `https://contracts.passerelle.example/prefecture/schemas/prefecture.act.transmit.v1.json`.
    public static func publishedID(forPath path: String) -> String {
        Self.publishedBase + path.split(separator: "/").map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? String($0)
        }.joined(separator: "/")
    }

    /// The `id` rule for one schema file: its root `$id` must be ``publishedID(forPath:)`` of its path.
    ///
    /// - Parameter source: A schema file loaded from the contracts folder.
    /// - Returns: The error, or `nil` when the `$id` is right.
    public static func idError(in source: SourceDocument) -> ContractError? {
        guard !source.path.hasPrefix("/") else {
            return source.error("id", at: "", "the schema is outside the contracts folder, so it has no published $id")
        }
        let expected = Self.publishedID(forPath: source.path)
        guard case .object(let root) = source.root else { return nil }
        guard let id = root["$id"] else {
            return source.error("id", at: "", "the schema has no $id; it must be \(expected) (\(Self.idRule))")
        }
        guard id.stringValue == expected else {
            return source.error("id", at: "/$id", "$id is \(id.jsonString()); it must be \(expected) (\(Self.idRule))")
        }
        return nil
    }

    static let idRule = "the published base + the file's path under contracts/"

    /// A registry that reads referenced schema files from disk (and strips their published `$id`).
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

    /// The schema without a root `$id` that is published (under ``publishedBase``) or a URN, and the base
    /// URI to compile it with: the file's URL.
    static func rebased(_ schema: JSONValue, url: URL) -> (JSONValue, String) {
        let base = url.absoluteString.components(separatedBy: "#")[0]
        guard case .object(var object) = schema, let id = object["$id"]?.stringValue,
            id.hasPrefix(Self.publishedBase) || id.hasPrefix("urn:")
        else {
            return (schema, base)
        }
        object["$id"] = nil
        return (.object(object), base)
    }
}
