import ContractTypes
import DocumentsDomain
import Foundation
import Identifiers
import Testing

@Suite struct ActIdentifierTests {
    @Test func parsesAndPrintsTheSameIdentifier() throws {
        for text in ["034-491011698-20171207-CL20171227_06-DE", "02A-200069052-20260504-MP2026_014-CC", "013-211300561-20210602-RA21_21646-AI"] {
            let id = try ActIdentifier(parsing: text)
            #expect(id.description == text)
        }
        let id = try ActIdentifier(parsing: "034-491011698-20171207-CL20171227_06-DE")
        #expect(id.nature == .deliberation)
        #expect(id.decisionDate == CalendarDate("2017-12-07"))
    }

    @Test func refusesALuhnFailureAnUnknownDepartementAndTheLooseNumero() {
        #expect(throws: DocumentRefusal.self) { try ActIdentifier(parsing: "034-213400000-20170701-A1-AI") }
        #expect(throws: DocumentRefusal.self) { try ActIdentifier(parsing: "099-491011698-20170701-A1-AI") }
        #expect(throws: DocumentRefusal.self) { try ActIdentifier(parsing: "034-491011698-20170701-_A1-AI") }
        #expect(throws: DocumentRefusal.self) { try ActIdentifier(parsing: "034-491011698-20170701-A1-XX") }
    }

    @Test func numeroInterneStrictRule() {
        for good in ["ACTE_01", "A", "123456789012345", "DEL2026_001"] { #expect((try? NumeroInterne(good)) != nil, "\(good)") }
        for bad in ["ACTE-01", "", "_A", "A_", "acte", "1234567890123456", "A B"] {
            #expect(throws: DocumentRefusal.self, "\(bad)") { try NumeroInterne(bad) }
        }
    }

    @Test func matterPathsStayStrings() throws {
        let short = try MatterPath("7.1")
        let long = try MatterPath("7.10")
        #expect(short != long)
        #expect(try MatterPath("7.2") < long)
        #expect(long.parent == (try MatterPath("7")))
        for bad in ["0.1", "7.", "7.100", "1.1.1.1.1.1", "a.1", ""] {
            #expect(throws: DocumentRefusal.self, "\(bad)") { try MatterPath(bad) }
        }
    }

    @Test func legalityDeadlineIsTwoMonthsLaterClampedToTheMonth() {
        #expect(LegalTiming.legalityDeadline(receivedOn: CalendarDate("2026-03-15")!) == CalendarDate("2026-05-15"))
        #expect(LegalTiming.legalityDeadline(receivedOn: CalendarDate("2026-12-31")!) == CalendarDate("2027-02-28"))
        #expect(LegalTiming.legalityDeadline(receivedOn: CalendarDate("2027-12-31")!) == CalendarDate("2028-02-29"))
        #expect(LegalTiming.enforceable(published: CalendarDate("2026-01-10"), acknowledged: CalendarDate("2026-01-12")!) == CalendarDate("2026-01-12"))
        #expect(LegalTiming.enforceable(published: nil, acknowledged: CalendarDate("2026-01-12")!) == nil)
    }
}

@Suite struct ActRulesTests {
    let tree = ClassificationTree(
        date: CalendarDate("2026-01-15")!, natures: ActNature.allCases.map { .init(code: $0.code, label: $0.label, attachmentTypes: []) },
        matters: ["7": "Finances", "7.1": "Décisions budgétaires", "7.10": "Divers", "7.1.2": "Budget primitif", "1.1": "Marchés"])
    let today = CalendarDate("2026-12-07")!

    func draft(nature: String = "5", matter: String = "7.1", act: [UInt8], annexes: [[UInt8]] = [], actSize: Int? = nil, annexSize: Int? = nil) -> ActDraft {
        ActDraft(
            numeroInterne: "BP_1", decisionDate: CalendarDate("2026-12-01")!, natureCode: nature, matter: matter,
            classificationDate: CalendarDate("2026-01-15")!, object: "Budget primitif",
            act: .init(fileName: "a", head: act, sizeBytes: actSize ?? act.count),
            annexes: annexes.map { .init(fileName: "b", head: $0, sizeBytes: annexSize ?? $0.count) })
    }

    static let pdf = Array("%PDF-1.7\n".utf8)
    static let xml = Array("\u{FEFF}<?xml version=\"1.0\"?><a/>".utf8)
    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]

    @Test func theTreeDecidesPathsAndDates() throws {
        #expect(throws: DocumentRefusal.self) { try ActRules.validate(self.draft(matter: "7.2", act: Self.pdf), today: self.today, tree: self.tree) }
        _ = try ActRules.validate(self.draft(matter: "7.10", act: Self.pdf), today: self.today, tree: self.tree)
        var outdated = self.draft(act: Self.pdf)
        outdated.classificationDate = CalendarDate("2025-01-01")!
        #expect { try ActRules.validate(outdated, today: self.today, tree: self.tree) } throws: {
            ($0 as? DocumentRefusal)?.code == "classificationOutdated"
        }
    }

    @Test func xmlOnlyForBudgetsOfMatter71AndPDFAnnexes() throws {
        #expect(try ActRules.validate(self.draft(act: Self.xml), today: self.today, tree: self.tree).actKind == .xml)
        #expect(try ActRules.validate(self.draft(matter: "7.1.2", act: Self.xml), today: self.today, tree: self.tree).actKind == .xml)
        #expect(throws: DocumentRefusal.self) { try ActRules.validate(self.draft(matter: "7.10", act: Self.xml), today: self.today, tree: self.tree) }
        #expect(throws: DocumentRefusal.self) { try ActRules.validate(self.draft(nature: "1", act: Self.xml), today: self.today, tree: self.tree) }
        #expect(throws: DocumentRefusal.self) {
            try ActRules.validate(self.draft(act: Self.xml, annexes: [Self.png]), today: self.today, tree: self.tree)
        }
        _ = try ActRules.validate(self.draft(act: Self.pdf, annexes: [Self.png, Self.xml]), today: self.today, tree: self.tree)
    }

    @Test func sizeLimitCountsTheActAndItsAnnexes() throws {
        let megabyte = 1_048_576
        #expect { try ActRules.validate(self.draft(act: Self.pdf, annexes: [Self.pdf], actSize: 149 * megabyte, annexSize: 2 * megabyte), today: self.today, tree: self.tree) } throws: {
            ($0 as? DocumentRefusal)?.code == "actTooLarge"
        }
        _ = try ActRules.validate(self.draft(act: Self.pdf, annexes: [Self.pdf], actSize: 149 * megabyte, annexSize: megabyte), today: self.today, tree: self.tree)
    }

    @Test func fileKindsComeFromTheContent() {
        #expect(FileKind.sniff(Self.pdf) == .pdf)
        #expect(FileKind.sniff(Self.png) == .png)
        #expect(FileKind.sniff([0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(FileKind.sniff(Array("  \n<actes:Acte/>".utf8)) == .xml)
        #expect(FileKind.sniff(Array("PK\u{3}\u{4}".utf8)) == nil)
        #expect(FileKind.sniff(Array("< not xml".utf8)) == nil)
    }
}
