import Foundation
import JSONSchema

extension SchemaDiff {
    /// How open an object model is.
    enum Openness {
        case open
        case closed
        case partial(JSONValue)
    }

    static func openness(_ object: JSONObject) -> Openness {
        switch object["additionalProperties"] {
        case nil, .bool(true)?: return object["patternProperties"] == nil ? .open : .partial(.bool(true))
        case .bool(false)?: return object["patternProperties"] == nil ? .closed : .partial(.bool(false))
        case let schema?: return .partial(schema)
        }
    }

    /// Whether a schema accepts anything (`true` or `{}` up to annotations).
    static func isEmptySchema(_ value: JSONValue?) -> Bool {
        switch value {
        case .bool(true)?: return true
        case .object(let object)?: return object.keys.allSatisfy { Self.annotations.contains($0) }
        default: return false
        }
    }

    func compareObjectKeywords(_ old: JSONObject, _ new: JSONObject, _ context: Context, into changes: inout [SchemaChange]) {
        let path = context.path
        let oldProperties = old["properties"]?.objectValue ?? JSONObject()
        let newProperties = new["properties"]?.objectValue ?? JSONObject()
        let oldModel = Self.openness(old), newModel = Self.openness(new)
        for (name, schema) in newProperties where !oldProperties.contains(name) {
            let at = path + "/properties/" + SourceDocument.escape(name)
            switch oldModel {
            case .closed:
                // Old documents cannot carry the name; old readers refuse new documents that do.
                changes.append(SchemaChange(.propertyAddedToClosedModel, at: at, name, backward: true, forward: Self.isFalse(schema)))
            case .partial(let covering) where Canonical.text(covering) == Canonical.text(schema):
                changes.append(SchemaChange(.propertyAddedToOpenModel, at: at, "\(name) (same schema as additionalProperties)", backward: true, forward: true))
            default:
                // Old documents may already hold the name with another value.
                changes.append(SchemaChange(.propertyAddedToOpenModel, at: at, name, backward: Self.isEmptySchema(schema), forward: true))
            }
        }
        for (name, schema) in oldProperties where !newProperties.contains(name) {
            let at = path + "/properties/" + SourceDocument.escape(name)
            switch newModel {
            case .closed:
                changes.append(SchemaChange(.propertyRemovedFromClosedModel, at: at, name, backward: Self.isFalse(schema), forward: true))
            case .partial(let covering) where Canonical.text(covering) == Canonical.text(schema):
                changes.append(SchemaChange(.propertyRemovedFromOpenModel, at: at, "\(name) (same schema as additionalProperties)", backward: true, forward: true))
            default:
                changes.append(SchemaChange(.propertyRemovedFromOpenModel, at: at, name, backward: true, forward: Self.isEmptySchema(schema)))
            }
        }
        for (name, schema) in newProperties {
            if let previous = oldProperties[name] {
                self.compare(previous, schema, context.appending("properties/" + SourceDocument.escape(name)), into: &changes)
            }
        }
        let oldRequired = Set(old["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let newRequired = Set(new["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for name in newRequired.subtracting(oldRequired).sorted() {
            changes.append(SchemaChange(.requiredAdded, at: path + "/required", name, backward: false, forward: true))
        }
        for name in oldRequired.subtracting(newRequired).sorted() {
            changes.append(SchemaChange(.requiredRemoved, at: path + "/required", name, backward: true, forward: false))
        }
        switch (old["additionalProperties"], new["additionalProperties"]) {
        case (nil, .bool(false)?), (.bool(true)?, .bool(false)?):
            changes.append(SchemaChange(.additionalPropertiesClosed, at: path + "/additionalProperties", "unknown properties now refused", backward: false, forward: true))
        case (.bool(false)?, nil), (.bool(false)?, .bool(true)?):
            changes.append(SchemaChange(.additionalPropertiesOpened, at: path + "/additionalProperties", "unknown properties now accepted", backward: true, forward: false))
        case (let a?, let b?) where a.objectValue != nil || b.objectValue != nil:
            self.compare(a, b, context.appending("additionalProperties"), into: &changes)
        case (nil, let b?) where b.objectValue != nil:
            self.compare(.bool(true), b, context.appending("additionalProperties"), into: &changes)
        case (let a?, nil) where a.objectValue != nil:
            self.compare(a, .bool(true), context.appending("additionalProperties"), into: &changes)
        default:
            break
        }
        if Canonical.text(old["patternProperties"]) != Canonical.text(new["patternProperties"]) {
            changes.append(SchemaChange(.schemaReplaced, at: path + "/patternProperties", "patternProperties changed", backward: false, forward: false))
        }
        let oldDependencies = old["dependentRequired"].map(Canonical.text), newDependencies = new["dependentRequired"].map(Canonical.text)
        if oldDependencies != newDependencies {
            let added = newDependencies != nil && oldDependencies == nil
            let removed = newDependencies == nil
            changes.append(SchemaChange(.schemaReplaced, at: path + "/dependentRequired", "dependentRequired changed", backward: removed, forward: added))
        }
    }

    static func isFalse(_ value: JSONValue) -> Bool {
        if case .bool(false) = value { return true }
        return false
    }

    func compareArrayKeywords(_ old: JSONObject, _ new: JSONObject, _ context: Context, into changes: inout [SchemaChange]) {
        switch (old["items"], new["items"]) {
        case (let a?, let b?): self.compare(a, b, context.appending("items"), into: &changes)
        case (nil, let b?): self.compare(.bool(true), b, context.appending("items"), into: &changes)
        case (let a?, nil): self.compare(a, .bool(true), context.appending("items"), into: &changes)
        default: break
        }
        let a = old["prefixItems"]?.arrayValue ?? [], b = new["prefixItems"]?.arrayValue ?? []
        for index in 0..<max(a.count, b.count) {
            let old = index < a.count ? a[index] : JSONValue.bool(true), new = index < b.count ? b[index] : JSONValue.bool(true)
            self.compare(old, new, context.appending("prefixItems/\(index)"), into: &changes)
        }
    }

    func compareCombinators(_ old: JSONObject, _ new: JSONObject, _ context: Context, into changes: inout [SchemaChange]) {
        let path = context.path
        for key in ["anyOf", "oneOf"] {
            let a = old[key]?.arrayValue ?? [], b = new[key]?.arrayValue ?? []
            let oldTexts = a.map(Canonical.text), newTexts = b.map(Canonical.text)
            guard oldTexts != newTexts else { continue }
            if a.count == b.count {
                for index in a.indices {
                    self.compare(a[index], b[index], context.appending("\(key)/\(index)"), into: &changes)
                }
                continue
            }
            for (index, text) in newTexts.enumerated() where !oldTexts.contains(text) {
                changes.append(SchemaChange(.branchAdded, at: path + "/\(key)/\(index)", key, backward: !a.isEmpty, forward: a.isEmpty))
            }
            for (index, text) in oldTexts.enumerated() where !newTexts.contains(text) {
                changes.append(SchemaChange(.branchRemoved, at: path + "/\(key)/\(index)", key, backward: b.isEmpty, forward: !b.isEmpty))
            }
        }
        let a = old["allOf"]?.arrayValue ?? [], b = new["allOf"]?.arrayValue ?? []
        for index in 0..<max(a.count, b.count) {
            let old = index < a.count ? a[index] : JSONValue.bool(true), new = index < b.count ? b[index] : JSONValue.bool(true)
            self.compare(old, new, context.appending("allOf/\(index)"), into: &changes)
        }
        if Canonical.text(old["not"]) != Canonical.text(new["not"]) {
            changes.append(SchemaChange(.schemaReplaced, at: path + "/not", "not changed", backward: false, forward: false))
        }
    }
}
