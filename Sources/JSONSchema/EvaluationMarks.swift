/// Which members or items of one instance were evaluated by successful subschemas; this is the
/// annotation state `unevaluatedProperties` and `unevaluatedItems` read.
///
/// Only schemas that contain those keywords pay for it: elsewhere the marks are `nil`.
struct EvaluationMarks {
    private(set) var properties: [Bool] = []
    private(set) var items: [Bool] = []

    init() {}

    /// Marks the member at `position` of an object with `count` members.
    mutating func markProperty(_ position: Int, count: Int) {
        if self.properties.isEmpty { self.properties = Array(repeating: false, count: count) }
        self.properties[position] = true
    }

    /// Marks the item at `index` of an array with `count` items.
    mutating func markItem(_ index: Int, count: Int) {
        if self.items.isEmpty { self.items = Array(repeating: false, count: count) }
        self.items[index] = true
    }

    /// Marks the items in `range` of an array with `count` items.
    mutating func markItems(_ range: Range<Int>, count: Int) {
        guard !range.isEmpty else { return }
        if self.items.isEmpty { self.items = Array(repeating: false, count: count) }
        for index in range { self.items[index] = true }
    }

    /// Whether the member at `position` was evaluated.
    func isPropertyMarked(_ position: Int) -> Bool {
        position < self.properties.count && self.properties[position]
    }

    /// Whether the item at `index` was evaluated.
    func isItemMarked(_ index: Int) -> Bool {
        index < self.items.count && self.items[index]
    }

    /// Adds the marks of a successful subschema.
    mutating func merge(_ other: EvaluationMarks) {
        if self.properties.isEmpty {
            self.properties = other.properties
        } else {
            for (position, marked) in other.properties.enumerated() where marked { self.properties[position] = true }
        }
        if self.items.isEmpty {
            self.items = other.items
        } else {
            for (index, marked) in other.items.enumerated() where marked { self.items[index] = true }
        }
    }
}
