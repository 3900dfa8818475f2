import Foundation
import Testing

@testable import Storage

@Suite struct PostgresQueryTests {
    @Test func interpolatedValuesBecomeNumberedBindParameters() {
        let name = "Robert'); DROP TABLE students;--"
        let query: PostgresQuery =
            "SELECT * FROM users WHERE name = \(name) AND age > \(42) AND note = \(Optional<String>.none)"
        #expect(query.sql == "SELECT * FROM users WHERE name = $1 AND age > $2 AND note = $3")
        #expect(query.binds.count == 3)
        #expect(query.binds.types == [.text, .int8, .text])
        #expect(query.binds.values[0] == Array(name.utf8))
        #expect(query.binds.values[1] == Array("42".utf8))
        #expect(query.binds.values[2] == nil)
    }

    @Test func descriptionShowsTheSQLButNeverTheValues() {
        let query: PostgresQuery = "UPDATE accounts SET secret = \("hunter2") WHERE id = \(7)"
        #expect(query.description == "UPDATE accounts SET secret = $1 WHERE id = $2 [2 bindings]")
        #expect(!query.description.contains("hunter2"))
        #expect(PostgresQuery("SELECT 1").description == "SELECT 1")
    }

    @Test func unescapedAndIdentifierInterpolationsSpliceText() throws {
        let schema = try PostgresIdentifier.serviceName("procurement")
        let odd = try PostgresIdentifier("we\"ird Name")
        let query: PostgresQuery = "SELECT * FROM \(identifier: schema).\(identifier: odd) LIMIT \(unescaped: "10")"
        #expect(query.sql == #"SELECT * FROM "procurement"."we""ird Name" LIMIT 10"#)
        #expect(query.binds.count == 0)
    }

    @Test func nulCharacterInABoundStringIsRefusedBeforeSending() {
        let query: PostgresQuery = "SELECT \("a\u{0}b")"
        #expect(query.binds.encodingError?.code == .invalidBind)
        #expect(query.binds.encodingError?.description.contains("a\u{0}b") == false)
    }

    @Test func identifierRulesAreEnforced() throws {
        #expect(throws: PostgresError.self) { try PostgresIdentifier("") }
        #expect(throws: PostgresError.self) { try PostgresIdentifier(String(repeating: "é", count: 32)) }
        #expect(try PostgresIdentifier(String(repeating: "a", count: 63)).name.count == 63)
        for bad in ["Procurement", "1abc", "with-dash", "with space", "", "_lead", String(repeating: "a", count: 64)] {
            #expect(throws: PostgresError.self, "\(bad)") { try PostgresIdentifier.serviceName(bad) }
        }
        #expect(try PostgresIdentifier.serviceName("svc_a_2").quoted == "\"svc_a_2\"")
        #expect(PostgresIdentifier.quoteLiteral("it's") == "'it''s'")
    }

    @Test func bindingsAssembledByHandMatchInterpolation() {
        var binds = PostgresBindings()
        binds.append(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!)
        binds.appendNull()
        let query = PostgresQuery(unsafeSQL: "SELECT $1, $2", binds: binds)
        #expect(query.binds.types == [.uuid, .unspecified])
        #expect(query.binds.values[0] == Array("e621e1f8-c36c-495a-93fc-0c247a3e6e5f".utf8))
    }
}
