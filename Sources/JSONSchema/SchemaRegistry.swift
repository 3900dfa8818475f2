/// Schema documents that `$ref` may point to, besides the schema being compiled.
///
/// Register documents under their URI (for example `https://passerelle.example/schemas/siret.json`),
/// and optionally provide a ``resolver`` for URIs that are not registered (for example to read
/// them from disk). The compiler never fetches anything from the network by itself.
public struct SchemaRegistry: Sendable {
    /// Loads the document for an absolute URI without fragment; returns `nil` if unknown.
    public typealias Resolver = @Sendable (String) throws -> JSONValue?

    /// The registered documents, by absolute URI without fragment.
    public private(set) var documents: [String: JSONValue]

    /// Called for URIs that are not registered; `nil` means "no other documents".
    public var resolver: Resolver?

    /// Creates a registry with `documents` (keyed by URI) and an optional `resolver`.
    public init(documents: [String: JSONValue] = [:], resolver: Resolver? = nil) {
        self.documents = [:]
        self.resolver = resolver
        for (uri, document) in documents { self.register(document, as: uri) }
    }

    /// Registers `document` under `uri` (any fragment is ignored). A `$id` inside the document
    /// is honoured as well when the document is loaded.
    public mutating func register(_ document: JSONValue, as uri: String) {
        let reference = URIReference(uri)
        self.documents[reference.resolved(against: reference).withoutFragment.description] = document
    }

    /// The document for `uri`, from the registered ones or else from the resolver.
    func document(for uri: String) throws -> JSONValue? {
        if let document = self.documents[uri] { return document }
        return try self.resolver?(uri)
    }
}
