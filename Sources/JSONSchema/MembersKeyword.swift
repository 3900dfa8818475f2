/// `properties`, `patternProperties`, `additionalProperties` and `required` of one schema,
/// applied in a single pass over the instance's members.
///
/// `required` names that are also in `properties` are checked with a bit mask filled during the
/// pass, so a valid object costs one table lookup per member and no lookup per required name.
final class MembersKeyword: Sendable {
    /// `properties` names, in schema order.
    let names: [String]
    /// `properties` schemas, parallel to ``names``.
    let schemas: [SchemaNode]
    /// Lookup of ``names``.
    let table: KeyTable
    /// The `patternProperties` schemas with their compiled patterns.
    let patterns: [(matcher: PatternMatcher, schema: SchemaNode)]
    /// The `additionalProperties` schema: members matched by neither names nor patterns.
    let additional: SchemaNode?
    /// `required`, in schema order, with the index in ``names`` when the name has a schema.
    let required: [(name: String, index: Int?)]
    /// The bit mask of the required names that are in ``names`` (at most 64 properties).
    let requiredMask: UInt64

    /// The largest `properties` this keyword takes; a larger schema checks `required` apart.
    static let maximumProperties = 64

    init(
        properties: [(name: String, schema: SchemaNode)],
        patterns: [(matcher: PatternMatcher, schema: SchemaNode)],
        additional: SchemaNode?,
        required: [String]
    ) {
        let names = properties.map(\.name)
        self.names = names
        self.schemas = properties.map(\.schema)
        var table = KeyTable(capacityFor: properties.count)
        for (index, name) in names.enumerated() { table.insert(hash: KeyTable.hash(name), position: index) }
        self.table = table
        self.patterns = patterns
        self.additional = additional
        var mask: UInt64 = 0
        var list: [(name: String, index: Int?)] = []
        for name in required {
            let index = table.find(name) { names[$0] }
            if let index { mask |= 1 << UInt64(index) }
            list.append((name, index))
        }
        self.required = list
        self.requiredMask = mask
    }

    /// The index of `name` in ``names``.
    @inline(__always)
    func index(of member: JSONObject.Member) -> Int? {
        self.names.withUnsafeBufferPointer { names in self.table.find(member.key, hash: member.keyHash) { names[$0] } }
    }
}
