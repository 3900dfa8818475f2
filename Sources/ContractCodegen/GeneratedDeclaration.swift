/// A Swift declaration the generator writes, before it is rendered as text.
indirect enum GeneratedDeclaration: Sendable, Hashable {
    case structure(GeneratedStruct)
    case enumeration(GeneratedEnum)
    case union(GeneratedUnion)

    var name: String {
        switch self {
        case .structure(let value): return value.name
        case .enumeration(let value): return value.name
        case .union(let value): return value.name
        }
    }
}

/// A property type as written where it is used.
indirect enum GeneratedType: Sendable, Hashable {
    /// A type name, qualified by its module when it is shared (`CommonContracts.FileReference`).
    case named(String)
    case array(GeneratedType)
    case dictionary(GeneratedType)

    var text: String {
        switch self {
        case .named(let name): return name
        case .array(let element): return "[\(element.text)]"
        case .dictionary(let value): return "[String: \(value.text)]"
        }
    }
}

/// One stored property of a struct.
struct GeneratedProperty: Sendable, Hashable {
    /// The JSON member name.
    var key: String
    /// The Swift name (not escaped).
    var name: String
    var type: GeneratedType
    /// Whether the schema lists it in `required`; an optional one is `T?` and defaults to `nil`.
    var isRequired: Bool
    var documentation: String?
    /// A Swift literal for a `const`: the initialiser's default.
    var constant: String?
}

struct GeneratedStruct: Sendable, Hashable {
    var name: String
    var documentation: [String]
    /// The message type when the struct is a message (`ContractMessage`).
    var messageType: String?
    var messageVersion: Int?
    var properties: [GeneratedProperty]
    var nested: [GeneratedDeclaration]
}

/// A raw-value enum for a schema `enum`.
struct GeneratedEnum: Sendable, Hashable {
    struct Case: Sendable, Hashable {
        var name: String
        /// The raw value as a Swift literal.
        var literal: String
    }

    var name: String
    var documentation: [String]
    /// `String` or `Int`.
    var rawType: String
    var cases: [Case]
}

/// A `oneOf` of objects: one case per alternative, chosen by a discriminator member when the
/// alternatives have one (a member every alternative requires, with distinct `const` or `enum` values),
/// otherwise by trying each alternative in order.
struct GeneratedUnion: Sendable, Hashable {
    struct Alternative: Sendable, Hashable {
        var caseName: String
        var type: GeneratedType
        var documentation: String?
        /// The discriminator values that select it, as Swift string literals.
        var values: [String]
    }

    var name: String
    var documentation: [String]
    /// The JSON member that tells the alternatives apart.
    var discriminator: String?
    var alternatives: [Alternative]
    var nested: [GeneratedDeclaration]
}
