import Testing

@testable import JSONSchema

@Suite struct RegexTests {
    @Test(arguments: [
        ("^[0-9]{9}$", "732829320", true), ("^[0-9]{9}$", "73282932", false), ("^[0-9]{9}$", "7328293201", false),
        ("^T-[0-9]{4}-[0-9]{6}$", "T-2025-000123", true), ("a+b", "xxaaab", true), ("^a|b$", "xb", true),
        ("^(ab)*c$", "ababc", true), ("^(ab)*c$", "abac", false), ("colou?r", "color", true), ("^.$", "😀", true),
        ("^.$", "\n", false), ("^\\d+$", "١٢٣", false), ("^\\w+$", "café", false), ("\\bword\\b", "a word.", true),
        ("\\bword\\b", "swordfish", false), ("^[^a-c]+$", "xyz", true), ("^[^a-c]+$", "xaz", false),
        ("^(?=.*[0-9])(?=.*[A-Z]).{8,}$", "Passw0rdX", true), ("^(?=.*[0-9])(?=.*[A-Z]).{8,}$", "password1", false),
        ("^(?!admin$).+", "admin", false), ("^(?!admin$).+", "administrator", true), ("^a{2,}$", "aaaa", true),
        ("^a{2,3}$", "aaaa", false), ("x{", "x{", true), ("^[\\u00e0-\\u00ff]+$", "àé", true),
        ("^\\u{1F600}$", "😀", true),
        ("^(a*)*$", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false),
        ("^(a|a)*$", String(repeating: "a", count: 40) + "b", false),
        ("[\\s]", "a\u{00A0}b", true), ("^[a-z-]+$", "a-b", true), ("^[\\w.-]+$", "a.b-c_d", true), ("$^", "", true),
        ("^(?:\\+33|0)[1-9](?:[0-9]{2}){4}$", "+33612345678", true), ("^\\p{Letter}+$", "π", true),
        ("^\\p{Letter}+$", "123", false), ("(a)\\1", "aa", true),
    ])
    func matches(pattern: String, subject: String, expected: Bool) throws {
        let matcher = try PatternMatcher(pattern)
        #expect(matcher.matches(subject) == expected)
    }

    @Test func commonPatternsRunOnTheBuiltInEngine() throws {
        for pattern in ["^[0-9]{9}$", "^(?:2[AB]|[0-9]{2})[0-9]{3}$", "^[A-Z]{3}$", "^(?=a).b$", "\\bx\\b"] {
            #expect(try PatternMatcher(pattern).usesBuiltInEngine, "\(pattern)")
        }
        for pattern in ["\\p{L}", "(a)\\1", "(?<=a)b"] {
            #expect(try !PatternMatcher(pattern).usesBuiltInEngine, "\(pattern)")
        }
    }

    @Test func invalidPatternsAreRejected() {
        for pattern in ["(", "[a", "a**", "*a", "[z-a]", "a{3,2}", "\\"] {
            #expect(throws: PatternSyntaxError.self, "\(pattern)") { try PatternMatcher(pattern) }
        }
    }
}
