import Foundation
import Testing

@testable import PasserelleCLI

@Suite struct TextTableTests {
    @Test func columnsLineUpWithoutTrailingSpaces() {
        var table = TextTable(columns: [.init("NAME"), .init("COUNT", alignment: .right), .init("NOTE")])
        table.append(["a", "7", "x"])
        table.append(["longer", "1234", ""])
        #expect(
            table.render() == """
                NAME    COUNT  NOTE
                a           7  x
                longer   1234

                """
        )
    }

    @Test func cappedColumnEndsWithEllipsisAndCellsStayOnOneLine() {
        var table = TextTable(columns: [.init("A", maxWidth: 5), .init("B")])
        table.append(["abcdefgh", "two\nlines\there"])
        #expect(table.render() == "A      B\nabcd…  two lines here\n")
    }

    @Test func missingCellsAreEmpty() {
        var table = TextTable(headers: ["A", "B"])
        table.append(["only"])
        #expect(table.render() == "A     B\nonly\n")
    }

    @Test func jsonIsSortedAndKeepsNullFix() throws {
        let report = DoctorReport(checks: [.ok("a.b", "fine"), .warn("c", "old", fix: "upgrade")])
        let json = try JSONOutput.string(report)
        #expect(json.contains("\"fix\" : null"))
        let checks = try #require(json.range(of: "\"checks\""))
        let ok = try #require(json.range(of: "\"ok\" : true"))
        #expect(checks.lowerBound < ok.lowerBound)
    }
}
