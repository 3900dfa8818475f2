import Foundation
import Identifiers
import Sirene
import Testing

/// The recordings of `partners/sirene/recordings/`, as other suites (desk routing) rely on them.
let recordedEstablishments: [Establishment] = [
    row("55208131700018", "ATELIER EXEMPLE", "25.62B", "11", "5710", "1996-03-18", "25056"),
    row("73282932000074", "BOULANGERIE EXEMPLE", "10.71C", "03", "5499", "2001-09-03", "89024"),
    row("12345678200010", "BISTROT EXEMPLE", "56.10A", "03", "5499", "2016-05-10", "21231"),
    row("20005372600010", "LOGICIELS EXEMPLE", "62.01Z", "21", "5710", "2014-01-20", "21231"),
    row("35600000000048", "MECANIQUE EXEMPLE", "25.62B", "32", "5599", "1991-06-03", "90010"),
    row("81234567600017", "PLOMBERIE EXEMPLE", "43.22A", "12", "5710", "2015-10-05", "71270"),
    row("82345678500018", "CAMILLE EXEMPLE", "43.22A", "NN", "1000", "2016-11-14", "58194"),
    row("83456789300013", "MENUISERIE EXEMPLE", "16.23Z", "00", "5499", "2017-12-01", "70550", closed: "2025-06-30"),
    row("84567890300012", "CODE EXEMPLE", "62.01Z", "11", "5499", "2018-02-19", "25056"),
    row("85678901100017", "BRASSERIE EXEMPLE", "56.10A", "12", "5710", "2019-07-01", "39300"),
    row("88012345000012", "FOURNIL EXEMPLE", "10.71C", "00", "5499", "2020-01-06", "21054"),
    row("89123456900012", "USINAGE EXEMPLE", "25.62B", "21", "5710", "2020-09-14", "89024"),
    row("90234567700014", "DOMINIQUE EXEMPLE", "56.10A", "00", "1000", "2021-03-01", "71270"),
    row("91345678600015", "NUMERIQUE EXEMPLE", "62.01Z", "32", "5599", "2022-04-11", "90010"),
    row("92456789400010", "CHAUFFAGE EXEMPLE", "43.22A", "03", "5499", "2023-05-15", "70550"),
    row("94567801900015", "JEUNE POUSSE EXEMPLE", "62.01Z", "NN", "5710", "2026-04-01", "21054"),
]

private func row(
    _ siret: String, _ name: String, _ naf: String, _ band: String, _ category: String, _ created: String,
    _ commune: String, closed: String? = nil
) -> Establishment {
    Establishment(
        siret: siret, siren: String(siret.prefix(9)), state: closed == nil ? .active : .closed, nafCode: naf,
        nafNomenclature: "NAFRev2", headcountBand: band, legalCategory: category, creationDate: created,
        closureDate: closed, communeInsee: commune, name: name)
}

@Suite struct RecordedDirectoryTests {
    @Test func everyRecordingReadsAsDocumented() async throws {
        let directory = RecordedDirectory.repository
        #expect(try directory.recordedSIRETs() == recordedEstablishments.map(\.siret).sorted())
        for expected in recordedEstablishments {
            #expect(SIRET.isValid(expected.siret))
            #expect(try await directory.establishment(siret: try siret(expected.siret)) == expected)
        }
    }

    @Test func readsTheSameAnswersAsTheClientThroughTheStub() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL)
            let directory = RecordedDirectory.repository
            for expected in recordedEstablishments {
                let target = try siret(expected.siret)
                let live = try await client.establishment(siret: target)
                let recorded = try await directory.establishment(siret: target)
                #expect(live == recorded)
            }
        }
    }

    @Test func missingRecordingIsNotFound() async throws {
        let target = try siret(unknownSIRET)
        let error = await lookupError(RecordedDirectory.repository, target)
        #expect(error?.code == .notFound)
    }

    @Test func recordedErrorAnswersGiveTheSameOutcomes() async throws {
        let directory = try temporaryRecordings([
            "12345678200010.json": #"{"status": 429, "headers": {"retry-after": "12"}, "body": {"message": "wait"}}"#,
            "55208131700018.json": #"{"status": 404, "body": {"header": {"statut": 404, "message": "Aucun"}}}"#,
            "73282932000074.json": #"{"status": 503}"#,
            "20005372600010.json": #"{"body": {}}"#,
        ])
        defer { removeDirectory(directory) }
        let recorded = RecordedDirectory(directory: directory)
        func outcome(_ text: String) async throws -> SireneError? {
            let target = try siret(text)
            return await lookupError(recorded, target)
        }
        let limited = try await outcome("12345678200010")
        #expect(limited?.code == .rateLimited)
        #expect(limited?.retryAfter == .seconds(12))
        #expect(try await outcome("55208131700018")?.code == .notFound)
        #expect(try await outcome("73282932000074")?.code == .unavailable)
        #expect(try await outcome("20005372600010")?.code == .invalidConfiguration)
    }
}
