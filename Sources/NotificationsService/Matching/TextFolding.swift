import Foundation

/// Case- and accent-insensitive text comparison for keyword alerts (domain §6.1).
enum TextFolding {
    /// Lower-cased, without diacritics, `œ`/`æ` spelled out, runs of non-alphanumerics collapsed to one space.
    static func fold(_ text: String) -> String {
        var folded = ""
        var lastWasSpace = true
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            let expanded: String
            switch scalar {
            case "œ": expanded = "oe"
            case "æ": expanded = "ae"
            case "ß": expanded = "ss"
            default: expanded = String(scalar)
            }
            for character in expanded {
                if character.isLetter || character.isNumber {
                    folded.append(character)
                    lastWasSpace = false
                } else if !lastWasSpace {
                    folded.append(" ")
                    lastWasSpace = true
                }
            }
        }
        return folded.hasSuffix(" ") ? String(folded.dropLast()) : folded
    }

    /// Whether `keyword` starts a word of `text` (both folded here): `voirie` matches « Travaux de VOIRIES ».
    static func contains(_ text: String, keyword: String) -> Bool {
        let needle = self.fold(keyword)
        guard !needle.isEmpty else { return false }
        return (" " + self.fold(text)).contains(" " + needle)
    }
}
