import Foundation

/// One value in an AMQP 0-9-1 field table or field array.
///
/// The cases cover every field kind rabbitmq-c 0.11 can encode. Where the AMQP 0-9-1 specification and
/// RabbitMQ disagree on a type letter, the RabbitMQ/Qpid letter is used on the wire (`s` is a signed
/// 16-bit integer, `l` a signed 64-bit integer).
///
/// > Note: RabbitMQ itself does not keep every kind. It has no unsigned 16-, 32- or 64-bit kinds and
/// > rewrites some of them when it routes a message; see `docs/amqp.md` for what survives a round trip.
public enum AMQPFieldValue: Sendable, Hashable {
    /// `t`: a boolean.
    case boolean(Bool)
    /// `b`: a signed 8-bit integer.
    case int8(Int8)
    /// `B`: an unsigned 8-bit integer.
    case uint8(UInt8)
    /// `s`: a signed 16-bit integer.
    case int16(Int16)
    /// `u`: an unsigned 16-bit integer.
    case uint16(UInt16)
    /// `I`: a signed 32-bit integer.
    case int32(Int32)
    /// `i`: an unsigned 32-bit integer.
    case uint32(UInt32)
    /// `l`: a signed 64-bit integer.
    case int64(Int64)
    /// `L`: an unsigned 64-bit integer.
    case uint64(UInt64)
    /// `f`: a 32-bit IEEE 754 float.
    case float(Float)
    /// `d`: a 64-bit IEEE 754 float.
    case double(Double)
    /// `D`: a decimal, `value × 10^-scale`.
    case decimal(AMQPDecimal)
    /// `S`: a long string holding UTF-8 text.
    case string(String)
    /// `x`: a byte array. A long string (`S`) that is not valid UTF-8 is also decoded to this case.
    case bytes([UInt8])
    /// `T`: a timestamp, in whole seconds since the Unix epoch.
    case timestamp(UInt64)
    /// `A`: a nested array of values.
    case array([AMQPFieldValue])
    /// `F`: a nested table.
    case table(AMQPTable)
    /// `V`: no value.
    case void

    /// Creates a timestamp value from a date, dropping the fraction of a second.
    ///
    /// - Parameter date: The date to encode. Dates before 1970 are clamped to the epoch.
    /// - Returns: A `.timestamp` value.
    public static func timestamp(_ date: Date) -> AMQPFieldValue {
        .timestamp(UInt64(max(0, date.timeIntervalSince1970.rounded(.down))))
    }

    /// The text of a `.string` value, or of a `.bytes` value holding valid UTF-8; `nil` otherwise.
    public var stringValue: String? {
        switch self {
        case .string(let text):
            return text
        case .bytes(let bytes):
            return String(validating: bytes, as: UTF8.self)
        default:
            return nil
        }
    }

    /// The value of any integer kind that fits in an `Int64`; `nil` for other kinds.
    public var integerValue: Int64? {
        switch self {
        case .int8(let v): return Int64(v)
        case .uint8(let v): return Int64(v)
        case .int16(let v): return Int64(v)
        case .uint16(let v): return Int64(v)
        case .int32(let v): return Int64(v)
        case .uint32(let v): return Int64(v)
        case .int64(let v): return v
        case .uint64(let v): return Int64(exactly: v)
        default: return nil
        }
    }

    /// The nested table of a `.table` value; `nil` otherwise.
    public var tableValue: AMQPTable? {
        if case .table(let table) = self { return table }
        return nil
    }

    /// The elements of an `.array` value; `nil` otherwise.
    public var arrayValue: [AMQPFieldValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The deepest nesting of tables and arrays inside this value; 0 for a scalar.
    public var nestingDepth: Int {
        switch self {
        case .array(let values):
            return 1 + (values.map(\.nestingDepth).max() ?? 0)
        case .table(let table):
            return 1 + table.nestingDepth
        default:
            return 0
        }
    }
}

/// An AMQP decimal: an unsigned 32-bit `value` scaled down by `scale` decimal places.
public struct AMQPDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The number of decimal places.
    public var scale: UInt8
    /// The unscaled value.
    public var value: UInt32

    /// Creates a decimal.
    ///
    /// - Parameters:
    ///   - scale: The number of decimal places.
    ///   - value: The unscaled value.
    public init(scale: UInt8, value: UInt32) {
        self.scale = scale
        self.value = value
    }

    /// The value as `Decimal`.
    public var decimalValue: Decimal {
        Decimal(sign: .plus, exponent: -Int(self.scale), significand: Decimal(self.value))
    }

    /// The value written in base 10, e.g. `12.50` for scale 2, value 1250.
    public var description: String { "\(self.decimalValue)" }
}

extension AMQPFieldValue: ExpressibleByStringLiteral {
    /// Creates a `.string` value.
    ///
    /// - Parameter value: The text.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension AMQPFieldValue: ExpressibleByIntegerLiteral {
    /// Creates an `.int64` value (RabbitMQ's `l`), the widest signed kind.
    ///
    /// - Parameter value: The integer.
    public init(integerLiteral value: Int64) { self = .int64(value) }
}

extension AMQPFieldValue: ExpressibleByBooleanLiteral {
    /// Creates a `.boolean` value.
    ///
    /// - Parameter value: The boolean.
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
}

extension AMQPFieldValue: ExpressibleByFloatLiteral {
    /// Creates a `.double` value.
    ///
    /// - Parameter value: The number.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension AMQPFieldValue: ExpressibleByArrayLiteral {
    /// Creates an `.array` value.
    ///
    /// - Parameter elements: The elements.
    public init(arrayLiteral elements: AMQPFieldValue...) { self = .array(elements) }
}
