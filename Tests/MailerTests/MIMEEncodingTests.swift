import Foundation
import Testing

@testable import Mailer

@Suite struct MIMEEncodingTests {
    @Test func quotedPrintableKeepsLinesWithin76CharactersAndRoundTrips() {
        let text = String(repeating: "Les offres sont reçues jusqu'au 15 août à 12 h 00 = délai ferme. ", count: 6)
            + "\n\nfin\r\nCR seul\rici"
        let encoded = MIMEEncoding.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 76 })
        #expect(lines.contains { $0.hasSuffix("=") }, "long lines get soft breaks")
        #expect(encoded.contains("=3D"))
        #expect(MIMETestDecoding.quotedPrintable(encoded) == text
            .replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func quotedPrintableEncodesTrailingWhitespaceAndControls() {
        #expect(MIMEEncoding.quotedPrintable("a \nb\t\nc\u{0}d") == "a=20\r\nb=09\r\nc=00d")
    }

    @Test func quotedPrintableLeavesLeadingDotsToTheSMTPClient() {
        #expect(MIMEEncoding.quotedPrintable(".\n.cache\n..") == ".\r\n.cache\r\n..")
    }

    @Test func encodedWordsRespectTheFirstLineBudget() {
        let words = MIMEEncoding.encodedWords(String(repeating: "à", count: 30), firstLimit: 67)
        #expect(words[0].count <= 67)
        #expect(words.dropFirst().allSatisfy { $0.count <= 75 })
        #expect(MIMETestDecoding.encodedWords(words.joined(separator: " ")) == String(repeating: "à", count: 30))
        #expect(MIMEEncoding.encodedWords("a b?=_", firstLimit: 70) == ["=?UTF-8?Q?a_b=3F=3D=5F?="])
    }

    @Test func plainHeaderTextExcludesEncodedWordLookalikes() {
        #expect(MIMEEncoding.isPlainHeaderText("Avis n° 12") == false)
        #expect(MIMEEncoding.isPlainHeaderText("Avis 12 =?x") == false)
        #expect(MIMEEncoding.isPlainHeaderText("Avis 12 (voirie)") == true)
    }

    @Test func overlongUnfoldableHeaderIsRefused() {
        #expect(throws: MailError.self) {
            try MIMEEncoding.foldedField("List-Unsubscribe", atoms: ["<https://x/" + String(repeating: "a", count: 1000) + ">"])
        }
    }

    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 +0000"),
        (1_709_251_199.9, "Thu, 29 Feb 2024 23:59:59 +0000"),
        (july1st, "Tue, 01 Jul 2025 08:30:00 +0000"),
        (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 +0000"),
        (-1, "Wed, 31 Dec 1969 23:59:59 +0000"),
    ])
    func dateHeaderFormat(seconds: Double, expected: String) {
        #expect(RFC5322Date.format(secondsSince1970: seconds) == expected)
    }
}
