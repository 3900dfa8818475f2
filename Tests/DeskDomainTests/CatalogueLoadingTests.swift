import DeskDomain
import Foundation
import Testing

@Suite struct CatalogueLoadingTests {
    @Test func theRegionCatalogueLoadsAndHasNoError() {
        let catalogue = TestSupport.catalogue
        let issues = CatalogueValidator.validate(catalogue)
        #expect(issues.errors.isEmpty, "\(issues.errors)")
        #expect(issues.warnings.isEmpty, "\(issues.warnings)")
        #expect(catalogue.institutions.count >= 8)
        #expect(catalogue.experts.count >= 20)
        #expect(catalogue.subjects.count >= 6)
        #expect(Set(catalogue.subjects.map(\.themeId)).count >= 3)
        #expect(Set(catalogue.antennes.map(\.level)) == [.local, .regional, .national])
        #expect(catalogue.defaultDesk?.expertId == "guichet-jentreprends")
    }

    @Test func subjectFlagsAndFiltersAreReadAsWritten() throws {
        let catalogue = TestSupport.catalogue
        let creation = try #require(catalogue.subject("s-installer-creer"))
        #expect(!creation.requiresSiret && creation.requiresLocation)
        let financing = try #require(catalogue.subject("financer-un-projet-d-investissement"))
        #expect(financing.requiresSiret && financing.requiresRequestedHelpAmount)
        #expect(financing.questions.map(\.id) == ["projectAbove50k"])
        #expect(catalogue.antenne("region-bfc-economie")?.filters.excludedNafCodes == ["56.10"])
        #expect(catalogue.antenne("ad-bfc-siege")?.filters.minYearsOfExistence == 1)
        #expect(catalogue.institution("cma-bfc")?.filters.acceptedLegalForms?.contains("1000") == true)
        #expect(catalogue.antenne("region-bfc-guichet")?.coverage.covers("2A004") == false)
        #expect(catalogue.antenne("region-bfc-guichet")?.coverage.covers("90010") == true)
    }

    @Test func aMissingFieldNamesTheFileThePathAndTheLine() throws {
        let directory = try self.copyOfTheCatalogue()
        try self.replace(
            "    antenneId: cci-25\n    fullName: Nicolas Cuenot\n", with: "    fullName: Nicolas Cuenot\n",
            in: "experts.yaml", at: directory)
        let error = try #require(throws: CatalogueLoadError.self) { try Catalogue.load(directory: directory) }
        #expect(error.code == .missingField)
        #expect(error.file == "experts.yaml")
        #expect(error.path == "experts[9].antenneId")
        #expect(error.line != nil)
    }

    @Test func aMisspeltFieldIsRefusedRatherThanIgnored() throws {
        let directory = try self.copyOfTheCatalogue()
        try self.replace(
            "      excludedNafCodes: [\"56.10\"]", with: "      excludedNafCode: [\"56.10\"]", in: "antennes.yaml",
            at: directory)
        let error = try #require(throws: CatalogueLoadError.self) { try Catalogue.load(directory: directory) }
        #expect(error.code == .unknownField)
        #expect(error.file == "antennes.yaml")
        #expect(error.path == "antennes[1].filters.excludedNafCode")
    }

    @Test func aWrongTypeAndAMissingFileAreNamed() throws {
        let directory = try self.copyOfTheCatalogue()
        try self.replace(
            "      effectifMin: 10\n", with: "      effectifMin: ten\n", in: "institutions.yaml", at: directory)
        let error = try #require(throws: CatalogueLoadError.self) { try Catalogue.load(directory: directory) }
        #expect(error.code == .invalidValue)
        #expect(error.file == "institutions.yaml")
        #expect(error.path == "institutions[1].filters.effectifMin")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("themes.yaml"))
        let missing = try #require(throws: CatalogueLoadError.self) { try Catalogue.load(directory: directory) }
        #expect(missing.code == .missingFile)
        #expect(missing.file == "themes.yaml")
    }

    @Test func invalidYAMLGivesTheLine() throws {
        let directory = try self.copyOfTheCatalogue()
        try "themes:\n  - id: a\n    label: [unclosed\n".write(
            to: directory.appendingPathComponent("themes.yaml"), atomically: true, encoding: .utf8)
        let error = try #require(throws: CatalogueLoadError.self) { try Catalogue.load(directory: directory) }
        #expect(error.code == .invalidYAML)
        #expect(error.file == "themes.yaml")
        #expect(error.line != nil)
    }

    private func copyOfTheCatalogue() throws -> URL {
        let directory = try TestSupport.temporaryDirectory()
        for file in CatalogueFile.allCases {
            try FileManager.default.copyItem(
                at: TestSupport.catalogueDirectory.appendingPathComponent(file.fileName),
                to: directory.appendingPathComponent(file.fileName))
        }
        return directory
    }

    private func replace(_ old: String, with new: String, in file: String, at directory: URL) throws {
        let url = directory.appendingPathComponent(file)
        let text = try String(contentsOf: url, encoding: .utf8)
        try #require(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }
}
