/// A classification path (`7.1`, `7.10`, `1.1.2`): 1 to 5 levels, kept as strings so `7.1` and `7.10` stay apart.
public struct MatterPath: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let levels: [String]

    public init(_ text: String, field: String = "matter") throws(DocumentRefusal) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let digitsOnly = parts.allSatisfy { !$0.isEmpty && $0.count <= 2 && $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
        guard (1...5).contains(parts.count), digitsOnly, parts[0].count == 1, parts[0] != "0" else {
            throw DocumentRefusal(
                "matterInvalid", field: field, rule: "domain §3.3: 1 to 5 levels, the first 1–9, then 1–2 digits each",
                "\(text.debugDescription) is not a classification path")
        }
        self.levels = parts
    }

    public var description: String { self.levels.joined(separator: ".") }
    public var parent: MatterPath? {
        self.levels.count > 1 ? try? MatterPath(self.levels.dropLast().joined(separator: ".")) : nil
    }

    /// Numeric order level by level: 7.2 before 7.10.
    public static func < (lhs: Self, rhs: Self) -> Bool {
        for (left, right) in zip(lhs.levels, rhs.levels) where left != right {
            return (Int(left) ?? 0) < (Int(right) ?? 0)
        }
        return lhs.levels.count < rhs.levels.count
    }
}
