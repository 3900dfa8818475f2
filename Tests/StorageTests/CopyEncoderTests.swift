import Foundation
import Testing

@testable import Storage

@Suite struct CopyEncoderTests {
    @Test func specialCharactersAreEscapedAndNilIsNull() throws {
        var encoder = PostgresCopyEncoder(columnCount: 4)
        try encoder.append([1, "tab\there", nil, "back\\slash\nnew\rline"])
        try encoder.append([2, "\\N", "", ["a\tb"]])
        let text = String(decoding: encoder.takeBuffer(), as: UTF8.self)
        let first = #"1\#ttab\there\#t\N\#tback\\slash\nnew\rline\#n"#
        let second = #"2\#t\\N\#t\#t{"a\tb"}\#n"#
        #expect(text == first + second)
        #expect(encoder.rowCount == 2)
        #expect(encoder.buffer.isEmpty)
    }

    @Test func rowsWithTheWrongWidthOrANulAreRefused() {
        var encoder = PostgresCopyEncoder(columnCount: 2)
        let width = #expect(throws: PostgresError.self) { try encoder.append([1]) }
        #expect(width?.code == .invalidBind)
        let nul = #expect(throws: PostgresError.self) { try encoder.append([1, "a\u{0}"]) }
        #expect(nul?.code == .invalidBind)
    }
}
