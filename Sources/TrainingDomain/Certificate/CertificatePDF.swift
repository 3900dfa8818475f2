import Foundation

/// The training certificate (attestation de formation) as a one-page A4 PDF 1.4, written by hand: the standard
/// Helvetica fonts in WinAnsiEncoding, an uncompressed content stream, an Info dictionary and an exact xref table.
public struct CertificatePDF: Sendable {
    /// The PDF file for `content`; the same content gives the same bytes.
    public static func render(_ content: Content) -> Data {
        var document = PDFDocumentWriter()
        document.object(1, "<< /Type /Catalog /Pages 2 0 R >>")
        document.object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
        document.object(
            3,
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(Self.pageWidth) \(Self.pageHeight)] "
                + "/Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>")
        document.object(4, Self.fontDictionary(.regular))
        document.object(5, Self.fontDictionary(.bold))
        document.stream(6, Self.page(content))
        document.object(
            7,
            "<< /Title \(PDFString.textString("Attestation de formation – \(content.agentName)")) "
                + "/Author \(PDFString.textString(content.organiser)) /Producer (Passerelle) "
                + "/CreationDate \(PDFString.textString(PDFString.date(content.issuedAt))) >>")
        return document.finish(root: 1, info: 7)
    }

    /// Hours from minutes with a French decimal comma and no trailing zero, to the hundredth:
    /// 210 → `3,5`, 420 → `7`, 195 → `3,25`, 200 → `3,33`.
    public static func hoursText(minutes: Int) -> String {
        let hundredths = (abs(minutes) * 100 + 30) / 60
        var text = String(hundredths / 100)
        let fraction = hundredths % 100
        if fraction != 0 {
            text += "," + (fraction % 10 == 0 ? String(fraction / 10) : ICalendarValue.digits(fraction, 2))
        }
        return minutes < 0 && hundredths != 0 ? "-" + text : text
    }

    static let pageWidth = 595
    static let pageHeight = 842

    private static func fontDictionary(_ font: HelveticaMetrics.Font) -> String {
        "<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>"
    }
}
