import Foundation
import Testing

@testable import Sirene

@Suite struct EstablishmentReaderTests {
    private let siret = "12345678200010"

    private func read(_ status: Int, retryAfter: String? = nil, body: String = "{}") -> SireneError? {
        do {
            _ = try EstablishmentReader.read(
                status: status, retryAfter: retryAfter, body: Data(body.utf8), siret: self.siret,
                now: Date(timeIntervalSince1970: 1_700_000_000))
            return nil
        } catch {
            return error
        }
    }

    /// A minimal 200 body, with `etablissement` fields replaced or added by `changes` (JSON fragments).
    private func body(
        _ changes: [String: String] = [:], period: [String: String] = [:], unit: [String: String] = [:]
    ) -> String {
        var periodFields = [
            "dateFin": "null", "dateDebut": "\"2016-05-10\"", "etatAdministratifEtablissement": "\"A\"",
            "activitePrincipaleEtablissement": "\"56.10A\"",
            "nomenclatureActivitePrincipaleEtablissement": "\"NAFRev2\"",
        ]
        periodFields.merge(period) { $1 }
        var unitFields = ["categorieJuridiqueUniteLegale": "\"5499\"", "denominationUniteLegale": "\"BISTROT EXEMPLE\""]
        unitFields.merge(unit) { $1 }
        var fields = [
            "siren": "\"123456782\"", "siret": "\"\(self.siret)\"", "dateCreationEtablissement": "\"2016-05-10\"",
            "trancheEffectifsEtablissement": "\"03\"",
            "adresseEtablissement": #"{"codeCommuneEtablissement": "21231"}"#,
            "uniteLegale": Self.object(unitFields), "periodesEtablissement": "[\(Self.object(periodFields))]",
        ]
        fields.merge(changes) { $1 }
        return #"{"header": {"statut": 200, "message": "ok"}, "etablissement": \#(Self.object(fields))}"#
    }

    private static func object(_ fields: [String: String]) -> String {
        "{" + fields.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    @Test func statusesMapToOutcomes() {
        #expect(self.read(404)?.code == .notFound)
        #expect(self.read(401)?.code == .unauthorized)
        #expect(self.read(403)?.code == .unauthorized)
        #expect(self.read(500)?.code == .unavailable)
        #expect(self.read(503)?.code == .unavailable)
        #expect(self.read(400)?.code == .unexpectedStatus)
        #expect(self.read(302)?.code == .unexpectedStatus)
    }

    @Test func retryAfterIsReadInSecondsOrAsADateWithADefault() {
        #expect(self.read(429, retryAfter: "17")?.retryAfter == .seconds(17))
        // 1_700_000_000 is Tue, 14 Nov 2023 22:13:20 GMT.
        #expect(self.read(429, retryAfter: "Tue, 14 Nov 2023 22:13:50 GMT")?.retryAfter == .seconds(30))
        #expect(self.read(429)?.retryAfter == .seconds(60))
        #expect(self.read(429, retryAfter: "soon")?.retryAfter == .seconds(60))
    }

    @Test func readsAMinimalBody() throws {
        let establishment = try EstablishmentReader.decode(Data(self.body().utf8), siret: self.siret)
        #expect(establishment.name == "BISTROT EXEMPLE")
        #expect(establishment.state == .active)
        #expect(establishment.closureDate == nil)
    }

    @Test func nullBandIsNN() throws {
        let body = self.body(["trancheEffectifsEtablissement": "null"])
        #expect(try EstablishmentReader.decode(Data(body.utf8), siret: self.siret).headcountBand == "NN")
    }

    @Test func nameFallsBackToPersonThenSign() throws {
        let person = self.body(unit: [
            "denominationUniteLegale": "null", "nomUniteLegale": "\"EXEMPLE\"", "prenom1UniteLegale": "\"ALEX\"",
        ])
        #expect(try EstablishmentReader.decode(Data(person.utf8), siret: self.siret).name == "ALEX EXEMPLE")
        let sign = self.body(
            period: ["enseigne1Etablissement": "\"CHEZ EXEMPLE\""], unit: ["denominationUniteLegale": "null"])
        #expect(try EstablishmentReader.decode(Data(sign.utf8), siret: self.siret).name == "CHEZ EXEMPLE")
    }

    @Test func currentPeriodIsTheOneWithoutEndDate() throws {
        let periods = """
            [{"dateFin": "2020-01-31", "dateDebut": "2010-01-01", "etatAdministratifEtablissement": "A",
              "activitePrincipaleEtablissement": "47.11B", "nomenclatureActivitePrincipaleEtablissement": "NAFRev2"},
             {"dateFin": null, "dateDebut": "2020-02-01", "etatAdministratifEtablissement": "F",
              "activitePrincipaleEtablissement": "56.10A", "nomenclatureActivitePrincipaleEtablissement": "NAFRev2"}]
            """
        let establishment = try EstablishmentReader.decode(
            Data(self.body(["periodesEtablissement": periods]).utf8), siret: self.siret)
        #expect(establishment.state == .closed)
        #expect(establishment.closureDate == "2020-02-01")
        #expect(establishment.nafCode == "56.10A")
    }

    @Test(arguments: [
        ("siret", "null", "etablissement.siret"),
        ("siret", "\"55208131700018\"", "etablissement.siret"),
        ("trancheEffectifsEtablissement", "3", "etablissement.trancheEffectifsEtablissement"),
        ("dateCreationEtablissement", "\"10/05/2016\"", "etablissement.dateCreationEtablissement"),
        ("periodesEtablissement", "[]", "etablissement.periodesEtablissement[0].etatAdministratifEtablissement"),
        ("periodesEtablissement", "[{\"dateFin\": null, \"etatAdministratifEtablissement\": 1}]",
         "etablissement.periodesEtablissement[0].etatAdministratifEtablissement"),
        ("uniteLegale", "{\"categorieJuridiqueUniteLegale\": \"57\"}",
         "etablissement.uniteLegale.categorieJuridiqueUniteLegale"),
    ])
    func malformedFieldsAreNamed(field: String, value: String, path: String) {
        let error = self.read(200, body: self.body([field: value]))
        #expect(error?.code == .malformed)
        #expect(error?.field == path)
    }

    @Test func unknownStateIsMalformed() {
        let error = self.read(200, body: self.body(period: ["etatAdministratifEtablissement": "\"X\""]))
        #expect(error?.field == "etablissement.periodesEtablissement[0].etatAdministratifEtablissement")
    }

    @Test func bodyWithoutEstablishmentOrNotJSONIsMalformed() {
        #expect(self.read(200, body: #"{"header": {"statut": 200}}"#)?.field == "etablissement")
        #expect(self.read(200, body: "<html></html>")?.field == "body")
    }

    @Test func descriptionLeavesTheSIRETOut() {
        let error = SireneError(.notFound, "no establishment has this SIRET", siret: self.siret, httpStatus: 404)
        #expect(!error.description.contains(self.siret))
        #expect(error.debugDescription.contains(self.siret))
    }
}
