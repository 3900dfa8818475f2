import Foundation
import JSONSchema
import Testing

/// The string scanner reads eight bytes at a time: every special byte (quote, backslash, control character,
/// non-ASCII) at every position around the eight-byte steps must still be seen.
@Suite struct JSONParserStringScanTests {
    static let specials: [(String, String)] = [
        ("\\\"", "\""), ("\\\\", "\\"), ("\\n", "\n"), ("\\u00e9", "é"), ("é", "é"), ("€", "€"), ("😀", "😀"),
    ]

    @Test func specialsAtEveryOffsetAreDecoded() throws {
        for length in 0..<20 {
            for offset in 0...length {
                for (written, decoded) in Self.specials {
                    let prefix = String(repeating: "a", count: offset)
                    let suffix = String(repeating: "b", count: length - offset)
                    let value = try JSONValue(parsing: "\"\(prefix)\(written)\(suffix)\"")
                    #expect(value.stringValue == prefix + decoded + suffix, "length \(length), offset \(offset), \(written)")
                }
            }
        }
    }

    @Test func aRawControlCharacterOrAnUnterminatedStringIsRefusedAtEveryOffset() {
        for offset in 0..<20 {
            let prefix = String(repeating: "a", count: offset)
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\"\(prefix)\u{01}bbbbbbbbbb\"") }
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: "\"\(prefix)") }
        }
    }

    @Test func invalidUTF8IsRefusedAfterALongASCIIRun() {
        var bytes = Array("\"\(String(repeating: "a", count: 13))".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("aaaaaaaaa\"".utf8)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
    }
}
