import Foundation
import Storage
import Testing

@Suite(.enabled(if: TestDatabase.isConfigured), .temporarySchema)
struct CopyIntegrationTests {
    static let tricky = [
        "tab\there", "new\nline", "carriage\r\nreturn", "back\\slash", "\\N", "\\", "", " ", "NULL", "quote\"s'",
        "unicode é 👋 日本", "trailing tab\t", "\\t literal", "multi\n\n\nlines",
    ]

    @Test func tenThousandTrickyRowsReadBackIdentical() async throws {
        let scope = try TestDatabase.scope
        try await scope.client.execute("CREATE TABLE copied (id int PRIMARY KEY, label text, note text, amount int8)")
        let rows: [(Int32, String, String?, Int64?)] = (0..<10_000).map { index in
            let label = Self.tricky[index % Self.tricky.count] + " #\(index)"
            let note = index % 7 == 0 ? nil : Self.tricky[(index * 3) % Self.tricky.count]
            let amount: Int64? = index % 5 == 0 ? nil : Int64(index) * 1_000_003 - 5_000_000
            return (Int32(index), label, note, amount)
        }
        let inserted = try await scope.client.copyIn(
            schema: scope.schema, table: "copied", columns: ["id", "label", "note", "amount"],
            rows: rows.lazy.map { [$0.0, $0.1, $0.2, $0.3] })
        #expect(inserted == 10_000)
        let back = try await scope.client.query("SELECT id, label, note, amount FROM copied ORDER BY id")
            .decode((Int32, String, String?, Int64?).self)
        #expect(back.count == rows.count)
        #expect(zip(back, rows).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 && $0.3 == $1.3 })
    }

    @Test func badRowAbortsTheWholeCopy() async throws {
        let client = try TestDatabase.scope.client
        try await client.execute("CREATE TABLE copied (id int PRIMARY KEY, label text)")
        let error = await #expect(throws: PostgresError.self) {
            try await client.copyIn(table: "copied", columns: ["id", "label"], rows: [[1, "one"], [2]])
        }
        #expect(error?.code == .invalidBind)
        let duplicate = await #expect(throws: PostgresError.self) {
            try await client.copyIn(table: "copied", columns: ["id", "label"], rows: [[1, "one"], [1, "again"]])
        }
        #expect(duplicate?.sqlState == .uniqueViolation)
        #expect(try await client.query("SELECT count(*) FROM copied")[0].decode(Int.self, at: 0) == 0)
        #expect(try await client.copyIn(table: "copied", columns: ["id", "label"], rows: [[3, nil]]) == 1)
    }
}
