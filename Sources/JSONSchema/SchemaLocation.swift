/// A place in one of the schema documents known to a compilation.
struct SchemaLocation: Hashable {
    /// The index of the document in ``SchemaCompiler``'s document list.
    var document: Int
    /// The JSON pointer inside that document.
    var pointer: JSONPointer

    func appending(_ tokens: String...) -> SchemaLocation {
        self.appending(tokens)
    }

    func appending(_ tokens: [String]) -> SchemaLocation {
        SchemaLocation(document: self.document, pointer: self.pointer.appending(tokens))
    }
}

/// The keywords whose values are subschemas, by shape; used for scanning and compiling.
enum SubschemaKeywords {
    /// Keywords holding one subschema.
    static let single: [String] = [
        "items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties", "contains",
        "propertyNames", "not", "if", "then", "else",
    ]
    /// Keywords holding an object of subschemas.
    static let map: [String] = ["$defs", "definitions", "properties", "patternProperties", "dependentSchemas"]
    /// Keywords holding an array of subschemas.
    static let list: [String] = ["prefixItems", "allOf", "anyOf", "oneOf"]
}
