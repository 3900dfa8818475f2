import Foundation
import JSONSchema

extension ContractDocumentation {
    /// The fields of a message's payload, flattened, with references followed.
    public func fields(of message: MessageContract) -> [Field] {
        var fields: [Field] = []
        let resolve = ContractCompatibility.resolver(self.hub)
        self.collect(message.schema, base: message.schemaURL.absoluteString, prefix: "", resolve: resolve, depth: 0, into: &fields)
        return fields
    }

    private func collect(
        _ schema: JSONValue, base: String, prefix: String, resolve: SchemaDiff.Resolver, depth: Int, into fields: inout [Field]
    ) {
        guard depth < 8, let (object, objectBase) = self.dereference(schema, base: base, resolve: resolve) else { return }
        let required = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        for (name, property) in object["properties"]?.objectValue ?? JSONObject() {
            let path = prefix.isEmpty ? name : "\(prefix).\(name)"
            guard let (resolved, propertyBase) = self.dereference(property, base: objectBase, resolve: resolve) else { continue }
            let description = property.objectValue?["description"]?.stringValue ?? resolved["description"]?.stringValue ?? ""
            fields.append(Field(
                path: path, type: Self.typeName(property, resolved), required: required.contains(name),
                constraints: Self.constraints(resolved), description: description))
            if resolved["properties"] != nil {
                self.collect(.object(resolved), base: propertyBase, prefix: path, resolve: resolve, depth: depth + 1, into: &fields)
            }
            if let items = resolved["items"], let (itemObject, itemBase) = self.dereference(items, base: propertyBase, resolve: resolve),
                itemObject["properties"] != nil
            {
                self.collect(.object(itemObject), base: itemBase, prefix: path + "[]", resolve: resolve, depth: depth + 1, into: &fields)
            }
        }
    }

    /// The schema object behind `schema`, following `$ref`s, and its base URI.
    private func dereference(_ schema: JSONValue, base: String, resolve: SchemaDiff.Resolver) -> (JSONObject, String)? {
        var current = schema
        var currentBase = base
        for _ in 0..<8 {
            guard case .object(let object) = current else { return nil }
            guard let reference = object["$ref"]?.stringValue else { return (object, currentBase) }
            guard let (target, targetBase) = resolve(reference, currentBase) else { return (object, currentBase) }
            // Sibling keywords of $ref (a description, a tighter bound) win over the target's.
            var merged = target.objectValue ?? JSONObject()
            for (key, value) in object where key != "$ref" {
                merged[key] = value
            }
            current = .object(merged)
            currentBase = targetBase
        }
        return nil
    }

    static func typeName(_ original: JSONValue, _ resolved: JSONObject) -> String {
        var name: String
        switch resolved["type"] {
        case .string(let type)?: name = type
        case .array(let types)?: name = types.compactMap(\.stringValue).joined(separator: " \\| ")
        default: name = resolved["enum"] != nil ? "enum" : (resolved["const"] != nil ? "const" : "any")
        }
        if name == "array", let items = resolved["items"]?.objectValue?["type"]?.stringValue {
            name = "array of \(items)"
        }
        if let reference = original.objectValue?["$ref"]?.stringValue, let last = reference.split(separator: "/").last {
            name += " (\(last))"
        }
        return name
    }

    static func constraints(_ schema: JSONObject) -> String {
        var parts: [String] = []
        if let format = schema["format"]?.stringValue { parts.append("format \(format)") }
        if let pattern = schema["pattern"]?.stringValue { parts.append("pattern `\(pattern)`") }
        if let values = schema["enum"]?.arrayValue { parts.append("one of " + values.map { $0.jsonString() }.joined(separator: ", ")) }
        if let value = schema["const"] { parts.append("= \(value.jsonString())") }
        for (key, label) in [
            ("minimum", "≥"), ("exclusiveMinimum", ">"), ("maximum", "≤"), ("exclusiveMaximum", "<"),
            ("minLength", "min length"), ("maxLength", "max length"), ("minItems", "min items"), ("maxItems", "max items"),
            ("multipleOf", "multiple of"),
        ] {
            if let value = schema[key] { parts.append("\(label) \(value.jsonString())") }
        }
        if schema["uniqueItems"]?.boolValue == true { parts.append("unique items") }
        return parts.joined(separator: "; ")
    }
}
