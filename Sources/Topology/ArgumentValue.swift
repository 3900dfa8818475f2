/// A value in a queue or exchange argument table, a policy definition or a runtime parameter.
///
/// The management API speaks JSON; this is the part of JSON those tables use, with integers kept
/// apart from floating-point numbers so that `delivery-limit: 5` compares equal to what the broker
/// returns.
public indirect enum ArgumentValue: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A string, e.g. `quorum`.
    case string(String)
    /// An integer, e.g. a TTL in milliseconds.
    case int(Int)
    /// A floating-point number.
    case double(Double)
    /// A boolean.
    case bool(Bool)
    /// An array (rare: federation upstream sets, legacy HA parameters).
    case array([ArgumentValue])
    /// An object.
    case object([String: ArgumentValue])
    case null

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([ArgumentValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: ArgumentValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        case .null: try container.encodeNil()
        }
    }

    /// The value as people read it in a plan: `quorum`, `5`, `true`.
    public var description: String {
        switch self {
        case .string(let value): return value
        case .int(let value): return String(value)
        case .double(let value): return String(value)
        case .bool(let value): return String(value)
        case .array(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
                + "}"
        case .null: return "null"
        }
    }
}

extension ArgumentValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// An argument table or policy definition.
public typealias ArgumentTable = [String: ArgumentValue]

extension Dictionary where Key == String, Value == ArgumentValue {
    /// `key: value, …` sorted by key, for plans and tables.
    var summary: String {
        self.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
