import JSONSchema
import Testing

/// Array keywords the official files in `shared/testdata` do not cover.
@Suite struct ArrayKeywordTests {
    @Test func contains() throws {
        let text = #"{"contains": {"type": "integer", "minimum": 5}}"#
        #expect(try accepts(text, #"[1, "a", 7]"#))
        #expect(try !accepts(text, #"[1, 2, "x"]"#))
        #expect(try !accepts(text, "[]"))
        #expect(try accepts(text, #"{"not": "an array"}"#))
        #expect(try !accepts(#"{"contains": false}"#, "[1]"))
    }

    @Test func minAndMaxContains() throws {
        let text = #"{"contains": {"const": 1}, "minContains": 2, "maxContains": 3}"#
        #expect(try !accepts(text, "[1, 2]"))
        #expect(try accepts(text, "[1, 2, 1]"))
        #expect(try accepts(text, "[1, 1, 1.0]"))
        #expect(try !accepts(text, "[1, 1, 1, 1]"))
        #expect(try accepts(#"{"contains": {"const": 1}, "minContains": 0}"#, "[]"))
        #expect(try accepts(#"{"minContains": 3}"#, "[]"), "minContains without contains is ignored")
        #expect(try !accepts(#"{"contains": {"const": 1}, "maxContains": 0, "minContains": 0}"#, "[1]"))
    }

    @Test func uniqueItems() throws {
        let text = #"{"uniqueItems": true}"#
        #expect(try accepts(text, #"[1, "1", [1], {"a": 1}, true]"#))
        #expect(try !accepts(text, "[1, 1.0]"))
        #expect(try !accepts(text, #"[{"a": 1, "b": 2}, {"b": 2, "a": 1}]"#))
        #expect(try !accepts(text, "[[1, [2]], [1, [2]]]"))
        #expect(try accepts(text, "[false, 0, null, []]"))
        #expect(try accepts(#"{"uniqueItems": false}"#, "[1, 1]"))
        let many = (0..<40).map(String.init).joined(separator: ",")
        #expect(try accepts(text, "[\(many)]"))
        #expect(try !accepts(text, "[\(many), 17.0]"))
    }

    @Test func prefixItemsWithItemsFalse() throws {
        let text = #"{"prefixItems": [{"type": "string"}, {"type": "integer"}], "items": false}"#
        #expect(try accepts(text, #"["a", 1]"#))
        #expect(try accepts(text, #"["a"]"#))
        #expect(try !accepts(text, #"["a", 1, null]"#))
        #expect(try !accepts(text, #"[1, 1]"#))
    }
}
