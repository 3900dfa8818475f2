/// An open-addressing hash table from member names to positions, hashed with FNV-1a over the
/// UTF-8 bytes: much cheaper than `Hasher` for the short keys of JSON objects.
///
/// The table stores positions only; callers pass a closure that reads the key at a position.
struct KeyTable: Sendable {
    private var slots: [Int32]
    private var mask: Int

    /// An empty table with room for `count` keys at a load factor of at most one half.
    init(capacityFor count: Int) {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        self.slots = Array(repeating: -1, count: capacity)
        self.mask = capacity - 1
    }

    /// Whether a table holding `count` keys must be rebuilt larger.
    func needsGrowth(toHold count: Int) -> Bool {
        count * 2 > self.slots.count
    }

    /// FNV-1a over the UTF-8 bytes, with a final mix of the high bits into the low ones.
    @inline(__always)
    static func hash(_ key: String) -> Int {
        KeyTable.finish(KeyTable.fold(key))
    }

    /// The FNV-1a state after all the UTF-8 bytes of `key`, before ``finish(_:)``.
    @inline(__always)
    static func fold(_ key: String) -> UInt64 {
        var hash = KeyTable.initialHash
        for byte in key.utf8 { hash = KeyTable.combine(hash, byte) }
        return hash
    }

    /// The FNV-1a offset basis.
    static let initialHash: UInt64 = 0xCBF2_9CE4_8422_2325

    /// One FNV-1a step.
    @inline(__always)
    static func combine(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* 0x100_0000_01B3
    }

    /// The final mix, folding the high bits into the low ones used for the slot.
    @inline(__always)
    static func finish(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: hash ^ (hash >> 32))
    }

    /// The position stored for `key`; `keyAt` reads the key stored at a position.
    @inline(__always)
    func find(_ key: String, keyAt: (Int) -> String) -> Int? {
        self.find(key, hash: KeyTable.hash(key), keyAt: keyAt)
    }

    /// The position stored for `key`, whose hash is already known.
    @inline(__always)
    func find(_ key: String, hash: Int, keyAt: (Int) -> String) -> Int? {
        var slot = hash & self.mask
        while true {
            let position = Int(self.slots[slot])
            if position < 0 { return nil }
            if keyAt(position) == key { return position }
            slot = (slot + 1) & self.mask
        }
    }

    /// Stores `position` for a key with hash `hash`, which must not be in the table yet.
    mutating func insert(hash: Int, position: Int) {
        var slot = hash & self.mask
        while self.slots[slot] >= 0 { slot = (slot + 1) & self.mask }
        self.slots[slot] = Int32(position)
    }
}
