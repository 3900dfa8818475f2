/// A set of JSON Schema type names, as a bit mask.
struct JSONTypeSet: OptionSet, Sendable, Hashable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1)
    static let boolean = JSONTypeSet(rawValue: 2)
    static let integer = JSONTypeSet(rawValue: 4)
    static let number = JSONTypeSet(rawValue: 8)
    static let string = JSONTypeSet(rawValue: 16)
    static let array = JSONTypeSet(rawValue: 32)
    static let object = JSONTypeSet(rawValue: 64)

    /// The type names in schema order, for messages.
    static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("integer", .integer), ("number", .number),
        ("string", .string), ("array", .array), ("object", .object),
    ]

    /// Whether `value` has one of the types in the set (`integer` accepts `1.0`).
    @inline(__always)
    func admits(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return self.contains(.null)
        case .bool: return self.contains(.boolean)
        case .string: return self.contains(.string)
        case .array: return self.contains(.array)
        case .object: return self.contains(.object)
        case .number(let number):
            if self.contains(.number) { return true }
            return self.contains(.integer) && number.isWholeNumber
        }
    }

    /// `string`, `string or null`, `integer, string or null`.
    var listDescription: String {
        let names = JSONTypeSet.names.filter { self.contains($0.1) }.map(\.0)
        guard names.count > 1 else { return names.first ?? "nothing" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
