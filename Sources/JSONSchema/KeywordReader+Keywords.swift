extension KeywordReader {
    func generalKeywords() throws(SchemaCompileError) -> [GeneralKeyword] {
        var keywords: [GeneralKeyword] = []
        if let value = self.object["type"] {
            var types = JSONTypeSet()
            let names: [JSONValue]
            if case .array(let list) = value { names = list } else { names = [value] }
            for name in names {
                guard case .string(let text) = name, let type = JSONTypeSet.names.first(where: { $0.0 == text })?.1
                else {
                    throw self.error(
                        "type",
                        "type must be one of null, boolean, integer, number, string, array, object, or an array of them"
                    )
                }
                types.insert(type)
            }
            keywords.append(.type(types))
        }
        if let value = self.object["const"] { keywords.append(.constant(value)) }
        if let value = self.object["enum"] {
            guard case .array(let allowed) = value else { throw self.error("enum", "enum must be an array") }
            keywords.append(.enumeration(allowed))
        }
        return keywords
    }

    func numberKeywords() throws(SchemaCompileError) -> [NumberKeyword] {
        var keywords: [NumberKeyword] = []
        if let limit = try self.number("minimum") { keywords.append(.minimum(limit)) }
        if let limit = try self.number("maximum") { keywords.append(.maximum(limit)) }
        if let limit = try self.number("exclusiveMinimum") { keywords.append(.exclusiveMinimum(limit)) }
        if let limit = try self.number("exclusiveMaximum") { keywords.append(.exclusiveMaximum(limit)) }
        if let divisor = try self.number("multipleOf") {
            guard let order = JSONNumber.compare(divisor, .integer(0)), order > 0 else {
                throw self.error("multipleOf", "multipleOf must be a number greater than 0")
            }
            keywords.append(.multipleOf(JSONNumber.Divisor(divisor)))
        }
        return keywords
    }

    func stringKeywords() throws(SchemaCompileError) -> [StringKeyword] {
        var keywords: [StringKeyword] = []
        if let minimum = try self.count("minLength") { keywords.append(.minLength(minimum)) }
        if let maximum = try self.count("maxLength") { keywords.append(.maxLength(maximum)) }
        if let source = try self.string("pattern") {
            keywords.append(.pattern(try self.pattern(source, at: ["pattern"])))
        }
        if let name = try self.string("format"), let check = self.compiler.options.formats[name] {
            keywords.append(.format(FormatKeyword(name: name, check: check)))
        }
        return keywords
    }

    func arrayKeywords() throws(SchemaCompileError) -> [ArrayKeyword] {
        var keywords: [ArrayKeyword] = []
        if let minimum = try self.count("minItems") { keywords.append(.minItems(minimum)) }
        if let maximum = try self.count("maxItems") { keywords.append(.maxItems(maximum)) }
        if let unique = self.object["uniqueItems"] {
            guard case .bool(let flag) = unique else {
                throw self.error("uniqueItems", "uniqueItems must be a boolean")
            }
            if flag { keywords.append(.uniqueItems) }
        }
        let prefix = try self.subschemaList("prefixItems")
        if let prefix { keywords.append(.prefixItems(prefix)) }
        if let items = try self.subschema("items") { keywords.append(.items(items, start: prefix?.count ?? 0)) }
        if let contains = try self.subschema("contains") {
            let minimum = try self.count("minContains") ?? 1
            let maximum = try self.count("maxContains")
            keywords.append(.contains(contains, minimum: minimum, maximum: maximum))
        }
        return keywords
    }

    func objectKeywords() throws(SchemaCompileError) -> [ObjectKeyword] {
        var keywords: [ObjectKeyword] = []
        if let minimum = try self.count("minProperties") { keywords.append(.minProperties(minimum)) }
        if let maximum = try self.count("maxProperties") { keywords.append(.maxProperties(maximum)) }
        let required = try self.object["required"].map { value throws(SchemaCompileError) in
            try self.strings(value, at: "required")
        }
        if let value = self.object["dependentRequired"] {
            guard case .object(let dependencies) = value else {
                throw self.error("dependentRequired", "dependentRequired must be an object of string arrays")
            }
            var list: [(property: String, required: [String])] = []
            for member in dependencies.members {
                list.append((member.key, try self.strings(member.value, at: "dependentRequired", member.key)))
            }
            keywords.append(.dependentRequired(list))
        }
        let properties = try self.subschemaMap("properties") ?? []
        var patterns: [(matcher: PatternMatcher, schema: SchemaNode)] = []
        for entry in try self.subschemaMap("patternProperties") ?? [] {
            patterns.append((try self.pattern(entry.name, at: ["patternProperties", entry.name]), entry.schema))
        }
        let additional = try self.subschema("additionalProperties")
        if properties.count > MembersKeyword.maximumProperties {
            if let required { keywords.append(.required(required)) }
            keywords.append(
                .members(
                    MembersKeyword(properties: properties, patterns: patterns, additional: additional, required: []))
            )
        } else if !properties.isEmpty || !patterns.isEmpty || additional != nil || !(required?.isEmpty ?? true) {
            keywords.append(
                .members(
                    MembersKeyword(
                        properties: properties, patterns: patterns, additional: additional, required: required ?? [])
                )
            )
        }
        if let dependencies = try self.subschemaMap("dependentSchemas") {
            keywords.append(.dependentSchemas(dependencies.map { ($0.name, $0.schema) }))
        }
        if let names = try self.subschema("propertyNames") { keywords.append(.propertyNames(names)) }
        return keywords
    }

    func applicators() throws(SchemaCompileError) -> [ApplicatorKeyword] {
        var applicators: [ApplicatorKeyword] = []
        if let reference = try self.string("$ref") {
            let target = try self.compiler.resolveReference(
                reference, base: self.base, at: self.location.appending("$ref"))
            applicators.append(.reference(self.compiler.slot(for: target.location)))
        }
        if let reference = try self.string("$dynamicRef") {
            let location = self.location.appending("$dynamicRef")
            let target = try self.compiler.resolveReference(reference, base: self.base, at: location)
            let slot = self.compiler.slot(for: target.location)
            if !target.fragment.isEmpty, !target.fragment.hasPrefix("/"),
                self.compiler.isDynamicAnchor(target.fragment, uri: target.uri, location: target.location)
            {
                self.compiler.usesDynamicScope = true
                applicators.append(.dynamicReference(name: target.fragment, initial: slot))
            } else {
                applicators.append(.reference(slot))
            }
        }
        if let schemas = try self.subschemaList("allOf") { applicators.append(.allOf(schemas)) }
        if let schemas = try self.subschemaList("anyOf") { applicators.append(.anyOf(schemas)) }
        if let schemas = try self.subschemaList("oneOf") { applicators.append(.oneOf(schemas)) }
        if let schema = try self.subschema("not") { applicators.append(.not(schema)) }
        if let condition = try self.subschema("if") {
            // Kept even without then/else: `if` contributes annotations when it holds.
            let then = try self.subschema("then")
            let otherwise = try self.subschema("else")
            applicators.append(.conditional(if: condition, then: then, else: otherwise))
        }
        return applicators
    }
}
