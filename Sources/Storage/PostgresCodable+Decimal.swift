public import Foundation

extension Decimal: PostgresCodable {
    /// Bound as `numeric`.
    public static var psqlType: PostgresDataType { .numeric }

    /// Appends the plain decimal text (`NaN` for not-a-number); never scientific notation.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(self.isNaN ? "NaN" : self.description)
    }

    /// Decodes a `numeric` column exactly.
    ///
    /// `Decimal` holds 38 significant decimal digits; a value with more, or outside its exponent range, is
    /// refused rather than rounded. Infinite numerics are refused too.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type, ``PostgresError/Code/malformedValue``
    ///   when the value does not fit.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .numeric else {
            throw .typeMismatch(type, Self.self)
        }
        let text = try PostgresNumericText.decode(bytes, decoding: Self.self)
        if text == "NaN" {
            self = .nan
            return
        }
        let significant = text.filter(\.isNumber).drop { $0 == "0" }
        let trimmed = text.contains(".") ? significant.reversed().drop { $0 == "0" }.count : significant.count
        guard trimmed <= 38, let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else {
            throw .malformed(type, Self.self, "numeric does not fit in Decimal (38 significant digits)")
        }
        self = value
    }
}

/// Turns PostgreSQL's binary `numeric` (base-10 000 digits) into plain decimal text.
enum PostgresNumericText {
    static func decode(_ bytes: ArraySlice<UInt8>, decoding swiftType: Any.Type) throws(PostgresError) -> String {
        var reader = PostgresBinaryReader(bytes, type: .numeric, decoding: swiftType)
        let count = Int(try reader.readInteger(Int16.self))
        let weight = Int(try reader.readInteger(Int16.self))
        let sign = try reader.readInteger(UInt16.self)
        let scale = Int(try reader.readInteger(Int16.self))
        var groups: [Int] = []
        for _ in 0..<max(0, count) {
            let group = Int(try reader.readInteger(Int16.self))
            guard (0..<10_000).contains(group) else {
                throw .malformed(.numeric, swiftType, "numeric digit group \(group)")
            }
            groups.append(group)
        }
        try reader.finish()
        switch sign {
        case 0x0000, 0x4000: break
        case 0xC000: return "NaN"
        case 0xD000, 0xF000: throw .malformed(.numeric, swiftType, "infinite numeric")
        default: throw .malformed(.numeric, swiftType, "numeric sign \(sign)")
        }
        // Groups i = 0..<count stand for group * 10000^(weight - i).
        var integerPart = ""
        var fractionPart = ""
        for position in stride(from: max(weight, 0), through: 0, by: -1) {
            let index = weight - position
            let group = (0..<groups.count).contains(index) ? groups[index] : 0
            integerPart += integerPart.isEmpty ? String(group) : Self.padded(group)
        }
        var position = -1
        while fractionPart.count < scale {
            let index = weight - position
            let group = (0..<groups.count).contains(index) ? groups[index] : 0
            fractionPart += Self.padded(group)
            position -= 1
        }
        fractionPart = String(fractionPart.prefix(scale))
        let digits = fractionPart.isEmpty ? integerPart : "\(integerPart).\(fractionPart)"
        let isZero = !digits.contains { $0 != "0" && $0 != "." }
        return sign == 0x4000 && !isZero ? "-" + digits : digits
    }

    private static func padded(_ group: Int) -> String {
        let text = String(group)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
