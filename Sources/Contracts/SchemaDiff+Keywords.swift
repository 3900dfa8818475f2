import Foundation
import JSONSchema

extension SchemaDiff {
    func compareTypes(_ old: JSONValue?, _ new: JSONValue?, path: String, into changes: inout [SchemaChange]) {
        let a = Self.types(old), b = Self.types(new)
        guard a != b else { return }
        let widened = Self.covers(b, a), narrowed = Self.covers(a, b)
        let detail = "\(a.map { $0.sorted().joined(separator: "|") } ?? "any") → \(b.map { $0.sorted().joined(separator: "|") } ?? "any")"
        if widened {
            changes.append(SchemaChange(.typeWidened, at: path + "/type", detail, backward: true, forward: false))
        } else if narrowed {
            changes.append(SchemaChange(.typeNarrowed, at: path + "/type", detail, backward: false, forward: true))
        } else {
            changes.append(SchemaChange(.typeChanged, at: path + "/type", detail, backward: false, forward: false))
        }
    }

    /// The set of types, `nil` for any.
    static func types(_ value: JSONValue?) -> Set<String>? {
        switch value {
        case .string(let type): return [type]
        case .array(let types): return Set(types.compactMap(\.stringValue))
        default: return nil
        }
    }

    /// Whether every value of types `inner` is also of types `outer` (`integer` is within `number`).
    static func covers(_ outer: Set<String>?, _ inner: Set<String>?) -> Bool {
        guard let outer else { return true }
        guard let inner else { return false }
        return inner.allSatisfy { outer.contains($0) || ($0 == "integer" && outer.contains("number")) }
    }

    func compareEnums(_ old: JSONObject, _ new: JSONObject, path: String, into changes: inout [SchemaChange]) {
        let a = old["enum"]?.arrayValue.map { Set($0.map(Canonical.text)) }
        let b = new["enum"]?.arrayValue.map { Set($0.map(Canonical.text)) }
        switch (a, b) {
        case (nil, .some):
            changes.append(SchemaChange(.enumAdded, at: path + "/enum", "values now restricted", backward: false, forward: true))
        case (.some, nil):
            changes.append(SchemaChange(.enumRemoved, at: path + "/enum", "any value now allowed", backward: true, forward: false))
        case (.some(let a), .some(let b)):
            for value in b.subtracting(a).sorted() {
                changes.append(SchemaChange(.enumValueAdded, at: path + "/enum", value, backward: true, forward: false))
            }
            for value in a.subtracting(b).sorted() {
                changes.append(SchemaChange(.enumValueRemoved, at: path + "/enum", value, backward: false, forward: true))
            }
        default:
            break
        }
        let oldConst = old["const"].map(Canonical.text), newConst = new["const"].map(Canonical.text)
        if oldConst != newConst {
            let backward = newConst == nil, forward = oldConst == nil
            changes.append(SchemaChange(.constChanged, at: path + "/const", "\(oldConst ?? "none") → \(newConst ?? "none")", backward: backward, forward: forward))
        }
    }

    func compareBounds(_ old: JSONObject, _ new: JSONObject, path: String, into changes: inout [SchemaChange]) {
        for (keys, isLower) in [(Self.lowerBounds, true), (Self.upperBounds, false)] {
            for key in keys {
                let a = old[key]?.numberValue?.doubleValue, b = new[key]?.numberValue?.doubleValue
                guard a != b else { continue }
                let detail = "\(key) \(a.map { Canonical.number($0) } ?? "none") → \(b.map { Canonical.number($0) } ?? "none")"
                // A lower bound tightens when it rises or appears; an upper bound when it falls or appears.
                let tightened: Bool
                switch (a, b) {
                case (nil, .some): tightened = true
                case (.some, nil): tightened = false
                case (.some(let a), .some(let b)): tightened = isLower ? b > a : b < a
                default: continue
                }
                changes.append(SchemaChange(tightened ? .boundTightened : .boundLoosened, at: path + "/" + key, detail, backward: !tightened, forward: tightened))
            }
        }
        let a = old["multipleOf"]?.numberValue?.doubleValue, b = new["multipleOf"]?.numberValue?.doubleValue
        if a != b {
            let detail = "multipleOf \(a.map { Canonical.number($0) } ?? "none") → \(b.map { Canonical.number($0) } ?? "none")"
            switch (a, b) {
            case (nil, .some):
                changes.append(SchemaChange(.boundTightened, at: path + "/multipleOf", detail, backward: false, forward: true))
            case (.some, nil):
                changes.append(SchemaChange(.boundLoosened, at: path + "/multipleOf", detail, backward: true, forward: false))
            case (.some(let a), .some(let b)):
                let newIsMultiple = Self.isMultiple(b, of: a), oldIsMultiple = Self.isMultiple(a, of: b)
                let kind: SchemaChange.Kind = newIsMultiple ? .boundTightened : .boundLoosened
                changes.append(SchemaChange(kind, at: path + "/multipleOf", detail, backward: oldIsMultiple, forward: newIsMultiple))
            default:
                break
            }
        }
        if old["uniqueItems"]?.boolValue ?? false != new["uniqueItems"]?.boolValue ?? false {
            let added = new["uniqueItems"]?.boolValue ?? false
            changes.append(SchemaChange(added ? .uniqueItemsAdded : .uniqueItemsRemoved, at: path + "/uniqueItems", added ? "items must now be unique" : "duplicates now allowed", backward: !added, forward: added))
        }
    }

    static func isMultiple(_ value: Double, of divisor: Double) -> Bool {
        let quotient = value / divisor
        return abs(quotient - quotient.rounded()) < 1e-9
    }

    func compareStrings(_ old: JSONObject, _ new: JSONObject, path: String, into changes: inout [SchemaChange]) {
        for key in ["pattern", "format"] {
            let a = old[key]?.stringValue, b = new[key]?.stringValue
            guard a != b else { continue }
            let detail = "\(key) \(a ?? "none") → \(b ?? "none")"
            let isPattern = key == "pattern"
            switch (a, b) {
            case (nil, .some):
                changes.append(SchemaChange(isPattern ? .patternAdded : .formatAdded, at: path + "/" + key, detail, backward: false, forward: true))
            case (.some, nil):
                changes.append(SchemaChange(isPattern ? .patternRemoved : .formatRemoved, at: path + "/" + key, detail, backward: true, forward: false))
            default:
                changes.append(SchemaChange(isPattern ? .patternChanged : .formatChanged, at: path + "/" + key, detail, backward: false, forward: false))
            }
        }
    }
}
