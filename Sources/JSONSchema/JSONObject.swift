/// A JSON object: members in insertion order with fast lookup by name.
///
/// Small objects are searched linearly, which beats hashing for a handful of short keys; objects
/// with more than ``indexThreshold`` members also keep a hash index. A repeated key replaces the
/// earlier value and keeps the earlier position. Names compare with Swift's `String` equality.
public struct JSONObject: Sendable {
    /// One name/value pair.
    public struct Member: Sendable, Hashable {
        /// The member name.
        public let key: String
        /// The member value.
        public var value: JSONValue
        /// The ``KeyTable`` hash of ``key``, computed once (by the parser, while scanning).
        let keyHash: Int

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.init(key: key, value: value, keyHash: KeyTable.hash(key))
        }

        init(key: String, value: JSONValue, keyHash: Int) {
            self.key = key
            self.value = value
            self.keyHash = keyHash
        }

        /// Members are equal when their names and values are.
        public static func == (lhs: Member, rhs: Member) -> Bool {
            lhs.key == rhs.key && lhs.value == rhs.value
        }

        /// Hashes the name and the value.
        public func hash(into hasher: inout Hasher) {
            hasher.combine(self.key)
            hasher.combine(self.value)
        }
    }

    /// The member count above which a hash index is kept.
    public static let indexThreshold = 12

    /// The members, in insertion order.
    public private(set) var members: [Member]
    private var index: KeyTable?

    /// Creates an empty object.
    public init() {
        self.members = []
        self.index = nil
    }

    /// Creates an object from members in order; a repeated key keeps its first position and its last value.
    public init(_ members: some Sequence<(key: String, value: JSONValue)>) {
        self.init()
        for member in members { self[member.key] = member.value }
    }

    /// Creates an object from members already known to have distinct keys (used by the parser).
    init(uniqueMembers: [Member]) {
        self.members = uniqueMembers
        self.index = nil
        if uniqueMembers.count > JSONObject.indexThreshold { self.rebuildIndex() }
    }

    /// The number of members.
    public var count: Int { self.members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { self.members.isEmpty }

    /// The member names, in order.
    public var keys: [String] { self.members.map(\.key) }

    /// The position of the member named `key`, if present.
    public func position(of key: String) -> Int? {
        if let index = self.index {
            return self.members.withUnsafeBufferPointer { members in index.find(key) { members[$0].key } }
        }
        return self.linearPosition(of: key)
    }

    /// The position of a member named like `member` (using its stored hash when indexed).
    func position(of member: Member) -> Int? {
        if let index = self.index {
            return self.members.withUnsafeBufferPointer { members in
                index.find(member.key, hash: member.keyHash) { members[$0].key }
            }
        }
        return self.linearPosition(of: member.key)
    }

    private func linearPosition(of key: String) -> Int? {
        var position = 0
        for member in self.members {
            if member.key == key { return position }
            position += 1
        }
        return nil
    }

    /// The value of the member named `key`; setting `nil` removes the member.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let position = self.position(of: key) else { return nil }
            return self.members[position].value
        }
        set {
            if let position = self.position(of: key) {
                if let newValue {
                    self.members[position].value = newValue
                } else {
                    self.members.remove(at: position)
                    self.index = nil
                    if self.members.count > JSONObject.indexThreshold { self.rebuildIndex() }
                }
            } else if let newValue {
                self.members.append(Member(key: key, value: newValue))
                if self.index == nil || self.index!.needsGrowth(toHold: self.members.count) {
                    if self.members.count > JSONObject.indexThreshold { self.rebuildIndex() }
                } else {
                    self.index!.insert(
                        hash: self.members[self.members.count - 1].keyHash, position: self.members.count - 1)
                }
            }
        }
    }

    /// Whether a member named `key` exists.
    public func contains(_ key: String) -> Bool { self.position(of: key) != nil }

    private mutating func rebuildIndex() {
        var index = KeyTable(capacityFor: self.members.count * 2)
        for (position, member) in self.members.enumerated() {
            index.insert(hash: member.keyHash, position: position)
        }
        self.index = index
    }
}

extension JSONObject: Sequence {
    /// Iterates over the members in insertion order, as `(key, value)` pairs.
    public func makeIterator() -> Iterator {
        Iterator(members: self.members.makeIterator())
    }

    /// An iterator over the members as `(key, value)` pairs.
    public struct Iterator: IteratorProtocol {
        var members: IndexingIterator<[Member]>

        /// The next member.
        public mutating func next() -> (key: String, value: JSONValue)? {
            guard let member = self.members.next() else { return nil }
            return (member.key, member.value)
        }
    }
}

extension JSONObject: Hashable {
    /// Objects are equal when they have the same names with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Order-independent hash, consistent with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in self.members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(self.count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Creates an object whose members keep the literal's order.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
