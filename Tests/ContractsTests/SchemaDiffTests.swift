import JSONSchema
import Testing

@testable import Contracts

@Suite struct SchemaDiffTests {
    static let base: JSONValue = [
        "type": "object",
        "required": ["tenderId", "title"],
        "properties": [
            "tenderId": ["type": "string", "pattern": "^T-[0-9]+$"],
            "title": ["type": "string", "maxLength": 200],
            "lots": ["type": "integer", "minimum": 1, "maximum": 10],
            "procedure": ["type": "string", "enum": ["open", "restricted"]],
            "buyer": ["$ref": "#/$defs/siren"],
        ],
        "$defs": ["siren": ["type": "string", "format": "siren"]],
    ]

    /// Applies `edit` to a copy of the base schema's JSON and diffs.
    func diff(_ edit: (inout JSONValue) -> Void, from old: JSONValue = Self.base) -> [SchemaChange] {
        var new = old
        edit(&new)
        let oldDefs = old, newDefs = new
        let resolver: (JSONValue) -> SchemaDiff.Resolver = { root in
            { reference, base in
                guard reference.hasPrefix("#"), let schema = SourceDocument.resolve(String(reference.dropFirst()), in: root) else {
                    return nil
                }
                return (schema, base)
            }
        }
        return SchemaDiff(resolveOld: resolver(oldDefs), resolveNew: resolver(newDefs)).changes(from: old, to: new)
    }

    func only(_ changes: [SchemaChange], sourceLocation: SourceLocation = #_sourceLocation) -> SchemaChange? {
        let relevant = changes.filter { $0.kind != .annotationChanged }
        #expect(relevant.count == 1, "\(relevant)", sourceLocation: sourceLocation)
        return relevant.first
    }

    @Test func identicalSchemasHaveNoChange() {
        #expect(self.diff { _ in }.isEmpty)
    }

    @Test func requiredPropertyAddedBreaksBackward() {
        let change = self.only(self.diff { $0.set(["required"], ["tenderId", "title", "lots"]) })
        #expect(change?.kind == .requiredAdded)
        #expect(change?.compatibilityLabel == "forward")
    }

    @Test func requiredPropertyRemovedBreaksForward() {
        let change = self.only(self.diff { $0.set(["required"], ["tenderId"]) })
        #expect(change?.kind == .requiredRemoved)
        #expect(change?.compatibilityLabel == "backward")
    }

    @Test func optionalPropertyAddedToAnOpenModelIsForwardOnly() {
        let change = self.only(self.diff { $0.set(["properties", "cpv"], ["type": "string"]) })
        #expect(change?.kind == .propertyAddedToOpenModel)
        #expect(change?.compatibilityLabel == "forward")
        #expect(change?.isAllowed(under: .forwardTransitive) == true)
        #expect(change?.isAllowed(under: .full) == false)
    }

    @Test func optionalPropertyAddedToAClosedModelIsBackwardOnly() {
        let closed = Self.base.setting(["additionalProperties"], false)
        let change = self.only(self.diff({ $0.set(["properties", "cpv"], ["type": "string"]) }, from: closed))
        #expect(change?.kind == .propertyAddedToClosedModel)
        #expect(change?.compatibilityLabel == "backward")
        #expect(change?.isAllowed(under: .backwardTransitive) == true)
    }

    @Test func optionalPropertyRemovedFromAnOpenModelIsBackwardOnly() {
        let change = self.only(self.diff { $0.remove(["properties", "lots"]) })
        #expect(change?.kind == .propertyRemovedFromOpenModel)
        #expect(change?.compatibilityLabel == "backward")
    }

    @Test func optionalPropertyRemovedFromAClosedModelIsForwardOnly() {
        let closed = Self.base.setting(["additionalProperties"], false)
        let change = self.only(self.diff({ $0.remove(["properties", "lots"]) }, from: closed))
        #expect(change?.kind == .propertyRemovedFromClosedModel)
        #expect(change?.compatibilityLabel == "forward")
    }

    @Test func integerToNumberWidens() {
        let change = self.only(self.diff { $0.set(["properties", "lots", "type"], "number") })
        #expect(change?.kind == .typeWidened)
        #expect(change?.compatibilityLabel == "backward")
    }

    @Test func addingNullToTheTypesWidens() {
        let change = self.only(self.diff { $0.set(["properties", "title", "type"], ["string", "null"]) })
        #expect(change?.kind == .typeWidened)
    }

    @Test func numberToIntegerNarrows() {
        let old = Self.base.setting(["properties", "lots", "type"], "number")
        let change = self.only(self.diff({ $0.set(["properties", "lots", "type"], "integer") }, from: old))
        #expect(change?.kind == .typeNarrowed)
        #expect(change?.compatibilityLabel == "forward")
    }

    @Test func stringToIntegerIsIncompatibleBothWays() {
        let change = self.only(self.diff { $0.set(["properties", "title", "type"], "integer") })
        #expect(change?.kind == .typeChanged)
        #expect(change?.compatibilityLabel == "neither")
    }

    @Test func enumValueAddedAndRemoved() {
        let added = self.only(self.diff { $0.set(["properties", "procedure", "enum"], ["open", "restricted", "negotiated"]) })
        #expect(added?.kind == .enumValueAdded)
        #expect(added?.compatibilityLabel == "backward")
        let removed = self.only(self.diff { $0.set(["properties", "procedure", "enum"], ["open"]) })
        #expect(removed?.kind == .enumValueRemoved)
        #expect(removed?.compatibilityLabel == "forward")
    }

    @Test func additionalPropertiesClosedAndOpened() {
        let closed = self.only(self.diff { $0.set(["additionalProperties"], false) })
        #expect(closed?.kind == .additionalPropertiesClosed)
        #expect(closed?.compatibilityLabel == "forward")
        let old = Self.base.setting(["additionalProperties"], false)
        let opened = self.only(self.diff({ $0.remove(["additionalProperties"]) }, from: old))
        #expect(opened?.kind == .additionalPropertiesOpened)
        #expect(opened?.compatibilityLabel == "backward")
    }

    @Test func boundsTightenedAndLoosened() {
        let tighter = self.only(self.diff { $0.set(["properties", "title", "maxLength"], 100) })
        #expect(tighter?.kind == .boundTightened)
        #expect(tighter?.compatibilityLabel == "forward")
        let looser = self.only(self.diff { $0.set(["properties", "lots", "minimum"], 0) })
        #expect(looser?.kind == .boundLoosened)
        #expect(looser?.compatibilityLabel == "backward")
        let added = self.only(self.diff { $0.set(["properties", "title", "minLength"], 3) })
        #expect(added?.kind == .boundTightened)
        let removed = self.only(self.diff { $0.remove(["properties", "lots", "maximum"]) })
        #expect(removed?.kind == .boundLoosened)
    }

    @Test func patternChangedIsIncompatibleBothWays() {
        let changed = self.only(self.diff { $0.set(["properties", "tenderId", "pattern"], "^T-[0-9]{4}$") })
        #expect(changed?.kind == .patternChanged)
        #expect(changed?.compatibilityLabel == "neither")
        let removed = self.only(self.diff { $0.remove(["properties", "tenderId", "pattern"]) })
        #expect(removed?.kind == .patternRemoved)
        #expect(removed?.compatibilityLabel == "backward")
    }

    @Test func formatAddedNarrowsBecauseFormatsAssert() {
        let change = self.only(self.diff { $0.set(["properties", "title", "format"], "email") })
        #expect(change?.kind == .formatAdded)
        #expect(change?.compatibilityLabel == "forward")
    }

    @Test func refTargetChangedIsComparedThroughTheTargets() {
        let change = self.diff {
            $0.set(["$defs", "siret"], ["type": "string", "format": "siret"])
            $0.set(["properties", "buyer", "$ref"], "#/$defs/siret")
        }
        #expect(change.contains { $0.kind == .refChanged })
        #expect(change.contains { $0.kind == .formatChanged && $0.compatibilityLabel == "neither" })
    }

    @Test func refTargetEditedInPlaceIsSeen() {
        let change = self.diff { $0.set(["$defs", "siren", "pattern"], "^[0-9]{9}$") }
        #expect(change.contains { $0.kind == .patternAdded && $0.path == "/properties/buyer/pattern" })
    }

    @Test func unresolvableRefIsIncompatible() {
        let change = self.diff { $0.set(["properties", "buyer", "$ref"], "other.json#/nowhere") }
        #expect(change.contains { $0.kind == .refChanged && $0.compatibilityLabel == "neither" })
    }

    @Test func descriptionsDoNotBreakAnything() {
        let changes = self.diff { $0.set(["properties", "title", "description"], "The tender's title") }
        #expect(changes.allSatisfy { $0.compatibilityLabel == "both" })
    }

    @Test func anyOfBranchAddedWidens() {
        let old = Self.base.setting(["properties", "lots", "anyOf"], [["minimum": 1]])
        let change = self.only(self.diff({ $0.set(["properties", "lots", "anyOf"], [["minimum": 1], ["const": 0]]) }, from: old))
        #expect(change?.kind == .branchAdded)
        #expect(change?.compatibilityLabel == "backward")
    }

    @Test func modesDecideWhatIsAllowed() {
        let forwardOnly = SchemaChange(.requiredAdded, at: "", "", backward: false, forward: true)
        #expect(forwardOnly.isAllowed(under: .forward))
        #expect(!forwardOnly.isAllowed(under: .backward))
        #expect(!forwardOnly.isAllowed(under: .fullTransitive))
        #expect(forwardOnly.isAllowed(under: .none))
    }
}

extension JSONValue {
    /// A copy with the value at `path` (object keys) replaced.
    func setting(_ path: [String], _ value: JSONValue) -> JSONValue {
        var copy = self
        copy.set(path, value)
        return copy
    }

    /// Sets the value at `path` (object keys), creating objects on the way.
    mutating func set(_ path: [String], _ value: JSONValue) {
        guard let first = path.first else {
            self = value
            return
        }
        var object = self.objectValue ?? JSONObject()
        var child = object[first] ?? .object(JSONObject())
        child.set(Array(path.dropFirst()), value)
        object[first] = child
        self = .object(object)
    }

    /// Removes the value at `path`.
    mutating func remove(_ path: [String]) {
        guard var object = self.objectValue, let first = path.first else { return }
        if path.count == 1 {
            object[first] = nil
        } else if var child = object[first] {
            child.remove(Array(path.dropFirst()))
            object[first] = child
        }
        self = .object(object)
    }
}
