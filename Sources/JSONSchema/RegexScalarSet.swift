/// A set of Unicode scalar values, kept as sorted, disjoint ranges plus an ASCII bitmap for speed.
struct RegexScalarSet: Sendable, Hashable {
    private(set) var ranges: [ClosedRange<UInt32>] = []
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0

    init() {}

    init(_ ranges: [ClosedRange<UInt32>]) {
        for range in ranges { self.insert(range) }
    }

    static let maxScalar: UInt32 = 0x10FFFF

    /// `\d`: ASCII digits only, as in ECMA-262.
    static let digits = RegexScalarSet([0x30...0x39])
    /// `\w`: ASCII letters, digits and underscore.
    static let word = RegexScalarSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    /// `\s`: ECMA-262 WhiteSpace and LineTerminator.
    static let space = RegexScalarSet([
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A,
        0x2028...0x2029, 0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ])
    /// `.`: everything except the line terminators.
    static let dot = RegexScalarSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029]).inverted

    /// Adds a range, merging with neighbours.
    mutating func insert(_ range: ClosedRange<UInt32>) {
        var merged = range
        var result: [ClosedRange<UInt32>] = []
        var inserted = false
        for existing in self.ranges {
            if existing.upperBound &+ 1 < merged.lowerBound {
                result.append(existing)
            } else if merged.upperBound &+ 1 < existing.lowerBound {
                if !inserted {
                    result.append(merged)
                    inserted = true
                }
                result.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        if !inserted { result.append(merged) }
        self.ranges = result
        self.rebuildBitmap()
    }

    /// Adds every scalar of `other`.
    mutating func formUnion(_ other: RegexScalarSet) {
        for range in other.ranges { self.insert(range) }
    }

    /// The complement within 0...0x10FFFF.
    var inverted: RegexScalarSet {
        var result = RegexScalarSet()
        var next: UInt32 = 0
        for range in self.ranges {
            if range.lowerBound > next { result.ranges.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= RegexScalarSet.maxScalar { result.ranges.append(next...RegexScalarSet.maxScalar) }
        result.rebuildBitmap()
        return result
    }

    /// The single scalar of a one-element set, if it is one.
    var singleScalar: UInt32? {
        guard self.ranges.count == 1, self.ranges[0].lowerBound == self.ranges[0].upperBound else { return nil }
        return self.ranges[0].lowerBound
    }

    private mutating func rebuildBitmap() {
        self.asciiLow = 0
        self.asciiHigh = 0
        for range in self.ranges where range.lowerBound < 128 {
            for scalar in range.lowerBound...min(range.upperBound, 127) {
                if scalar < 64 {
                    self.asciiLow |= 1 << UInt64(scalar)
                } else {
                    self.asciiHigh |= 1 << UInt64(scalar - 64)
                }
            }
        }
    }

    /// Whether the set contains an ASCII byte.
    @inline(__always)
    func containsASCII(_ byte: UInt8) -> Bool {
        byte < 64 ? (self.asciiLow >> UInt64(byte)) & 1 == 1 : (self.asciiHigh >> UInt64(byte &- 64)) & 1 == 1
    }

    /// Whether the set contains `scalar`.
    func contains(_ scalar: UInt32) -> Bool {
        if scalar < 128 { return self.containsASCII(UInt8(scalar)) }
        var low = 0
        var high = self.ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = self.ranges[middle]
            if scalar < range.lowerBound {
                high = middle - 1
            } else if scalar > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
