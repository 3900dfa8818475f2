/// A JSON number that keeps integers exact.
///
/// Integers that fit in `Int64` are stored as ``integer(_:)``; every other number (fractions,
/// exponents, integers beyond the `Int64` range) is stored as ``double(_:)``. Comparison and
/// equality are mathematical, as JSON Schema requires: `1` equals `1.0`, and `9007199254740993`
/// is greater than `9007199254740992.0`.
public enum JSONNumber: Sendable {
    /// An integer in the `Int64` range.
    case integer(Int64)
    /// Any other number; never NaN or infinite when produced by the parser.
    case double(Double)

    /// The value as a `Double`, rounding large integers.
    public var doubleValue: Double {
        switch self {
        case .integer(let value): return Double(value)
        case .double(let value): return value
        }
    }

    /// The value as an `Int64` when it is a whole number in range, otherwise `nil`.
    public var int64Value: Int64? {
        switch self {
        case .integer(let value):
            return value
        case .double(let value):
            return JSONNumber.exactInt64(value)
        }
    }

    /// Whether the number has no fractional part (JSON Schema's `integer` type).
    public var isWholeNumber: Bool {
        switch self {
        case .integer: return true
        case .double(let value): return value.isFinite && value.rounded(.towardZero) == value
        }
    }

    /// The exact `Int64` of a whole `Double`, or `nil` if it has a fraction or is out of range.
    static func exactInt64(_ value: Double) -> Int64? {
        // 2^63 is exactly representable; every double below it and at or above -2^63 fits.
        guard value.isFinite, value.rounded(.towardZero) == value,
            value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0
        else { return nil }
        return Int64(value)
    }

    /// Compares two numbers mathematically; returns `nil` only when a NaN is involved.
    public static func compare(_ lhs: JSONNumber, _ rhs: JSONNumber) -> Int? {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)):
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.double(let a), .double(let b)):
            if a.isNaN || b.isNaN { return nil }
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .double(let b)):
            guard let result = JSONNumber.compare(double: b, integer: a) else { return nil }
            return -result
        case (.double(let a), .integer(let b)):
            return JSONNumber.compare(double: a, integer: b)
        }
    }

    /// Compares a double with an integer without losing precision.
    private static func compare(double: Double, integer: Int64) -> Int? {
        if double.isNaN { return nil }
        if double >= 9_223_372_036_854_775_808.0 { return 1 }
        if double < -9_223_372_036_854_775_808.0 { return -1 }
        // Now the truncated double fits in Int64.
        let whole = Int64(double.rounded(.towardZero))
        if whole != integer { return whole < integer ? -1 : 1 }
        let fraction = double - double.rounded(.towardZero)
        return fraction == 0 ? 0 : (fraction < 0 ? -1 : 1)
    }
}

extension JSONNumber: Hashable {
    /// Mathematical equality: `.integer(1) == .double(1.0)`.
    public static func == (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        JSONNumber.compare(lhs, rhs) == 0
    }

    /// Hashes whole numbers in the `Int64` range as integers so equal numbers hash alike.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .integer(let value):
            hasher.combine(value)
        case .double(let value):
            if let exact = JSONNumber.exactInt64(value) {
                hasher.combine(exact)
            } else {
                hasher.combine(value)
            }
        }
    }
}

extension JSONNumber: CustomStringConvertible {
    /// The number as JSON text (`12`, `0.5`, `1e+300`).
    public var description: String {
        switch self {
        case .integer(let value):
            return String(value)
        case .double(let value):
            if let exact = JSONNumber.exactInt64(value), abs(value) < 1e15 {
                return String(exact) + ".0"
            }
            return String(value)
        }
    }
}
