/// The drawing operators of one page: text lines in the two Helvetica fonts, lines and rectangles.
struct PDFContentStream {
    private(set) var bytes: [UInt8] = []

    mutating func text(_ text: String, font: HelveticaMetrics.Font, size: Double, x: Double, y: Double) {
        self.operators("BT /\(font.resource) \(Self.number(size)) Tf \(Self.number(x)) \(Self.number(y)) Td ")
        self.bytes += PDFString.literal(text)
        self.operators(" Tj ET\n")
    }

    /// A line of text centred between `left` and `right`.
    mutating func centred(
        _ text: String, font: HelveticaMetrics.Font, size: Double, left: Double, right: Double, y: Double
    ) {
        let width = HelveticaMetrics.width(text, font: font, size: size)
        self.text(text, font: font, size: size, x: left + max(0, (right - left - width) / 2), y: y)
    }

    /// Sets the stroke and fill colour (RGB, 0–1).
    mutating func colour(_ red: Double, _ green: Double, _ blue: Double) {
        let rgb = [red, green, blue].map(Self.number).joined(separator: " ")
        self.operators("\(rgb) RG \(rgb) rg\n")
    }

    mutating func line(from start: (Double, Double), to end: (Double, Double), width: Double) {
        self.operators(
            "\(Self.number(width)) w \(Self.number(start.0)) \(Self.number(start.1)) m "
                + "\(Self.number(end.0)) \(Self.number(end.1)) l S\n")
    }

    mutating func rectangle(x: Double, y: Double, width: Double, height: Double, lineWidth: Double) {
        self.operators(
            "\(Self.number(lineWidth)) w \(Self.number(x)) \(Self.number(y)) "
                + "\(Self.number(width)) \(Self.number(height)) re S\n")
    }

    private mutating func operators(_ text: String) {
        self.bytes += Array(text.utf8)
    }

    /// A PDF number with at most two decimals and no exponent: `12`, `297.5`, `0.12`.
    static func number(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        let sign = hundredths < 0 ? "-" : ""
        let whole = abs(hundredths) / 100
        let fraction = abs(hundredths) % 100
        if fraction == 0 {
            return "\(sign)\(whole)"
        }
        let decimals = fraction % 10 == 0 ? String(fraction / 10) : ICalendarValue.digits(fraction, 2)
        return "\(sign)\(whole).\(decimals)"
    }
}
