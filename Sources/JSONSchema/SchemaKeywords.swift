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

/// `properties`, `patternProperties`, `additionalProperties` and `required` of one schema,
/// applied in a single pass over the instance's members.
///
/// `required` names that are also in `properties` are checked with a bit mask filled during the
/// pass, so a valid object costs one table lookup per member and no lookup per required name.
final class MembersKeyword: Sendable {
    /// `properties` names, in schema order.
    let names: [String]
    /// `properties` schemas, parallel to ``names``.
    let schemas: [SchemaNode]
    /// Lookup of ``names``.
    let table: KeyTable
    /// `patternProperties`.
    let patterns: [(matcher: PatternMatcher, schema: SchemaNode)]
    /// `additionalProperties`.
    let additional: SchemaNode?
    /// `required`, in schema order, with the index in ``names`` when the name has a schema.
    let required: [(name: String, index: Int?)]
    /// The bit mask of the required names that are in ``names`` (at most 64 properties).
    let requiredMask: UInt64

    /// The largest `properties` this keyword takes; a larger schema checks `required` apart.
    static let maximumProperties = 64

    init(
        properties: [(name: String, schema: SchemaNode)],
        patterns: [(matcher: PatternMatcher, schema: SchemaNode)],
        additional: SchemaNode?,
        required: [String]
    ) {
        let names = properties.map(\.name)
        self.names = names
        self.schemas = properties.map(\.schema)
        var table = KeyTable(capacityFor: properties.count)
        for (index, name) in names.enumerated() { table.insert(hash: KeyTable.hash(name), position: index) }
        self.table = table
        self.patterns = patterns
        self.additional = additional
        var mask: UInt64 = 0
        var list: [(name: String, index: Int?)] = []
        for name in required {
            let index = table.find(name) { names[$0] }
            if let index { mask |= 1 << UInt64(index) }
            list.append((name, index))
        }
        self.required = list
        self.requiredMask = mask
    }

    /// The index of `name` in ``names``.
    @inline(__always)
    func index(of member: JSONObject.Member) -> Int? {
        self.names.withUnsafeBufferPointer { names in self.table.find(member.key, hash: member.keyHash) { names[$0] } }
    }
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

/// A set of JSON Schema type names, as a bit mask.
struct JSONTypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    /// The type names in schema order, for messages.
    static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number),
        ("string", .string), ("array", .array), ("object", .object),
    ]

    /// Whether `value` has one of the types in the set (`integer` accepts `1.0`).
    @inline(__always)
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return self.contains(.null)
        case .bool: return self.contains(.boolean)
        case .string: return self.contains(.string)
        case .array: return self.contains(.array)
        case .object: return self.contains(.object)
        case .number(let number):
            if self.contains(.number) { return true }
            return self.contains(.integer) && number.isWholeNumber
        }
    }

    /// `string`, `string or null`, `integer, string or null`.
    var listDescription: String {
        let names = JSONTypeSet.names.filter { self.contains($0.1) }.map(\.0)
        guard names.count > 1 else { return names.first ?? "nothing" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
