import Testing

@testable import Storage

@Suite struct PreparedStatementCacheTests {
    typealias Key = PreparedStatementCache.Key

    @Test func aStatementIsPreparedOnItsSecondSightingAndThenRunByName() {
        var cache = PreparedStatementCache(capacity: 4)
        let key = Key(sql: "SELECT $1::int", types: [23])
        #expect(cache.plan(for: key) == .unnamed)
        guard case .prepare(let name) = cache.plan(for: key) else {
            Issue.record("the second sighting should prepare")
            return
        }
        #expect(cache.prepared(key, name: name) == nil)
        #expect(cache.plan(for: key) == .execute(name: name))
        #expect(cache.count == 1)
    }

    @Test func parameterTypesArePartOfTheIdentity() {
        var cache = PreparedStatementCache(capacity: 4)
        let text = Key(sql: "SELECT $1", types: [25])
        let integer = Key(sql: "SELECT $1", types: [23])
        _ = cache.plan(for: text)
        #expect(cache.plan(for: integer) == .unnamed)
    }

    @Test func transactionControlAndDDLAreNeverPrepared() {
        var cache = PreparedStatementCache(capacity: 4)
        for sql in ["BEGIN", "COMMIT", "CREATE TABLE t (id int)", "SET LOCAL x = 1", "  DEALLOCATE ALL", "LISTEN x"] {
            let key = Key(sql: sql, types: [])
            #expect(cache.plan(for: key) == .unnamed)
            #expect(cache.plan(for: key) == .unnamed, "\(sql)")
        }
        for sql in ["select 1", "\n  WITH x AS (SELECT 1) SELECT * FROM x", "insert into t values (1)", "UPDATE t SET id = 2", "DELETE FROM t", "VALUES (1)"] {
            #expect(PreparedStatementCache.isPreparable(sql), "\(sql)")
        }
    }

    @Test func theLeastRecentlyUsedStatementIsEvictedWhenFull() {
        var cache = PreparedStatementCache(capacity: 2)
        var names: [String] = []
        for index in 0..<2 {
            let key = Key(sql: "SELECT \(index)", types: [])
            _ = cache.plan(for: key)
            guard case .prepare(let name) = cache.plan(for: key) else { return }
            #expect(cache.prepared(key, name: name) == nil)
            names.append(name)
        }
        // Statement 0 is used again, so 1 is the oldest.
        #expect(cache.plan(for: Key(sql: "SELECT 0", types: [])) == .execute(name: names[0]))
        let third = Key(sql: "SELECT 2", types: [])
        _ = cache.plan(for: third)
        guard case .prepare(let name) = cache.plan(for: third) else { return }
        #expect(cache.prepared(third, name: name) == names[1])
        #expect(!names.contains(name), "names are never reused")
        #expect(cache.count == 2)
    }

    @Test func aForgottenStatementIsPreparedAgainUnderANewName() {
        var cache = PreparedStatementCache(capacity: 2)
        let key = Key(sql: "SELECT 1", types: [])
        _ = cache.plan(for: key)
        guard case .prepare(let first) = cache.plan(for: key) else { return }
        _ = cache.prepared(key, name: first)
        cache.forget(key)
        #expect(cache.count == 0)
        _ = cache.plan(for: key)
        guard case .prepare(let second) = cache.plan(for: key) else {
            Issue.record("a forgotten statement should be prepared again on its next sightings")
            return
        }
        #expect(second != first)
    }
}
