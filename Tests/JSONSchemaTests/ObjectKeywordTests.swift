import JSONSchema
import Testing

/// Object keywords the official files in `shared/testdata` do not cover.
@Suite struct ObjectKeywordTests {
    @Test func minAndMaxProperties() throws {
        let bounds = #"{"minProperties": 1, "maxProperties": 2}"#
        #expect(try !accepts(bounds, "{}"))
        #expect(try accepts(bounds, #"{"a": 1}"#))
        #expect(try accepts(bounds, #"{"a": 1, "b": 2}"#))
        #expect(try !accepts(bounds, #"{"a": 1, "b": 2, "c": 3}"#))
        #expect(try accepts(bounds, "[]"), "ignores non-objects")
    }

    @Test func patternProperties() throws {
        let text = #"{"patternProperties": {"^x-": {"type": "string"}, "[0-9]$": {"type": "integer"}}}"#
        #expect(try accepts(text, #"{"x-trace": "abc", "lot1": 3, "other": null}"#))
        #expect(try !accepts(text, #"{"x-trace": 1}"#))
        #expect(try !accepts(text, #"{"x-9": 1}"#), "a member matching two patterns must satisfy both")
        #expect(try !accepts(text, #"{"lot1": 1.5}"#))
    }

    @Test func additionalPropertiesSeesPatternProperties() throws {
        let text = #"{"properties": {"id": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}"#
        #expect(try accepts(text, #"{"id": 1, "x-a": 2}"#))
        #expect(try !accepts(text, #"{"id": 1, "y": 2}"#))
    }

    @Test func propertyNames() throws {
        let text = #"{"propertyNames": {"pattern": "^[a-z]+$", "maxLength": 5}}"#
        #expect(try accepts(text, #"{"abc": 1, "de": [2]}"#))
        #expect(try !accepts(text, #"{"Abc": 1}"#))
        #expect(try !accepts(text, #"{"abcdef": 1}"#))
        #expect(try accepts(#"{"propertyNames": false}"#, "{}"))
        #expect(try !accepts(#"{"propertyNames": false}"#, #"{"a": 1}"#))
    }

    @Test func dependentRequired() throws {
        let text = #"{"dependentRequired": {"siret": ["siren"], "iban": ["bic", "holder"]}}"#
        #expect(try accepts(text, #"{"siret": "x", "siren": "y"}"#))
        #expect(try !accepts(text, #"{"siret": "x"}"#))
        #expect(try accepts(text, #"{"siren": "y"}"#))
        #expect(try !accepts(text, #"{"iban": 1, "bic": 2}"#))
        #expect(try accepts(text, #"{"iban": 1, "bic": 2, "holder": 3}"#))
    }

    @Test func dependentSchemas() throws {
        let text = #"""
            {"dependentSchemas": {"card": {"required": ["expiry"], "properties": {"expiry": {"type": "string"}}}}}
            """#
        #expect(try accepts(text, #"{"card": 1, "expiry": "12/30"}"#))
        #expect(try !accepts(text, #"{"card": 1}"#))
        #expect(try !accepts(text, #"{"card": 1, "expiry": 1230}"#))
        #expect(try accepts(text, #"{"expiry": 1230}"#))
        #expect(try !accepts(#"{"dependentSchemas": {"a": false}}"#, #"{"a": 1}"#))
    }

    @Test func requiredNamesOutsideProperties() throws {
        let text = #"{"properties": {"a": {"type": "integer"}}, "required": ["a", "b"]}"#
        #expect(try accepts(text, #"{"a": 1, "b": null}"#))
        #expect(try !accepts(text, #"{"a": 1}"#))
        #expect(try !accepts(text, #"{"b": 1}"#))
    }

    @Test func manyPropertiesStillCheckRequired() throws {
        var properties: [String] = []
        var required: [String] = []
        for index in 0..<80 {
            properties.append(#""p\#(index)": {"type": "integer"}"#)
            if index % 10 == 0 { required.append(#""p\#(index)""#) }
        }
        let propertyList = properties.joined(separator: ",")
        let text = #"{"properties": {\#(propertyList)}, "required": [\#(required.joined(separator: ","))]}"#
        var members = (0..<80).map { #""p\#($0)": \#($0)"# }
        #expect(try accepts(text, "{\(members.joined(separator: ","))}"))
        members.remove(at: 70)
        #expect(try !accepts(text, "{\(members.joined(separator: ","))}"))
    }
}
