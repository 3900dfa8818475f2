import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct TypeRoundTripTests {
    struct Payload: Codable, Equatable, Sendable {
        var name: String
        var count: Int
        var tags: [String]
    }

    static let createTable: PostgresQuery = """
        CREATE TABLE samples (
            id int PRIMARY KEY, b bool, i2 int2, i4 int4, i8 int8, f4 float4, f8 float8, n numeric, s text,
            v varchar(80), u uuid, d date, ts timestamptz, j jsonb, raw bytea, texts text[], ints int8[]
        )
        """

    @Test func everySupportedTypeRoundTripsWithEdgeValues() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute(Self.createTable)
        let bytes = (0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let numeric = try #require(
            Decimal(string: "-123456789012345678.9012345", locale: Locale(identifier: "en_US_POSIX")))
        let instant = Date(timeIntervalSinceReferenceDate: 736_000_000.123456)
        let uuid = UUID()
        let payload = Payload(name: "Grüße 👋", count: 3, tags: ["a", "b"])
        let texts = [
            "plain", "comma,separated", "quote\"d", "back\\slash", "", "NULL", " spaced ", "{braces}", "日本語",
        ]
        let text = "Grüße 👋 — 日本語\ttab\nnewline"
        try await client.execute(
            """
            INSERT INTO samples VALUES (1, \(true), \(Int16.min), \(Int32.max), \(Int64.min), \(Float(1.5)),
                \(Double.pi), \(numeric), \(text), \("varchar ✓"), \(uuid),
                \(PostgresDate(year: 1900, month: 2, day: 28)),
                \(instant), \(PostgresJSON(payload)), \(bytes), \(texts), \([Int64.max, 0, Int64.min]))
            """)
        try await client.execute(
            "INSERT INTO samples (id, texts, ints, raw) VALUES (2, \([String]()), \([Int64]()), \([UInt8]()))")
        try await client.execute("INSERT INTO samples (id) VALUES (3)")

        let rows = try await client.query("SELECT * FROM samples ORDER BY id")
        #expect(rows.count == 3)
        let first = rows[0]
        #expect(try first.decode(Bool.self, column: "b") == true)
        #expect(try first.decode(Int16.self, column: "i2") == Int16.min)
        #expect(try first.decode(Int32.self, column: "i4") == Int32.max)
        #expect(try first.decode(Int64.self, column: "i8") == Int64.min)
        #expect(try first.decode(Int.self, column: "i8") == Int.min)
        #expect(try first.decode(Float.self, column: "f4") == 1.5)
        #expect(try first.decode(Double.self, column: "f8") == Double.pi)
        #expect(try first.decode(Decimal.self, column: "n") == numeric)
        #expect(try first.decode(String.self, column: "s") == text)
        #expect(try first.decode(String.self, column: "v") == "varchar ✓")
        #expect(try first.decode(UUID.self, column: "u") == uuid)
        #expect(try first.decode(PostgresDate.self, column: "d") == PostgresDate(year: 1900, month: 2, day: 28))
        #expect(try first.decode(Date.self, column: "ts") == instant)
        #expect(try first.decode(PostgresJSON<Payload>.self, column: "j").value == payload)
        let json = try first.decode(Data.self, column: "j")
        #expect(try JSONDecoder().decode(Payload.self, from: json) == payload)
        #expect(try first.decode([UInt8].self, column: "raw") == bytes)
        #expect(try first.decode(Data.self, column: "raw") == Data(bytes))
        #expect(try first.decode([String].self, column: "texts") == texts)
        #expect(try first.decode([Int64].self, column: "ints") == [Int64.max, 0, Int64.min])

        let second = rows[1]
        #expect(try second.decode([String].self, column: "texts") == [])
        #expect(try second.decode([Int64].self, column: "ints") == [])
        #expect(try second.decode([UInt8].self, column: "raw") == [])

        let third = rows[2]
        let (id, b, i2, i4, i8, f4, f8, n, s) = try third.decode(
            (Int32, Bool?, Int16?, Int32?, Int64?, Float?, Double?, Decimal?, String?).self)
        #expect(id == 3)
        #expect(b == nil && i2 == nil && i4 == nil && i8 == nil && f4 == nil && f8 == nil && n == nil && s == nil)
        #expect(try third.decode(UUID?.self, column: "u") == nil)
        #expect(try third.decode(PostgresDate?.self, column: "d") == nil)
        #expect(try third.decode(Date?.self, column: "ts") == nil)
        #expect(try third.decode(PostgresJSON<Payload>?.self, column: "j") == nil)
        #expect(try third.decode([UInt8]?.self, column: "raw") == nil)
        #expect(try third.decode([String]?.self, column: "texts") == nil)
        #expect(try third.decode([Int64]?.self, column: "ints") == nil)
    }

    @Test func boundValuesComeBackWithTheirTypes() async throws {
        let client = try TestDatabase.scope.client
        let micros = Date(timeIntervalSince1970: 1_714_564_800.123456)
        let big = try #require(Decimal(string: "1234567890123456789012345"))
        let row = try #require(
            try await client.query(
                """
                SELECT \(Int64.max), \(Int64.min), \(micros), \(big), \(Double.infinity), \(-0.0),
                       \(Optional<Int>.none), \(PostgresDate(year: 2024, month: 2, day: 29)),
                       \(PostgresDate(year: -43, month: 3, day: 15))
                """
            ).first)
        #expect(try row.decode(Int64.self, at: 0) == .max)
        #expect(try row.decode(Int64.self, at: 1) == .min)
        #expect(try row.decode(Date.self, at: 2) == micros)
        #expect(try row.decode(Decimal.self, at: 3) == big)
        #expect(try row.decode(Double.self, at: 4) == .infinity)
        #expect(try row.decode(Double.self, at: 5).sign == .minus)
        #expect(try row.decode(Int?.self, at: 6) == nil)
        #expect(try row.decode(PostgresDate.self, at: 7) == PostgresDate(year: 2024, month: 2, day: 29))
        #expect(try row.decode(PostgresDate.self, at: 8) == PostgresDate(year: -43, month: 3, day: 15))
    }

    @Test func numericEdgeValuesDecodeExactly() async throws {
        let client = try TestDatabase.scope.client
        let texts = [
            "0", "1", "-1", "10000", "0.0001", "-0.00000000000000000001", "12345678901234567890.12345",
            "99999999999999999999999999999999999999", "1.10", "100000000.000000001",
        ]
        for text in texts {
            let row = try #require(try await client.query("SELECT \(text)::numeric").first)
            let value = try row.decode(Decimal.self, at: 0)
            #expect(value == Decimal(string: text), "numeric \(text)")
        }
    }
}
