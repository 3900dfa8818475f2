/// Everything a compiled schema needs at validation time: the root node, the table of `$ref`
/// targets and the `$dynamicAnchor` targets of each schema resource.
final class SchemaProgram: Sendable {
    /// The compiled root schema (also `table[0]`).
    let root: SchemaNode
    /// `$ref` and `$dynamicRef` targets, by index.
    let table: [SchemaNode]
    /// For each schema resource, its `$dynamicAnchor` names and their table indexes.
    let dynamicAnchors: [[String: Int]]
    /// Whether any `$dynamicRef` needs the dynamic scope to be tracked.
    let usesDynamicScope: Bool

    init(table: [SchemaNode], dynamicAnchors: [[String: Int]], usesDynamicScope: Bool) {
        self.root = table[0]
        self.table = table
        self.dynamicAnchors = dynamicAnchors
        self.usesDynamicScope = usesDynamicScope
    }
}
