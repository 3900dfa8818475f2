import JSONSchema
import Testing

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
        let compiled = try JSONSchema.compile(.object(["pattern": .string(pattern)]))
        #expect(compiled.isValid(.string(subject)) == expected)
    }

    @Test func invalidPatternsAreCompileErrors() {
        for pattern in ["(", "[a", "a**", "*a", "[z-a]", "a{3,2}", "\\"] {
            #expect(throws: SchemaCompileError.self, "\(pattern)") {
                try JSONSchema.compile(.object(["pattern": .string(pattern)]))
            }
        }
    }
}
