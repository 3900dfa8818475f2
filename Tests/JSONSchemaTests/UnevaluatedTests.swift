import JSONSchema
import Testing

@Suite struct UnevaluatedTests {
    @Test func unevaluatedPropertiesSeesThroughApplicators() throws {
        let text = #"""
            {"allOf": [{"properties": {"a": {}}}],
             "anyOf": [{"properties": {"b": {}}}, {"patternProperties": {"^c": {}}}],
             "unevaluatedProperties": false}
            """#
        #expect(try accepts(text, #"{"a": 1, "b": 2, "c1": 3}"#))
        #expect(try !accepts(text, #"{"a": 1, "d": 4}"#))
    }

    @Test func failedBranchesDoNotCount() throws {
        let text = #"""
            {"anyOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]},
                       {"properties": {"b": {}}, "required": ["b"]}],
             "unevaluatedProperties": false}
            """#
        #expect(try accepts(text, #"{"a": "x"}"#))
        #expect(try !accepts(text, #"{"a": 1, "b": 2}"#), "'a' was only evaluated by the failing branch")
        #expect(try accepts(text, #"{"a": "x", "b": 2}"#))
    }

    @Test func conditionalsAndReferencesCount() throws {
        let text = #"""
            {"if": {"properties": {"kind": {"const": "lot"}}, "required": ["kind"]},
             "then": {"properties": {"number": {}}}, "else": {"properties": {"name": {}}},
             "$ref": "#/$defs/base", "$defs": {"base": {"properties": {"id": {}}}},
             "unevaluatedProperties": false}
            """#
        #expect(try accepts(text, #"{"kind": "lot", "number": 1, "id": 2}"#))
        #expect(try !accepts(text, #"{"kind": "lot", "name": "x"}"#))
        #expect(try accepts(text, #"{"name": "x", "id": 2}"#))
        #expect(try !accepts(text, #"{"kind": "other", "name": "x"}"#), "a failed 'if' evaluates nothing")
    }

    @Test func nestedUnevaluatedPropertiesMarkTheirMembers() throws {
        let text = #"""
            {"allOf": [{"properties": {"a": {}}, "unevaluatedProperties": {"type": "integer"}}],
             "unevaluatedProperties": false}
            """#
        #expect(try accepts(text, #"{"a": "x", "b": 1}"#))
        #expect(try !accepts(text, #"{"a": "x", "b": "y"}"#))
    }

    @Test func notNeverEvaluates() throws {
        let text = #"{"not": {"not": {"properties": {"a": {}}}}, "unevaluatedProperties": false}"#
        #expect(try !accepts(text, #"{"a": 1}"#))
        #expect(try accepts(text, "{}"))
    }

    @Test func unevaluatedItems() throws {
        let text = #"""
            {"prefixItems": [{"type": "string"}], "allOf": [{"prefixItems": [true, {"type": "number"}]}],
             "unevaluatedItems": false}
            """#
        #expect(try accepts(text, #"["a", 1]"#))
        #expect(try !accepts(text, #"["a", 1, null]"#))
        let withContains = #"{"contains": {"type": "string"}, "unevaluatedItems": {"type": "integer"}}"#
        #expect(try accepts(withContains, #"["a", 1, "b", 2]"#))
        #expect(try !accepts(withContains, #"["a", 1.5]"#))
        let withItems = #"{"anyOf": [{"items": {"type": "integer"}}, true], "unevaluatedItems": false}"#
        #expect(try accepts(withItems, "[1, 2]"))
        #expect(try !accepts(withItems, #"[1, "2"]"#))
    }

    @Test func dependentSchemasCount() throws {
        let text = #"""
            {"dependentSchemas": {"card": {"properties": {"expiry": {}}}}, "properties": {"card": {}},
             "unevaluatedProperties": false}
            """#
        #expect(try accepts(text, #"{"card": 1, "expiry": 2}"#))
        #expect(try !accepts(text, #"{"expiry": 2}"#))
    }

    @Test func siblingApplicatorsDoNotSeeEachOther() throws {
        let text = #"""
            {"allOf": [{"properties": {"id": true}, "unevaluatedProperties": false}],
             "anyOf": [{"properties": {"name": true}}]}
            """#
        #expect(try accepts(text, #"{"id": 1}"#))
        #expect(try !accepts(text, #"{"id": 1, "name": 2}"#), "the allOf branch cannot see the anyOf sibling")
    }

    @Test func everyLevelOfARecursiveSchemaChecksItsOwnMembers() throws {
        let text = ##"{"properties": {"child": {"$ref": "#"}}, "unevaluatedProperties": false}"##
        #expect(try accepts(text, #"{"child": {"child": {}}}"#))
        #expect(try !accepts(text, #"{"child": {"child": {}, "extra": 1}}"#))
    }

    @Test func itemsFoundByContainsInsideAHoldingIfCount() throws {
        let text = #"""
            {"if": {"contains": {"const": "a"}}, "then": {"if": {"contains": {"const": "b"}}}, "unevaluatedItems": false}
            """#
        #expect(try accepts(text, #"["a", "b", "a"]"#))
        #expect(try !accepts(text, #"["a", "c"]"#))
        #expect(try !accepts(text, #"["b"]"#), "a failing 'if' evaluates nothing")
    }
}
