/// An AMQP 0-9-1 field table: ordered key/value pairs, as carried by message headers and by the
/// arguments of declares, bindings and consumes.
///
/// Keys are short strings (at most 128 bytes on the wire). Setting a key that is present replaces its
/// value in place; order is otherwise kept as inserted.
public struct AMQPTable: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// One key/value pair of a table.
    public struct Entry: Sendable, Hashable {
        /// The key.
        public var key: String
        /// The value.
        public var value: AMQPFieldValue

        /// Creates an entry.
        ///
        /// - Parameters:
        ///   - key: The key.
        ///   - value: The value.
        public init(key: String, value: AMQPFieldValue) {
            self.key = key
            self.value = value
        }
    }

    /// The entries, in order.
    public private(set) var entries: [Entry]

    /// Creates a table from entries. A repeated key keeps its last value.
    ///
    /// - Parameter entries: The entries.
    public init(_ entries: [Entry] = []) {
        self.entries = []
        for entry in entries {
            self[entry.key] = entry.value
        }
    }

    /// Creates a table from a dictionary literal.
    ///
    /// - Parameter elements: The key/value pairs.
    public init(dictionaryLiteral elements: (String, AMQPFieldValue)...) {
        self.init(elements.map { Entry(key: $0.0, value: $0.1) })
    }

    /// The value for a key; setting `nil` removes the key.
    public subscript(key: String) -> AMQPFieldValue? {
        get { self.entries.first { $0.key == key }?.value }
        set {
            if let index = self.entries.firstIndex(where: { $0.key == key }) {
                if let newValue {
                    self.entries[index].value = newValue
                } else {
                    self.entries.remove(at: index)
                }
            } else if let newValue {
                self.entries.append(Entry(key: key, value: newValue))
            }
        }
    }

    /// The number of entries.
    public var count: Int { self.entries.count }

    /// Whether the table has no entries.
    public var isEmpty: Bool { self.entries.isEmpty }

    /// The keys, in order.
    public var keys: [String] { self.entries.map(\.key) }

    /// The deepest nesting of tables and arrays below this table; 0 when every value is a scalar.
    public var nestingDepth: Int {
        self.entries.map(\.value.nestingDepth).max() ?? 0
    }

    /// Iterates over the entries in order.
    ///
    /// - Returns: An iterator over the entries.
    public func makeIterator() -> IndexingIterator<[Entry]> {
        self.entries.makeIterator()
    }
}
