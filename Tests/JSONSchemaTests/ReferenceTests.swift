import Identifiers
import JSONSchema
import Testing

@Suite struct ReferenceTests {
    @Test func anchorsAndIdsInsideTheDocument() throws {
        let text = #"""
            {
              "$id": "https://passerelle.example/schemas/tender.json",
              "properties": {
                "buyer": {"$ref": "#organisation"},
                "lot": {"$ref": "lot.json"},
                "lotByPointer": {"$ref": "lot.json#/properties/number"},
                "code": {"$ref": "https://passerelle.example/schemas/tender.json#/$defs/code"}
              },
              "$defs": {
                "organisation": {"$anchor": "organisation", "required": ["siret"]},
                "lot": {"$id": "lot.json", "type": "object", "properties": {"number": {"type": "integer"}}},
                "code": {"type": "string", "pattern": "^[A-Z]+$"}
              }
            }
            """#
        #expect(try accepts(text, #"{"buyer": {"siret": "x"}, "lot": {"number": 1}, "lotByPointer": 2, "code": "AB"}"#))
        #expect(try !accepts(text, #"{"buyer": {}}"#))
        #expect(try !accepts(text, #"{"lot": {"number": "1"}}"#))
        #expect(try !accepts(text, #"{"lotByPointer": 1.5}"#))
        #expect(try !accepts(text, #"{"code": "ab"}"#))
    }

    @Test func registeredDocumentsAndRelativeReferences() throws {
        var registry = SchemaRegistry()
        registry.register(
            json(#"{"type": "string", "format": "siret"}"#), as: "https://passerelle.example/types/siret.json")
        registry.register(
            json(#"{"$defs": {"amount": {"type": "number", "minimum": 0}}}"#),
            as: "https://passerelle.example/types/money.json"
        )
        // `siret` is asserted only when the options provide it; Contracts provides it from Identifiers.
        var options = SchemaOptions()
        options.formats["siret"] = { SIRET.isValid($0) }
        let compiled = try JSONSchema.compile(
            json(
                #"""
                {"properties": {"siret": {"$ref": "../types/siret.json"},
                                "amount": {"$ref": "../types/money.json#/$defs/amount"}}}
                """#),
            baseURI: "https://passerelle.example/contracts/tender.json",
            registry: registry,
            options: options
        )
        #expect(compiled.isValid(json(#"{"siret": "21210231300013", "amount": 10}"#)))
        #expect(!compiled.isValid(json(#"{"siret": "21210231300014"}"#)))
        #expect(!compiled.isValid(json(#"{"amount": -1}"#)))
    }

    @Test func theResolverLoadsUnknownDocuments() throws {
        let registry = SchemaRegistry(resolver: { uri in
            uri == "urn:passerelle:types:positive" ? json(#"{"exclusiveMinimum": 0}"#) : nil
        })
        let compiled = try JSONSchema.compile(
            json(#"{"items": {"$ref": "urn:passerelle:types:positive"}}"#), registry: registry)
        #expect(compiled.isValid(json("[1, 2]")))
        #expect(!compiled.isValid(json("[1, 0]")))
    }

    @Test func recursiveSchemas() throws {
        let text = #"""
            {"$defs": {"node": {"type": "object", "properties": {
               "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
               "value": {"type": "integer"}}}},
             "$ref": "#/$defs/node"}
            """#
        #expect(try accepts(text, #"{"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}"#))
        #expect(try !accepts(text, #"{"value": 1, "children": [{"value": 2, "children": [{"value": "3"}]}]}"#))
    }

    @Test func referenceLoopsFailInsteadOfCrashing() throws {
        let compiled = try schema(
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##)
        let result = compiled.validate(json("1"))
        #expect(!result.isValid)
        #expect(result.errors.first?.message.contains("nest too deeply") == true)
    }

    @Test func idInsideAnEnumIsNotAResource() throws {
        let text = #"""
            {"$defs": {"id_in_enum": {"enum": [{"$id": "https://x.example/id.json", "type": "null"}]},
             "real": {"$id": "https://x.example/id.json", "type": "string"}},
             "anyOf": [{"$ref": "#/$defs/id_in_enum"}, {"$ref": "https://x.example/id.json"}]}
            """#
        #expect(try accepts(text, #""a string""#))
        #expect(try accepts(text, #"{"$id": "https://x.example/id.json", "type": "null"}"#))
        #expect(try !accepts(text, "1"))
    }
}

@Suite struct DynamicReferenceTests {
    /// A generic list whose item type the referring schema chooses through `$dynamicAnchor`.
    static let lists = #"""
        {
          "$id": "https://passerelle.example/lists/root",
          "properties": {"numbers": {"$ref": "numbers"}, "strings": {"$ref": "strings"}, "plain": {"$ref": "list"}},
          "$defs": {
            "list": {
              "$id": "list", "type": "array", "items": {"$dynamicRef": "#item"},
              "$defs": {"default": {"$dynamicAnchor": "item"}}
            },
            "numbers": {"$id": "numbers", "$ref": "list",
                        "$defs": {"item": {"$dynamicAnchor": "item", "type": "number"}}},
            "strings": {"$id": "strings", "$ref": "list",
                        "$defs": {"item": {"$dynamicAnchor": "item", "type": "string"}}}
          }
        }
        """#

    @Test func theOutermostDynamicAnchorWins() throws {
        #expect(try accepts(Self.lists, #"{"numbers": [1, 2.5], "strings": ["a"], "plain": [1, "a", null]}"#))
        #expect(try !accepts(Self.lists, #"{"numbers": [1, "2"]}"#))
        #expect(try !accepts(Self.lists, #"{"strings": ["a", 2]}"#))
    }

    @Test func aDynamicRefWithoutDynamicAnchorIsAPlainRef() throws {
        let text = #"""
            {"$id": "https://passerelle.example/d/root", "$ref": "inner", "$defs": {
              "outer": {"$dynamicAnchor": "thing", "type": "string"},
              "inner": {"$id": "inner", "$dynamicRef": "#thing",
                        "$defs": {"thing": {"$anchor": "thing", "type": "integer"}}}}}
            """#
        #expect(try accepts(text, "1"))
        #expect(try !accepts(text, #""a""#))
    }

    @Test func aDynamicRefWithAPointerIsAPlainRef() throws {
        #expect(try accepts(##"{"$dynamicRef": "#/$defs/n", "$defs": {"n": {"type": "number"}}}"##, "9"))
        #expect(try !accepts(##"{"$dynamicRef": "#/$defs/n", "$defs": {"n": {"type": "number"}}}"##, #""9""#))
    }

    @Test func leftScopesAreNotUsed() throws {
        let text = #"""
            {"$id": "https://passerelle.example/scopes/main",
             "if": {"$id": "first", "$defs": {"t": {"$dynamicAnchor": "t", "type": "number"}}},
             "then": {"$id": "second", "$ref": "start", "$defs": {"t": {"$dynamicAnchor": "t", "type": "null"}}},
             "$defs": {"start": {"$id": "start", "$dynamicRef": "inner#t"},
                       "inner": {"$id": "inner", "$dynamicAnchor": "t", "type": "string"}}}
            """#
        #expect(try accepts(text, "null"))
        #expect(try !accepts(text, "42"))
        #expect(try !accepts(text, #""text""#))
    }
}
