public import Foundation

extension PostgresDate: PostgresCodable {
    /// Bound as `date`.
    public static var psqlType: PostgresDataType { .date }

    /// Appends `YYYY-MM-DD` (with ` BC` before year 1).
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        buffer.appendUTF8(self.description)
    }

    /// Decodes a `date` column. `infinity` and `-infinity` are refused.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .date else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        let days = try reader.readInteger(Int32.self)
        try reader.finish()
        guard days != .max, days != .min else {
            throw .malformed(type, Self.self, "infinite date")
        }
        self.init(daysSince1970: Int(days) + PostgresCalendar.postgresEpochDays)
    }
}

extension Date: PostgresCodable {
    /// Bound as `timestamptz`.
    public static var psqlType: PostgresDataType { .timestamptz }

    /// Appends the instant in UTC with microseconds, for example `2024-05-01 12:00:00.000001+00`.
    ///
    /// PostgreSQL keeps microseconds, so the instant is rounded to the nearest microsecond.
    ///
    /// - Parameter buffer: The bytes to append to.
    public func encode(into buffer: inout [UInt8]) {
        let micros = PostgresTimestamp.microseconds(from: self)
        let perDay: Int64 = 86_400_000_000
        let days = micros >= 0 ? micros / perDay : (micros - perDay + 1) / perDay
        let rest = micros - days * perDay
        let date = PostgresDate(daysSince1970: Int(days) + PostgresCalendar.postgresEpochDays)
        let seconds = rest / 1_000_000
        let time = [seconds / 3600, seconds / 60 % 60, seconds % 60].map { PostgresDate.pad(Int($0), 2) }
        let fraction = PostgresDate.pad(Int(rest % 1_000_000), 6)
        var day = date
        let era = day.year > 0 ? "" : " BC"
        day.year = day.year > 0 ? day.year : 1 - day.year
        let dayText =
            "\(PostgresDate.pad(day.year, 4))-\(PostgresDate.pad(day.month, 2))-\(PostgresDate.pad(day.day, 2))"
        buffer.appendUTF8("\(dayText) \(time.joined(separator: ":")).\(fraction)+00\(era)")
    }

    /// Decodes a `timestamptz` column, or a `timestamp` column read as UTC. Infinite values are refused.
    ///
    /// - Parameters:
    ///   - bytes: The column's bytes in binary format.
    ///   - type: The column's PostgreSQL type.
    /// - Throws: ``PostgresError/Code/typeMismatch`` for any other type.
    public init(postgresBytes bytes: ArraySlice<UInt8>, type: PostgresDataType) throws(PostgresError) {
        guard type == .timestamptz || type == .timestamp else {
            throw .typeMismatch(type, Self.self)
        }
        var reader = PostgresBinaryReader(bytes, type: type, decoding: Self.self)
        let micros = try reader.readInteger(Int64.self)
        try reader.finish()
        guard micros != .max, micros != .min else {
            throw .malformed(type, Self.self, "infinite timestamp")
        }
        self = PostgresTimestamp.date(fromMicroseconds: micros)
    }
}

/// Conversions between `Date` and PostgreSQL's microseconds since 2000-01-01 00:00 UTC.
enum PostgresTimestamp {
    /// Microseconds from 2000-01-01 (PostgreSQL's epoch) to 2001-01-01 (Foundation's reference date).
    static let referenceOffset: Int64 = 31_622_400_000_000

    static func microseconds(from date: Date) -> Int64 {
        Int64((date.timeIntervalSinceReferenceDate * 1_000_000).rounded()) + Self.referenceOffset
    }

    static func date(fromMicroseconds micros: Int64) -> Date {
        Date(timeIntervalSinceReferenceDate: Double(micros - Self.referenceOffset) / 1_000_000)
    }
}
