import JSONSchema
import Testing

@Suite struct ErrorReportingTests {
    static let contract = #"""
        {
          "$id": "https://passerelle.example/contracts/award.json",
          "type": "object",
          "required": ["buyer", "amount", "lots"],
          "additionalProperties": false,
          "properties": {
            "buyer": {
              "type": "object",
              "required": ["siren"],
              "properties": {"siren": {"type": "string", "pattern": "^[0-9]{9}$"}, "name": {"$ref": "#/$defs/name"}}
            },
            "amount": {"type": "number", "minimum": 0},
            "lots": {"type": "array", "items": {"type": "object", "properties": {"number": {"type": "integer"}}}},
            "status": {"enum": ["draft", "final"]}
          },
          "$defs": {"name": {"type": "string", "minLength": 2}}
        }
        """#

    @Test func errorsNameTheInstanceAndKeywordLocations() throws {
        let compiled = try schema(Self.contract)
        let result = compiled.validate(
            json(
                #"""
                {"buyer": {"siren": "12345678", "name": "X"}, "amount": -1, "lots": [{"number": 1}, {"number": "2"}],
                 "status": "sent", "extra": true}
                """#)
        )
        #expect(!result.isValid)
        let summary = result.errors.map { "\($0.instanceLocation) \($0.keywordLocation) \($0.message)" }
        #expect(
            summary == [
                "/buyer/siren /properties/buyer/properties/siren/pattern must match pattern ^[0-9]{9}$",
                "/buyer/name /properties/buyer/properties/name/$ref/minLength must be at least 2 characters long",
                "/amount /properties/amount/minimum must be greater than or equal to 0",
                "/lots/1/number /properties/lots/items/properties/number/type must be of type integer, not string",
                "/status /properties/status/enum must be one of [\"draft\",\"final\"]",
                "/extra /additionalProperties additional property 'extra' is not allowed",
            ]
        )
        let pattern = try #require(result.errors.first)
        #expect(pattern.keyword == "pattern")
        #expect(
            pattern.absoluteKeywordLocation
                == "https://passerelle.example/contracts/award.json#/properties/buyer/properties/siren/pattern"
        )
        #expect(result.errors[1].absoluteKeywordLocation.hasSuffix("#/$defs/name/minLength"))
        #expect(
            pattern.description
                == "/buyer/siren: must match pattern ^[0-9]{9}$ (at /properties/buyer/properties/siren/pattern)")
    }

    @Test func requiredErrorsPointAtTheObject() throws {
        let result = try schema(Self.contract).validate(json(#"{"buyer": {}, "lots": []}"#))
        let required = result.errors.filter { $0.keyword == "required" }
        #expect(required.map(\.message) == ["'amount' is a required property", "'siren' is a required property"])
        #expect(required.map(\.instanceLocation) == ["", "/buyer"])
        #expect(required.map(\.keywordLocation) == ["/required", "/properties/buyer/required"])
    }

    @Test func validInstancesHaveNoErrors() throws {
        let result = try schema(Self.contract).validate(
            json(#"{"buyer": {"siren": "123456789"}, "amount": 3, "lots": []}"#))
        #expect(result == .valid)
    }

    @Test func anyOfAndOneOfListTheirBranches() throws {
        let anyOf = try schema(#"{"anyOf": [{"type": "string"}, {"minimum": 10}]}"#).validate(json("5"))
        #expect(anyOf.errors.map(\.keywordLocation) == ["/anyOf", "/anyOf/0/type", "/anyOf/1/minimum"])
        let oneOf = try schema(#"{"oneOf": [{"type": "integer"}, {"minimum": 1}]}"#).validate(json("5"))
        #expect(
            oneOf.errors.map(\.message) == [
                "must be valid against exactly one schema in oneOf, but is valid against 0, 1"
            ])
        let not = try schema(#"{"properties": {"a": {"not": {"type": "null"}}}}"#).validate(json(#"{"a": null}"#))
        #expect(not.errors.map(\.keywordLocation) == ["/properties/a/not"])
    }

    @Test func falseSchemasAndItems() throws {
        let result = try schema(#"{"prefixItems": [true], "items": false, "properties": {"x": false}}"#).validate(
            json("[1, 2]"))
        #expect(result.errors.map(\.keywordLocation) == ["/items"])
        #expect(result.errors.map(\.instanceLocation) == ["/1"])
        let property = try schema(#"{"properties": {"x": false}}"#).validate(json(#"{"x": 1}"#))
        #expect(property.errors.map(\.message) == ["property 'x' is not allowed"])
        #expect(try schema("false").validate(json("1")).errors.map(\.keywordLocation) == [""])
    }

    @Test func pointerTokensAreEscaped() throws {
        let result = try schema(#"{"properties": {"a/b~c": {"type": "string"}}}"#).validate(json(#"{"a/b~c": 1}"#))
        #expect(result.errors.map(\.instanceLocation) == ["/a~1b~0c"])
        #expect(result.errors.map(\.keywordLocation) == ["/properties/a~1b~0c/type"])
    }

    @Test func messagesDoNotQuoteInstanceValues() throws {
        let result = try schema(Self.contract).validate(
            json(#"{"buyer": {"siren": "SECRET-VALUE"}, "amount": "SECRET", "lots": 1}"#))
        #expect(result.errors.count == 3)
        #expect(result.errors.allSatisfy { !$0.description.contains("SECRET") })
    }
}

@Suite struct CompileErrorTests {
    @Test(arguments: [
        (#"{"properties": {"a": {"minLength": -1}}}"#, "/properties/a/minLength", "non-negative integer"),
        (#"{"items": {"pattern": "(unclosed"}}"#, "/items/pattern", "invalid regular expression"),
        (#"{"patternProperties": {"[z-a]": {}}}"#, "/patternProperties/[z-a]", "invalid regular expression"),
        (#"{"type": "text"}"#, "/type", "type must be one of"),
        (#"{"allOf": []}"#, "/allOf", "non-empty array"),
        (##"{"$defs": {"x": 3}, "$ref": "#/$defs/x"}"##, "/$defs/x", "must be an object or a boolean"),
        (##"{"properties": {"a": {"$ref": "#/$defs/missing"}}}"##, "/properties/a/$ref", "cannot resolve reference"),
        (#"{"$ref": "https://elsewhere.example/s.json"}"#, "/$ref", "no schema is known"),
        (##"{"$ref": "#nowhere"}"##, "/$ref", "no anchor named nowhere"),
        (#"{"multipleOf": 0}"#, "/multipleOf", "greater than 0"),
        (#"{"required": ["a", 1]}"#, "/required", "array of strings"),
        (#"{"dependentRequired": {"a": "b"}}"#, "/dependentRequired/a", "array of strings"),
        (#"{"$anchor": "1abc"}"#, "/$anchor", "$anchor must be a name"),
        (#"{"$id": "https://x.example/a.json#frag"}"#, "/$id", "fragment"),
        (#"{"not": [1]}"#, "/not", "must be an object or a boolean"),
        (#"{"uniqueItems": "yes"}"#, "/uniqueItems", "boolean"),
    ])
    func compileErrorsNameTheBadPart(text: String, location: String, reason: String) {
        do {
            _ = try JSONSchema.compile(json(text))
            Issue.record("\(text) should not compile")
        } catch {
            #expect(error.schemaLocation == location)
            #expect(error.reason.contains(reason), "\(error.reason)")
            #expect(error.description.contains(location))
        }
    }

    @Test func theRootMustBeASchema() {
        #expect(throws: SchemaCompileError.self) { try JSONSchema.compile(json("[]")) }
    }
}
