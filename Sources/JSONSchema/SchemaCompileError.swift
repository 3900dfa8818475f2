/// A schema that cannot be compiled: a keyword with a value of the wrong shape, a bad regular
/// expression, or a `$ref` that resolves to nothing.
public struct SchemaCompileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON pointer of the offending part of the schema, e.g. `/properties/siret/pattern`.
    public var schemaLocation: String
    /// The URI of the document holding it (the base URI for the compiled schema itself).
    public var documentURI: String
    /// What is wrong, e.g. `minLength must be a non-negative integer`.
    public var reason: String

    /// Creates a compile error.
    public init(schemaLocation: String, documentURI: String, reason: String) {
        self.schemaLocation = schemaLocation
        self.documentURI = documentURI
        self.reason = reason
    }

    /// `invalid schema at /pointer: reason`.
    public var description: String {
        "invalid schema at \(self.schemaLocation.isEmpty ? "(root)" : self.schemaLocation): \(self.reason)"
    }
}
