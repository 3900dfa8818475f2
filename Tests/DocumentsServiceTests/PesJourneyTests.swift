import CommonContracts
import DocumentsContracts
import DocumentsService
import Foundation
import NotificationsContracts
import ServiceRuntimeTesting
import Testing
import TreasuryContracts

/// PES files through the service (domain §4): intake rules, transmission, and the treasury's three answers
/// correlated by NomFic + CodCol; an answer for no known file is kept aside.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct PesJourneyTests {
    static func pes(nomFic: String, info: String = "0", idColl: String = "21210231300013", codCol: String = "123") -> Data {
        let signature = info == "1" ? "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>" : ""
        return Data("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
              <Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="\(nomFic)"/></Parametres></Enveloppe>
              <EnTetePES><DteStr V="2026-12-01"/><IdPost V="021000"/><IdColl V="\(idColl)"/><CodCol V="\(codCol)"/><CodBud V="01"/><LibelleColBud V="Dijon"/></EnTetePES>
              <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="12"/><InfoDematerialisee V="\(info)"/></BlocBordereau>\(signature)</Bordereau></PES_DepenseAller>
            </n:PES_Aller>
            """.utf8)
    }

    func submit(_ bed: DocumentsBed, nomFic: String, content: Data? = nil, signed: Bool = false, idColl: String = "21210231300013") async throws -> (status: Int, json: [String: Any]) {
        let file = try await bed.upload("\(nomFic).xml", content ?? Self.pes(nomFic: nomFic))
        let answer = try await bed.call("POST", "/pes", [
            "pesId": UUID().uuidString, "nomFic": nomFic, "codCol": "123", "codBud": "01", "idPost": "021000", "idColl": idColl,
            "file": file, "signed": signed,
        ])
        return (answer.status, answer.json as? [String: Any] ?? [:])
    }

    func acquit(_ bed: DocumentsBed, _ nomFic: String, elements: [PesAcquitted.AcquitElement] = []) async throws {
        var answer = try bed.bed.example(PesAcquitted.self)
        answer.nomFic = nomFic
        answer.codCol = "123"
        answer.acquitElements = elements
        try await bed.bed.send(answer)
    }

    @Test func acknowledgedRefusedAndInformationAvailable() async throws {
        try await DocumentsBed.run { bed in
            for name in ["PES2026_0001", "PES2026_0002", "PES2026_0003"] {
                let submitted = try await self.submit(bed, nomFic: name)
                #expect(submitted.status == 201, "\(submitted.json)")
            }
            let transmits = try await bed.bed.published(PesTransmit.self, count: 3)
            #expect(Set(transmits.map(\.nomFic)) == ["PES2026_0001", "PES2026_0002", "PES2026_0003"])
            #expect(transmits.allSatisfy { $0.typFic == "PESALR2" && $0.idColl == "21210231300013" })
            try await self.acquit(bed, "PES2026_0001")
            try await self.acquit(bed, "PES2026_0001")
            try await self.acquit(bed, "PES2026_0003", elements: [.init(domain: "depense", code: "W12", message: "Pièce justificative absente")])
            var refusal = try bed.bed.example(TreasuryContracts.PesRefused.self)
            refusal.nomFic = "PES2026_0002"
            refusal.codCol = "123"
            try await bed.bed.send(refusal)
            #expect(try await bed.bed.published(PesAcknowledged.self, count: 1).map(\.nomFic) == ["PES2026_0001"])
            let information = try await bed.bed.published(PesInformationAvailable.self, count: 1)
            #expect(information.first?.informations.first?.code == "W12")
            let refused = try await bed.bed.published(DocumentsContracts.PesRefused.self, count: 1)
            #expect(refused.first?.nomFic == "PES2026_0002")
            let notices = try await bed.bed.published(NoticeRequest.self, count: 3)
            #expect(notices.contains { $0.template == "documents-pes-refused" && $0.mandatory })
            #expect(try await bed.bed.count("SELECT count(*) FROM pes_files WHERE status = 4") == 1)
            #expect(try await bed.bed.count("SELECT count(*) FROM pes_files WHERE status = 6") == 1)
            #expect(try await bed.bed.count("SELECT count(*) FROM pes_files WHERE status = 8") == 1)
            #expect(try await bed.bed.count("SELECT count(*) FROM pes_status") == 9, "1, 3 then the answer, for each file")
        }
    }

    @Test func intakeRulesAndUnattributableReturns() async throws {
        try await DocumentsBed.run { bed in
            #expect(try await self.submit(bed, nomFic: "PES_A").status == 201)
            let again = try await self.submit(bed, nomFic: "PES_A")
            #expect(again.status == 409 && again.json["code"] as? String == "nomFicTaken", "\(again.json)")
            let mismatch = try await self.submit(bed, nomFic: "PES_B", content: Self.pes(nomFic: "PES_OTHER"))
            #expect(mismatch.json["code"] as? String == "pesHeaderMismatch" && mismatch.json["field"] as? String == "nomFic")
            let unsigned = try await self.submit(bed, nomFic: "PES_C", content: Self.pes(nomFic: "PES_C", info: "1").replacing(
                Data("<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>".utf8), with: Data()), signed: true)
            #expect(unsigned.json["code"] as? String == "pesSignatureMissing", "\(unsigned.json)")
            #expect(try await self.submit(bed, nomFic: "PES_D", content: Self.pes(nomFic: "PES_D", info: "1"), signed: true).status == 201)
            let unknownBudget = try await self.submit(bed, nomFic: "PES_E", idColl: "21210231300021")
            #expect(unknownBudget.json["code"] as? String == "authorityNotJoined" || unknownBudget.status == 403, "\(unknownBudget.json)")
            try await self.acquit(bed, "PES_NOBODY")
            try await bed.waitFor("SELECT count(*) FROM unattributed_returns WHERE key = '123/PES_NOBODY'")
            try await bed.waitFor("SELECT count(*) FROM alerts WHERE kind = 'unattributedReturn'")
        }
    }
}

/// `PES_Retour` (domain §4.3): attached to the authority whose budget SIRET is its IdColl, or kept aside with an alert.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct PesReturnTests {
    @Test func aReturnGoesToItsAuthorityOrIsKeptAside() async throws {
        try await DocumentsBed.run { bed in
            let content = Data("<?xml version=\"1.0\"?><PES_Retour/>".utf8)
            let file = try await bed.upload("PESRETOUR_1.xml", content)
            var answer = try bed.bed.example(PesReturn.self)
            answer.idColl = "21210231300013"
            answer.codCol = "123"
            answer.nomFic = "PESRETOUR_1.xml"
            answer.file = .init(
                uri: URL(fileURLWithPath: bed.settings.storeDirectory).appendingPathComponent(
                    "\(file["sha256"]!.prefix(2))/\(file["sha256"]!)/PESRETOUR_1.xml").absoluteString,
                fileName: "PESRETOUR_1.xml", sha256: file["sha256"]!, sizeBytes: content.count)
            try await bed.bed.send(answer)
            try await bed.bed.send(answer)
            try await bed.waitFor("SELECT count(*) FROM pes_returns WHERE siren = '212102313'")
            let listed = try await bed.call("GET", "/authorities/212102313/pes-returns")
            #expect((listed.json as? [[String: Any]])?.count == 1)
            var stray = answer
            stray.idColl = "21310001900016"
            stray.nomFic = "PESRETOUR_2.xml"
            try await bed.bed.send(stray)
            try await bed.waitFor("SELECT count(*) FROM unattributed_returns WHERE kind = 'helios.return'")
            try await bed.waitFor("SELECT count(*) FROM alerts WHERE subject = '21310001900016/PESRETOUR_2.xml'")
        }
    }
}
