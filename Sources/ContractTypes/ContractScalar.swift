public import Foundation

/// A value the schema allows to be a string, a number or a boolean (`"type": ["string", "number",
/// "boolean"]`), such as a template variable.
public enum ContractScalar: Sendable, Hashable, Codable {
    case string(String)
    /// A whole number.
    case integer(Int)
    /// A number with a fractional part, kept exact.
    case number(Decimal)
    case bool(Bool)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a string, a number or a boolean")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .bool(let value): try container.encode(value)
        }
    }

    /// The value as text: what a template shows.
    public var text: String {
        switch self {
        case .string(let value): return value
        case .integer(let value): return String(value)
        case .number(let value): return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        }
    }
}
