import Foundation

/// Windows-1252, the `/WinAnsiEncoding` of the standard PDF fonts: Latin-1 plus the typographic characters at
/// 0x80–0x9F (’ “ ” – — … € œ Œ).
enum WinAnsiEncoding {
    /// The characters of 0x80–0x9F that differ from Latin-1.
    static let extraBytes: [Unicode.Scalar: UInt8] = [
        "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87,
        "ˆ": 0x88, "‰": 0x89, "Š": 0x8A, "‹": 0x8B, "Œ": 0x8C, "Ž": 0x8E,
        "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95, "–": 0x96, "—": 0x97,
        "˜": 0x98, "™": 0x99, "š": 0x9A, "›": 0x9B, "œ": 0x9C, "ž": 0x9E, "Ÿ": 0x9F,
    ]

    /// The text in Windows-1252 after composing accents (e + ◌́ → é). Narrow and figure no-break spaces become
    /// 0xA0, tabs and line breaks a space, other control characters are dropped and the rest becomes `?`.
    static func bytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.value {
            case 0x20...0x7E, 0xA0...0xFF: bytes.append(UInt8(scalar.value))
            case 0x09, 0x0A, 0x0D: bytes.append(0x20)
            case 0x00...0x1F, 0x7F...0x9F: continue
            case 0x202F, 0x2007: bytes.append(0xA0)
            default: bytes.append(self.extraBytes[scalar] ?? 0x3F)
            }
        }
        return bytes
    }

    /// The character a byte stands for.
    static func scalar(_ byte: UInt8) -> Unicode.Scalar {
        if let extra = self.extraBytes.first(where: { $0.value == byte }) {
            return extra.key
        }
        return Unicode.Scalar(byte)
    }
}
