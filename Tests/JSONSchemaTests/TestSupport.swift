import JSONSchema

/// Parses JSON text written in a test; the texts are constants, so a failure is a test bug.
func json(_ text: String) -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        fatalError("bad JSON in test: \(error)")
    }
}

/// Compiles a schema written as JSON text.
func schema(
    _ text: String,
    registry: SchemaRegistry = SchemaRegistry(),
    options: SchemaOptions = .default
) throws -> CompiledSchema {
    try JSONSchema.compile(json(text), registry: registry, options: options)
}

/// Whether `instance` (JSON text) is valid against `schemaText` (JSON text); also checks that
/// the fast path and the error-collecting path agree.
func accepts(_ schemaText: String, _ instance: String, options: SchemaOptions = .default) throws -> Bool {
    let compiled = try schema(schemaText, options: options)
    let value = json(instance)
    let result = compiled.validate(value)
    precondition(result.isValid == compiled.isValid(value), "fast and collecting paths disagree")
    precondition(result.isValid == result.errors.isEmpty, "errors must be listed exactly when invalid")
    return result.isValid
}
