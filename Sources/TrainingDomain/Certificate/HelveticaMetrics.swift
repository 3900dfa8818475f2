import Foundation

/// Glyph widths of the standard Helvetica fonts (thousandths of the font size, from their AFM files), to centre and
/// wrap the certificate's lines. Accented letters are as wide as their base letter.
enum HelveticaMetrics {
    enum Font {
        case regular
        case bold

        var baseFont: String { self == .regular ? "Helvetica" : "Helvetica-Bold" }
        /// The name in the page's font resources.
        var resource: String { self == .regular ? "F1" : "F2" }
    }

    /// The widths of the printable ASCII characters, space (0x20) to tilde (0x7E).
    private static let regularASCII: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]

    private static let boldASCII: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]

    /// Characters that are not an ASCII letter with an accent: (regular, bold).
    private static let otherWidths: [Unicode.Scalar: (Int, Int)] = [
        "\u{A0}": (278, 278), "–": (556, 556), "—": (1000, 1000), "…": (1000, 1000), "€": (556, 556),
        "‘": (222, 278), "’": (222, 278), "“": (333, 500), "”": (333, 500), "«": (556, 556), "»": (556, 556),
        "°": (400, 400), "•": (350, 350), "Æ": (1000, 1000), "æ": (889, 889), "Œ": (1000, 1000), "œ": (944, 944),
        "ß": (611, 611), "Ø": (778, 778), "ø": (611, 611),
    ]

    /// The width in points of `text` set in `font` at `size`.
    static func width(_ text: String, font: Font, size: Double) -> Double {
        let thousandths = WinAnsiEncoding.bytes(text).reduce(0) { $0 + self.width(of: $1, font: font) }
        return Double(thousandths) * size / 1000
    }

    private static func width(of byte: UInt8, font: Font) -> Int {
        let table = font == .regular ? self.regularASCII : self.boldASCII
        if (0x20...0x7E).contains(byte) {
            return table[Int(byte) - 0x20]
        }
        let scalar = WinAnsiEncoding.scalar(byte)
        if let widths = self.otherWidths[scalar] {
            return font == .regular ? widths.0 : widths.1
        }
        // An accented letter: the width of its base letter (é → e).
        if let base = String(Character(scalar)).decomposedStringWithCanonicalMapping.unicodeScalars.first,
            (0x20...0x7E).contains(base.value)
        {
            return table[Int(base.value) - 0x20]
        }
        return 556
    }

    /// The text cut into lines no wider than `width` points, between words; a word wider than a line is cut.
    static func wrap(_ text: String, font: Font, size: Double, width: Double) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if self.width(candidate, font: font, size: size) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty {
                lines.append(current)
            }
            current = ""
            for character in word {
                if !current.isEmpty, self.width(current + String(character), font: font, size: size) > width {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty || lines.isEmpty {
            lines.append(current)
        }
        return lines
    }
}
