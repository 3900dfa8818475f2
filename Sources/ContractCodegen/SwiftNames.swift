/// Swift identifiers made from schema names: `tender-document` → `TenderDocument`, `non-acquit` →
/// `nonAcquit`, keywords escaped with backticks.
enum SwiftNames {
    /// Words of a name: split on anything but letters and digits, and before an upper-case letter that
    /// follows a lower-case one (`dceVersion` → `dce`, `Version`).
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousIsLower = false
        for character in text {
            guard character.isLetter || character.isNumber else {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousIsLower = false
                continue
            }
            if character.isUppercase, previousIsLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current.append(character)
            previousIsLower = character.isLowercase || character.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `UpperCamelCase`; a word in capitals keeps them (`ACTES` stays `ACTES`).
    static func typeName(_ text: String) -> String {
        let joined = Self.words(text).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        guard let first = joined.first else { return "Value" }
        return first.isNumber ? "_" + joined : joined
    }

    /// `lowerCamelCase`; a first word in capitals is lowered whole (`ACTES-v2` → `actesV2`).
    static func memberName(_ text: String) -> String {
        let words = Self.words(text)
        guard let head = words.first else { return "empty" }
        let first = head.allSatisfy { !$0.isLowercase } ? head.lowercased() : head.prefix(1).lowercased() + head.dropFirst()
        let rest = words.dropFirst().map { word -> String in
            let lowered = word.allSatisfy { !$0.isLowercase } && word.count > 1 ? word.lowercased() : word
            return lowered.prefix(1).uppercased() + lowered.dropFirst()
        }
        let joined = first + rest.joined()
        return joined.first?.isNumber == true ? "_" + joined : joined
    }

    /// A declaration of the name: backticks around a keyword.
    static func escaped(_ name: String) -> String {
        Self.keywords.contains(name) ? "`\(name)`" : name
    }

    /// The singular of a property name, for the type of an array's items: `lots` → `Lot`,
    /// `matches` → `Match`, `bodies` → `Body`.
    static func singular(_ name: String) -> String {
        if name.hasSuffix("ies"), name.count > 4 { return String(name.dropLast(3)) + "y" }
        for suffix in ["ches", "shes", "sses", "xes"] where name.hasSuffix(suffix) { return String(name.dropLast(2)) }
        if name.hasSuffix("s"), !name.hasSuffix("ss"), name.count > 3 { return String(name.dropLast()) }
        return name + "Item"
    }

    /// Names a generated type must not take: they would hide a type the generated code uses.
    static let reservedTypeNames: Set<String> = [
        "Any", "Array", "Bool", "Calendar", "CalendarDate", "Character", "Codable", "CodingKey", "CodingKeys", "ContractMessage",
        "ContractScalar", "Data", "Date", "Decimal", "Decoder", "Dictionary", "Double", "Encoder", "Error",
        "Float", "Foundation", "Hashable", "Int", "JSONValue", "Locale", "Optional", "Protocol", "Self", "Sendable",
        "Set", "String", "Substring", "TimeZone", "Type", "URL", "UUID", "Weekday",
    ]

    static let keywords: Set<String> = [
        "associatedtype", "break", "case", "catch", "class", "continue", "default", "defer", "deinit", "do",
        "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for", "func", "guard", "if",
        "import", "in", "init", "inout", "internal", "is", "let", "nil", "open", "operator", "package",
        "private", "protocol", "public", "repeat", "rethrows", "return", "self", "Self", "static", "struct",
        "subscript", "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "where", "while",
        "Type", "Protocol", "Any", "some", "any",
    ]
}
