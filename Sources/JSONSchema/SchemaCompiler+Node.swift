extension SchemaCompiler {
    /// Compiles the schema at `location` and every subschema below it (not `$ref` targets,
    /// which get their own table slot).
    func compileNode(at location: SchemaLocation) throws(SchemaCompileError) -> SchemaNode {
        guard let value = self.value(at: location) else { throw self.error(at: location, "no schema at this location") }
        let scope = self.scope(at: location)
        let absolute = self.absoluteURI(of: location, resource: scope.resource)
        switch value {
        case .bool(let boolean):
            return SchemaNode(boolean: boolean, resource: scope.resource, absoluteLocation: absolute)
        case .object(let object):
            let reader = KeywordReader(compiler: self, object: object, location: location, base: scope.base)
            try reader.checkIdentifiers()
            return SchemaNode(
                assertions: try reader.generalKeywords(),
                numberKeywords: try reader.numberKeywords(),
                stringKeywords: try reader.stringKeywords(),
                arrayKeywords: try reader.arrayKeywords(),
                objectKeywords: try reader.objectKeywords(),
                applicators: try reader.applicators(),
                unevaluatedProperties: try reader.subschema("unevaluatedProperties"),
                unevaluatedItems: try reader.subschema("unevaluatedItems"),
                resource: scope.resource,
                absoluteLocation: absolute
            )
        default:
            throw self.error(at: location, "a schema must be an object or a boolean, not \(value.typeName)")
        }
    }
}

/// Reads and checks the keywords of one schema object.
struct KeywordReader {
    let compiler: SchemaCompiler
    let object: JSONObject
    let location: SchemaLocation
    let base: String

    func error(_ keyword: String, _ reason: String) -> SchemaCompileError {
        self.compiler.error(at: self.location.appending(keyword), reason)
    }

    func checkIdentifiers() throws(SchemaCompileError) {
        if let id = self.object["$id"] {
            guard case .string(let text) = id else { throw self.error("$id", "$id must be a string") }
            if let fragment = URIReference(text).fragment, !fragment.isEmpty {
                throw self.error("$id", "$id must not contain a non-empty fragment")
            }
        }
        for keyword in ["$anchor", "$dynamicAnchor"] {
            guard let anchor = self.object[keyword] else { continue }
            guard case .string(let name) = anchor, KeywordReader.isAnchorName(name) else {
                throw self.error(keyword, "\(keyword) must be a name like 'item' (letters, digits, '-', '_', '.')")
            }
        }
    }

    private static func isAnchorName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII
                && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                    || "-_.".unicodeScalars.contains(scalar))
        }
    }

    // MARK: Subschemas

    /// The compiled subschema under `keyword`, if present.
    func subschema(_ keyword: String) throws(SchemaCompileError) -> SchemaNode? {
        guard self.object[keyword] != nil else { return nil }
        return try self.compiler.compileNode(at: self.location.appending(keyword))
    }

    /// The compiled subschemas of an object-valued keyword, in order.
    func subschemaMap(_ keyword: String) throws(SchemaCompileError) -> [(name: String, schema: SchemaNode)]? {
        guard let value = self.object[keyword] else { return nil }
        guard case .object(let members) = value else { throw self.error(keyword, "\(keyword) must be an object") }
        var result: [(name: String, schema: SchemaNode)] = []
        for member in members.members {
            result.append((member.key, try self.compiler.compileNode(at: self.location.appending(keyword, member.key))))
        }
        return result
    }

    /// The compiled subschemas of an array-valued keyword.
    func subschemaList(_ keyword: String) throws(SchemaCompileError) -> [SchemaNode]? {
        guard let value = self.object[keyword] else { return nil }
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw self.error(keyword, "\(keyword) must be a non-empty array of schemas")
        }
        var result: [SchemaNode] = []
        for index in elements.indices {
            result.append(try self.compiler.compileNode(at: self.location.appending(keyword, String(index))))
        }
        return result
    }

    // MARK: Values

    /// A non-negative integer keyword (`2.0` is accepted as `2`).
    func count(_ keyword: String) throws(SchemaCompileError) -> Int? {
        guard let value = self.object[keyword] else { return nil }
        guard case .number(let number) = value, let integer = number.int64Value, integer >= 0 else {
            throw self.error(keyword, "\(keyword) must be a non-negative integer")
        }
        return Int(clamping: integer)
    }

    /// A number keyword.
    func number(_ keyword: String) throws(SchemaCompileError) -> JSONNumber? {
        guard let value = self.object[keyword] else { return nil }
        guard case .number(let number) = value else { throw self.error(keyword, "\(keyword) must be a number") }
        return number
    }

    /// A string keyword.
    func string(_ keyword: String) throws(SchemaCompileError) -> String? {
        guard let value = self.object[keyword] else { return nil }
        guard case .string(let string) = value else { throw self.error(keyword, "\(keyword) must be a string") }
        return string
    }

    /// An array-of-strings keyword, checked at `location`.
    func strings(_ value: JSONValue, at keyword: String...) throws(SchemaCompileError) -> [String] {
        guard case .array(let elements) = value else {
            throw self.compiler.error(at: self.location.appending(keyword), "\(keyword[0]) must be an array of strings")
        }
        var result: [String] = []
        for element in elements {
            guard case .string(let string) = element else {
                throw self.compiler.error(
                    at: self.location.appending(keyword), "\(keyword[0]) must be an array of strings")
            }
            result.append(string)
        }
        return result
    }

    /// A compiled regular expression found under `keyword` (and `token`, for patternProperties).
    func pattern(_ source: String, at tokens: [String]) throws(SchemaCompileError) -> PatternMatcher {
        do throws(PatternSyntaxError) {
            return try PatternMatcher(source)
        } catch {
            let location = SchemaLocation(
                document: self.location.document, pointer: self.location.pointer.appending(tokens))
            throw self.compiler.error(at: location, "invalid regular expression \(source): \(error.reason)")
        }
    }
}
