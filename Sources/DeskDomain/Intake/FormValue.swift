import Foundation

/// A value of a solicitation's free-form `formInfo`: JSON without floating point (numbers that are not integers
/// are kept as `Decimal`). Yes/no answers to the subject's questions are `.bool`.
public enum FormValue: Sendable, Hashable, Codable {
    case null
    case bool(Bool)
    case integer(Int64)
    case decimal(Decimal)
    case string(String)
    indirect case list([FormValue])
    indirect case object([String: FormValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Decimal.self) {
            self = .decimal(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([FormValue].self) {
            self = .list(value)
        } else {
            self = .object(try container.decode([String: FormValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .decimal(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .list(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }

    /// The boolean, when the value is one.
    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}
