/// Keywords that apply to any instance type.
enum GeneralKeyword: Sendable {
    case type(JSONTypeSet)
    case constant(JSONValue)
    case enumeration([JSONValue])
}

/// Keywords that apply to numbers.
enum NumberKeyword: Sendable {
    case minimum(JSONNumber)
    case maximum(JSONNumber)
    case exclusiveMinimum(JSONNumber)
    case exclusiveMaximum(JSONNumber)
    case multipleOf(JSONNumber.Divisor)
}

/// Keywords that apply to strings.
enum StringKeyword: Sendable {
    case minLength(Int)
    case maxLength(Int)
    case pattern(PatternMatcher)
    case format(FormatKeyword)
}

/// `format`, when the format is asserted.
final class FormatKeyword: Sendable {
    let name: String
    let check: SchemaOptions.FormatCheck

    init(name: String, check: @escaping SchemaOptions.FormatCheck) {
        self.name = name
        self.check = check
    }
}

/// Keywords that apply to arrays.
enum ArrayKeyword: Sendable {
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case prefixItems([SchemaNode])
    /// `items`, applied from `start` (the length of `prefixItems`).
    case items(SchemaNode, start: Int)
    case contains(SchemaNode, minimum: Int, maximum: Int?)
}

/// Keywords that apply to objects.
enum ObjectKeyword: Sendable {
    case members(MembersKeyword)
    case required([String])
    case minProperties(Int)
    case maxProperties(Int)
    case dependentRequired([(property: String, required: [String])])
    case dependentSchemas([(property: String, schema: SchemaNode)])
    case propertyNames(SchemaNode)
}

/// In-place applicators: they validate the same instance against other schemas.
enum ApplicatorKeyword: Sendable {
    case allOf([SchemaNode])
    case anyOf([SchemaNode])
    case oneOf([SchemaNode])
    case not(SchemaNode)
    case conditional(if: SchemaNode, then: SchemaNode?, else: SchemaNode?)
    /// `$ref`, by index into the program's table.
    case reference(Int)
    /// `$dynamicRef` whose initial target carries `$dynamicAnchor: name`; `initial` is that target.
    case dynamicReference(name: String, initial: Int)
}
