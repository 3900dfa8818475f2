/// Entry point of the JSON Schema (draft 2020-12) validator.
///
/// ```swift
/// let schema = try JSONSchema.compile(try JSONValue(parsing: schemaData))
/// let result = schema.validate(try JSONValue(parsing: eventData))
/// for error in result.errors { print(error) }   // "/buyer/siren: must be a valid siren (at /properties/buyer/…)"
/// ```
///
/// Compile once and validate many times: a ``CompiledSchema`` is immutable and `Sendable`.
public enum JSONSchema {
    /// The base URI used when a schema has no `$id` and none is given.
    public static let defaultBaseURI = "urn:passerelle:schema"

    /// Compiles `schema`.
    ///
    /// - Parameters:
    ///   - schema: the schema document (an object or a boolean).
    ///   - baseURI: the URI the document was retrieved from; relative `$id` and `$ref` resolve
    ///     against it. A `$id` at the root takes precedence for references inside the document.
    ///   - registry: other documents that `$ref` may name.
    ///   - options: the asserted formats.
    /// - Throws: ``SchemaCompileError`` naming the JSON pointer of the first bad part.
    public static func compile(
        _ schema: JSONValue,
        baseURI: String = JSONSchema.defaultBaseURI,
        registry: SchemaRegistry = SchemaRegistry(),
        options: SchemaOptions = .default
    ) throws(SchemaCompileError) -> CompiledSchema {
        let compiler = SchemaCompiler(options: options, registry: registry)
        let program = try compiler.compile(schema, baseURI: baseURI)
        return CompiledSchema(program: program)
    }
}
