/// Which statements a connection runs often enough to prepare once (`PQprepare`) and then execute by name
/// (`PQexecPrepared`), so the server parses and analyses them once per connection instead of every time.
///
/// A statement is prepared on its second sighting: one-off SQL (a migration, an ad-hoc query) keeps the
/// unnamed statement and costs no extra round trip. Only plain data statements are prepared (`SELECT`,
/// `INSERT`, `UPDATE`, `DELETE`, `WITH`, `VALUES`); transaction control and DDL run unnamed. The key is the
/// SQL text with the parameter type OIDs, since a prepared statement fixes its parameter types. At most
/// `capacity` statements are kept; the least recently used one is closed to make room. Names are never
/// reused, so a statement the cache forgot (after an error) cannot be confused with a newer one.
///
/// Not thread-safe: it belongs to one connection, used on that connection's thread.
struct PreparedStatementCache {
    /// The identity of a statement: its text and its parameter types.
    struct Key: Hashable {
        var sql: String
        var types: [UInt32]
    }

    /// What to do with a statement about to run.
    enum Plan: Equatable {
        /// Run it unnamed (`PQexecParams`).
        case unnamed
        /// Prepare it under this name first, then execute it.
        case prepare(name: String)
        /// Execute the statement already prepared under this name.
        case execute(name: String)
    }

    private struct Entry {
        var name: String
        var lastUse: UInt64
    }

    /// The most statements kept prepared.
    let capacity: Int
    private var entries: [Key: Entry] = [:]
    /// Statements seen once and not prepared yet (cleared when it grows past a bound).
    private var sightings: Set<Key> = []
    private var clock: UInt64 = 0
    private var nextName = 0

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: The most statements kept prepared on the connection.
    init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The number of statements prepared on the connection.
    var count: Int { self.entries.count }

    /// Decides how to run `key`, and records the use.
    mutating func plan(for key: Key) -> Plan {
        self.clock &+= 1
        if var entry = self.entries[key] {
            entry.lastUse = self.clock
            self.entries[key] = entry
            return .execute(name: entry.name)
        }
        guard Self.isPreparable(key.sql) else { return .unnamed }
        guard self.sightings.contains(key) else {
            if self.sightings.count >= self.capacity * 16 {
                self.sightings.removeAll(keepingCapacity: true)
            }
            self.sightings.insert(key)
            return .unnamed
        }
        return .prepare(name: self.makeName())
    }

    /// Records that `key` was prepared as `name`.
    ///
    /// - Returns: The name of the least recently used statement to close, when the cache is full.
    mutating func prepared(_ key: Key, name: String) -> String? {
        self.sightings.remove(key)
        var evicted: String?
        if self.entries.count >= self.capacity,
            let oldest = self.entries.min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            self.entries.removeValue(forKey: oldest.key)
            evicted = oldest.value.name
        }
        self.entries[key] = Entry(name: name, lastUse: self.clock)
        return evicted
    }

    /// Forgets `key` (its prepared statement failed in a way that may repeat, or is gone from the server).
    mutating func forget(_ key: Key) {
        self.entries.removeValue(forKey: key)
    }

    private mutating func makeName() -> String {
        defer { self.nextName += 1 }
        return "passerelle_\(self.nextName)"
    }

    /// Whether `sql` is a plain data statement, judged by its first keyword.
    static func isPreparable(_ sql: String) -> Bool {
        var keyword = ""
        for character in sql.unicodeScalars {
            if character.properties.isWhitespace {
                if keyword.isEmpty { continue }
                break
            }
            guard character.properties.isAlphabetic else { break }
            keyword.unicodeScalars.append(character)
            if keyword.count > 6 { return false }
        }
        switch keyword.uppercased() {
        case "SELECT", "INSERT", "UPDATE", "DELETE", "WITH", "VALUES":
            return true
        default:
            return false
        }
    }
}
