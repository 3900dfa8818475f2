import Foundation
import JSONSchema

/// Compares two versions of a JSON Schema and lists every change with its compatibility effect.
///
/// "Backward compatible" means every document valid under the old schema is valid under the new one;
/// "forward compatible" means the reverse (Confluent Schema Registry's sense, which messaging.md §8
/// adopts). Where a change cannot be proved safe in a direction (a changed pattern, a changed type),
/// it counts as incompatible in that direction.
public struct SchemaDiff: Sendable {
    /// Resolves a `$ref` found in a schema whose base URI is `base` to the schema it names and that
    /// schema's own base URI, or `nil`.
    public typealias Resolver = @Sendable (_ reference: String, _ base: String) -> (schema: JSONValue, base: String)?

    private let resolveOld: Resolver
    private let resolveNew: Resolver

    /// Creates a comparer.
    ///
    /// - Parameters:
    ///   - resolveOld: Resolves references of the old schema.
    ///   - resolveNew: Resolves references of the new schema.
    public init(resolveOld: @escaping Resolver = { _, _ in nil }, resolveNew: @escaping Resolver = { _, _ in nil }) {
        self.resolveOld = resolveOld
        self.resolveNew = resolveNew
    }

    /// The changes from `old` to `new`.
    ///
    /// - Parameters:
    ///   - old: The previous schema.
    ///   - new: The new schema.
    ///   - oldBase: The base URI of the old schema (where its relative references resolve).
    ///   - newBase: The base URI of the new schema.
    /// - Returns: The changes, in schema order; empty when the schemas are equivalent.
    public func changes(from old: JSONValue, to new: JSONValue, oldBase: String = "", newBase: String = "") -> [SchemaChange] {
        var changes: [SchemaChange] = []
        let context = Context(path: "", depth: 0, oldBase: oldBase, newBase: newBase)
        self.compare(old, new, context, into: &changes)
        return changes
    }

    /// Where the comparison is: the pointer, the depth, and the base URI on each side.
    struct Context {
        var path: String
        var depth: Int
        var oldBase: String
        var newBase: String

        func appending(_ component: String) -> Context {
            Context(path: self.path + "/" + component, depth: self.depth + 1, oldBase: self.oldBase, newBase: self.newBase)
        }
    }

    static let annotations: Set<String> = [
        "title", "description", "default", "examples", "$comment", "deprecated", "readOnly", "writeOnly", "$schema",
        "$id", "$defs", "$anchor", "contentMediaType", "contentEncoding",
    ]
    static let lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties", "minContains"]
    static let upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties", "maxContains"]
    static let handled: Set<String> = Set(lowerBounds + upperBounds).union([
        "type", "enum", "const", "pattern", "format", "uniqueItems", "multipleOf", "properties", "required",
        "additionalProperties", "items", "prefixItems", "anyOf", "oneOf", "allOf", "not", "$ref", "dependentRequired",
        "patternProperties",
    ])

    func compare(_ old: JSONValue, _ new: JSONValue, _ context: Context, into changes: inout [SchemaChange]) {
        let path = context.path
        guard context.depth < 32 else { return }
        switch (old, new) {
        case (.bool(let a), .bool(let b)):
            if a != b {
                changes.append(SchemaChange(.schemaReplaced, at: path, "\(a) → \(b)", backward: b, forward: a))
            }
        case (.bool(let a), .object):
            // true → constraints narrows; false → anything widens.
            changes.append(SchemaChange(.schemaReplaced, at: path, "\(a) → a schema", backward: !a, forward: a))
        case (.object, .bool(let b)):
            changes.append(SchemaChange(.schemaReplaced, at: path, "a schema → \(b)", backward: b, forward: !b))
        case (.object(let a), .object(let b)):
            self.compareObjects(a, b, context, into: &changes)
        default:
            if Canonical.text(old) != Canonical.text(new) {
                changes.append(SchemaChange(.schemaReplaced, at: path, "not a schema", backward: false, forward: false))
            }
        }
    }

    private func compareObjects(_ old: JSONObject, _ new: JSONObject, _ context: Context, into changes: inout [SchemaChange]) {
        let path = context.path
        let oldRef = old["$ref"]?.stringValue
        let newRef = new["$ref"]?.stringValue
        if oldRef != nil || newRef != nil {
            if oldRef != newRef {
                changes.append(SchemaChange(.refChanged, at: path + "/$ref", "\(oldRef ?? "none") → \(newRef ?? "none")", backward: true, forward: true))
            }
            let oldTarget = oldRef.map { self.resolveOld($0, context.oldBase) } ?? (.object(old.removing("$ref")), context.oldBase)
            let newTarget = newRef.map { self.resolveNew($0, context.newBase) } ?? (.object(new.removing("$ref")), context.newBase)
            guard let oldTarget, let newTarget else {
                changes.append(SchemaChange(.refChanged, at: path + "/$ref", "target cannot be resolved", backward: false, forward: false))
                return
            }
            let inner = Context(path: path, depth: context.depth + 1, oldBase: oldTarget.base, newBase: newTarget.base)
            self.compare(oldTarget.schema, newTarget.schema, inner, into: &changes)
            let oldRest = old.removing("$ref"), newRest = new.removing("$ref")
            if oldRef != nil && newRef != nil && (!oldRest.isEmpty || !newRest.isEmpty) {
                var rest = context
                rest.depth += 1
                self.compareObjects(oldRest, newRest, rest, into: &changes)
            }
            return
        }
        self.compareTypes(old["type"], new["type"], path: path, into: &changes)
        self.compareEnums(old, new, path: path, into: &changes)
        self.compareBounds(old, new, path: path, into: &changes)
        self.compareStrings(old, new, path: path, into: &changes)
        self.compareObjectKeywords(old, new, context, into: &changes)
        self.compareArrayKeywords(old, new, context, into: &changes)
        self.compareCombinators(old, new, context, into: &changes)
        for key in Set(old.keys).union(new.keys).sorted() where !Self.handled.contains(key) {
            let a = old[key], b = new[key]
            guard Canonical.text(a) != Canonical.text(b) else { continue }
            if Self.annotations.contains(key) {
                changes.append(SchemaChange(.annotationChanged, at: path + "/" + key, key, backward: true, forward: true))
            } else {
                changes.append(SchemaChange(.schemaReplaced, at: path + "/" + key, "\(key) changed", backward: false, forward: false))
            }
        }
    }
}

extension JSONObject {
    /// The object without one key.
    func removing(_ key: String) -> JSONObject {
        JSONObject(self.members.filter { $0.key != key }.map { (key: $0.key, value: $0.value) })
    }
}
