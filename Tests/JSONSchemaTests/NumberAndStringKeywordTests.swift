import JSONSchema
import Testing

/// Number and string keywords the official files in `shared/testdata` do not cover.
@Suite struct NumberAndStringKeywordTests {
    @Test func multipleOfIntegers() throws {
        #expect(try accepts(#"{"multipleOf": 3}"#, "9"))
        #expect(try !accepts(#"{"multipleOf": 3}"#, "10"))
        #expect(try accepts(#"{"multipleOf": 3}"#, "-9.0"))
        #expect(try accepts(#"{"multipleOf": 2}"#, "-9223372036854775808"))
    }

    @Test(arguments: [
        ("0.01", "19.99", true), ("0.01", "148500.5", true), ("0.01", "0.07", true), ("0.01", "1.005", false),
        ("0.0001", "0.0075", true), ("0.0001", "0.00751", false), ("1.5", "4.5", true), ("1.5", "35", false),
        ("0.1", "0.3", true), ("0.25", "1.75", true), ("0.25", "1.8", false), ("1e-8", "12391239123", true),
        ("0.123456789", "1e308", false), ("2", "1e308", true), ("0.3", "0.9", true), ("1e-20", "3e-19", true),
        ("1e-20", "3.5e-20", false), ("1e300", "3e300", true), ("7", "14.000000000000002", false),
    ])
    func multipleOfDecimals(divisor: String, value: String, expected: Bool) throws {
        #expect(try accepts(#"{"multipleOf": \#(divisor)}"#, value) == expected)
    }

    @Test func numberBoundsOnMixedRepresentations() throws {
        #expect(try accepts(#"{"maximum": 9007199254740992}"#, "9007199254740992.0"))
        #expect(try !accepts(#"{"maximum": 9007199254740992}"#, "9007199254740993"))
        #expect(try !accepts(#"{"exclusiveMinimum": 1}"#, "1.0"))
        #expect(try accepts(#"{"exclusiveMinimum": 1}"#, "1.0000001"))
        #expect(try accepts(#"{"minimum": -1.5, "maximum": 2.5}"#, "-1"))
    }

    @Test func lengthCountsCodePoints() throws {
        #expect(try accepts(#"{"maxLength": 2}"#, #""😀😀""#))
        #expect(try !accepts(#"{"minLength": 3}"#, #""😀😀""#))
        #expect(try accepts(#"{"minLength": 2}"#, #""e\u0301""#), "a combining accent is its own code point")
        #expect(try !accepts(#"{"maxLength": 1}"#, #""e\u0301""#))
    }

    @Test func constAndEnumUseJSONEquality() throws {
        #expect(try accepts(#"{"const": {"a": [1, 2.0]}}"#, #"{"a": [1.0, 2]}"#))
        #expect(try !accepts(#"{"enum": ["open", "restricted"]}"#, #""Open""#))
        #expect(try accepts(#"{"enum": [null, 1]}"#, "1.0"))
    }
}
