import DeskDomain
import Foundation
import Testing

@Suite struct CatalogueValidatorTests {
    /// A small catalogue with one problem of each kind, written to a temporary directory.
    static let files: [String: String] = [
        "themes.yaml": """
        themes:
          - id: financement
            label: Financer
          - id: financement
            label: Doublon
        """,
        "subjects.yaml": """
        subjects:
          - id: investir
            themeId: financement
            label: Investir
            questions:
              - id: projectAbove50k
                label: Plus de 50 000 € ?
          - id: exporter
            themeId: international
            label: Exporter
        """,
        "institutions.yaml": """
        institutions:
          - id: region
            name: Région
            kind: region
            filters:
              excludedNafCodes: ["56.10", "5610"]
              effectifMin: 50
              effectifMax: 10
            questionRules:
              - questionId: projectAbove100k
                excludeWhenAnswer: true
          - id: bpi
            name: Bpifrance
            kind: bank
            filters:
              effectifMin: 10
              acceptedLegalForms: ["571"]
        """,
        "antennes.yaml": """
        antennes:
          - id: region-dijon
            institutionId: region
            name: Région – Dijon
            level: regional
            coverage:
              communes: ["21231", "21000x"]
              departements: ["21", "20"]
            manager:
              name: Responsable
              email: responsable@region.example
            filters:
              minYearsOfExistence: 5
              maxYearsOfExistence: 2
          - id: bpi-dijon
            institutionId: bpifrance
            name: Bpifrance Dijon
            level: local
            coverage:
              departements: ["21"]
            manager:
              name: Responsable
              email: not-an-address
            filters:
              effectifMax: 5
          - id: nowhere
            institutionId: region
            name: Sans zone
            level: national
            manager:
              name: Responsable
              email: responsable@region.example
        """,
        "experts.yaml": """
        experts:
          - id: claire
            antenneId: region-dijon
            fullName: Claire
            email: claire@region.example
            subjectIds: [investir]
          - id: paul
            antenneId: region-besancon
            fullName: Paul
            email: paul@region.example
            subjectIds: [investir, recruter]
          - id: lucie
            antenneId: bpi-dijon
            fullName: Lucie
            email: lucie@bpi.example
            subjectIds: []
            communes: ["2A004", "21 231"]
          - id: claire
            antenneId: nowhere
            fullName: Claire bis
            email: claire.bis@region.example
            subjectIds: [investir]
        """,
    ]

    static func issues() throws -> [CatalogueIssue] {
        let directory = try TestSupport.temporaryDirectory()
        for (name, text) in Self.files {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return CatalogueValidator.validate(try Catalogue.load(directory: directory))
    }

    @Test func eachProblemIsReportedWithFilePathAndRule() throws {
        let found = Set(try Self.issues().map { "\($0.severity.rawValue) \($0.file) \($0.path) \($0.rule)" })
        let expected: Set<String> = [
            "error themes.yaml themes[1].id duplicateId",
            "error subjects.yaml subjects[1].themeId unknownReference",
            "error institutions.yaml institutions[0].filters.excludedNafCodes[1] invalidNafPattern",
            "error institutions.yaml institutions[0].filters.effectifMin minAboveMax",
            "error institutions.yaml institutions[0].questionRules[0].questionId unknownReference",
            "warning institutions.yaml institutions[1].kind unknownKind",
            "error institutions.yaml institutions[1].filters.acceptedLegalForms[0] invalidLegalForm",
            "error antennes.yaml antennes[0].coverage.communes[1] invalidCommune",
            "error antennes.yaml antennes[0].coverage.departements[1] invalidDepartement",
            "error antennes.yaml antennes[0].filters.minYearsOfExistence minAboveMax",
            "error antennes.yaml antennes[1].institutionId unknownReference",
            "error antennes.yaml antennes[1].manager.email invalidEmail",
            "error experts.yaml experts[1].antenneId unknownReference",
            "error experts.yaml experts[1].subjectIds[1] unknownReference",
            "error experts.yaml experts[2].subjectIds expertWithoutSubject",
            "error experts.yaml experts[2].communes[1] invalidCommune",
            "error experts.yaml experts[3].id duplicateId",
            "warning experts.yaml experts[3] noCoverage",
            "warning subjects.yaml subjects[1] subjectWithoutExpert",
            "error default-desk.yaml defaultDesk defaultDeskMissing",
        ]
        #expect(found == expected)
    }

    @Test func aBoundContradictedOnlyOnceMergedIsReportedOnTheAntenne() {
        let institution = Institution(
            id: "bpi", name: "Bpifrance", kind: .bpifrance, filters: MatchFilters(effectifMin: 10))
        let antenne = Antenne(
            id: "bpi-dijon", institutionId: "bpi", name: "Dijon", level: .local, coverage: .init(departements: ["21"]),
            manager: Contact(name: "R", email: "r@bpi.example"), filters: MatchFilters(effectifMax: 5))
        let catalogue = Catalogue(
            themes: [Theme(id: "t", label: "T")], subjects: [Subject(id: "s", themeId: "t", label: "S")],
            institutions: [institution], antennes: [antenne],
            experts: [
                Expert(id: "e", antenneId: "bpi-dijon", fullName: "E", email: "e@bpi.example", subjectIds: ["s"])
            ],
            defaultDesk: DefaultDesk(expertId: "e", manager: Contact(name: "R", email: "r@bpi.example")))
        let issues = CatalogueValidator.validate(catalogue)
        #expect(issues.map(\.path) == ["antennes[0].filters.effectifMin"])
        #expect(issues.first?.rule == .minAboveMax)
        #expect(issues.first?.message.contains("once merged with institution bpi") == true)
    }

    @Test func issuesReadAsOneLine() throws {
        let issue = try #require(try Self.issues().first { $0.rule == .unknownReference && $0.file == "experts.yaml" })
        #expect(
            issue.description
                == "error experts.yaml experts[1].antenneId: unknownReference (no antenne region-besancon)")
    }
}
