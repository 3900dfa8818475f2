import Archives
import ContractTypes
import DocumentsDomain
import Foundation
import Identifiers
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct ActesPackageTests {
    let emitter = ActesXML.Emitter(
        siren: try! SIREN("212102313"), departement: try! Departement("021"), arrondissement: "1", nature: "31",
        referentName: "Jeanne Martin", referentPhone: nil, referentEmail: "j@m.example",
        returnAddresses: ["a@m.example", "A@m.example", "b@m.example"])

    @Test func namesFollowDomain34() throws {
        let id = try ActIdentifier(parsing: "034-491011698-20171207-CL20171227_06-DE")
        #expect(ActesNames.businessXML(id, flux: "1-1") == "034-491011698-20171207-CL20171227_06-DE-1-1_0.xml")
        #expect(ActesNames.file(id, attachmentType: "99_DE", index: 1, kind: .pdf) == "99_DE-034-491011698-20171207-CL20171227_06-DE-1-1_1.pdf")
        #expect(ActesNames.classificationRequest(departement: try Departement("02A"), siren: try SIREN("200069052")) == "02A-200069052----7-1_0.xml")
        let envelope = ActesNames.envelope(siren: try SIREN("212102313"), date: CalendarDate("2017-08-03")!, serial: 16)
        #expect(envelope == "PASS--212102313--20170803-16.xml")
        #expect(ActesNames.archive(envelope: envelope) == "psl-PASS--212102313--20170803-16.tar.gz")
    }

    @Test func envelopeIsLatin1WithDeduplicatedReturnAddresses() {
        let xml = ActesXML.envelope(self.emitter, forms: ["x-1-1_0.xml"])
        let text = String(decoding: xml, as: UTF8.self)
        #expect(xml.starts(with: Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8)))
        #expect(self.emitter.returnAddresses == ["a@m.example", "b@m.example"])
        #expect(text.components(separatedBy: "<actes:Email>").count == 4, "referent + two return addresses")
        #expect(text.contains("actes:Departement=\"021\"") && text.contains("actes:Nature=\"31\""))
    }

    @Test func escapingKeepsEveryCharacter() throws {
        let act = ActesXML.act(ActesXML.Act(
            decisionDate: CalendarDate("2026-05-04")!, numero: try NumeroInterne("A1"), nature: .contract, matter: try MatterPath("1.1"),
            object: "Écoles & crèches <2026> « €uro »", classificationDate: CalendarDate("2026-01-15")!, documentFileName: "f.pdf",
            annexFileNames: [], paperDocument: true))
        let text = String(decoding: act, as: UTF8.self)
        #expect(text.contains("&amp; cr"))
        #expect(text.contains("&lt;2026&gt;"))
        #expect(text.contains("&#x20AC;uro"))
        #expect(act.contains(0xC9), "É is one ISO-8859-1 byte")
        #expect(text.contains("<actes:CodeMatiere1 actes:CodeMatiere=\"1\"/>") && text.contains("<actes:CodeMatiere2 actes:CodeMatiere=\"1\"/>"))
        #expect(text.contains("<actes:DocumentPapier>O</actes:DocumentPapier>"))
        #expect(text.contains("actes:Nombre=\"0\""))
        // Well-formed XML: the parser reads it back.
        let parser = XMLParser(data: Data(act))
        #expect(parser.parse())
    }

    @Test func packageIsAGzipTarWithTheEnvelopeFirst() throws {
        let package = try ActesPackage(
            emitter: self.emitter, date: CalendarDate("2026-05-04")!, serial: 3, businessName: "b-1-1_0.xml",
            business: Array("<a/>".utf8), files: [("act.pdf", Data("%PDF-".utf8))], at: Date(timeIntervalSince1970: 0))
        #expect(package.archiveName == "psl-PASS--212102313--20260504-3.tar.gz")
        #expect(package.data.starts(with: [0x1F, 0x8B]))
        let tar = try Gzip.decompress(package.data, limit: 1 << 20)
        #expect(String(decoding: tar.prefix(100).prefix { $0 != 0 }, as: UTF8.self) == "PASS--212102313--20260504-3.xml")
        #expect(tar.count % 512 == 0)
    }

    @Test func windowsKeepTheirBudget() {
        let window = TransmissionWindow(budgetBytes: 1_000, length: .seconds(3600))
        let now = Date(timeIntervalSince1970: 7_200 + 600)
        #expect(window.slot(for: 400, at: now) { _ in 500 } == now)
        var booked: [TimeInterval: Int] = [7_200: 800, 10_800: 900]
        let slot = window.slot(for: 400, at: now) { booked[$0.timeIntervalSince1970] ?? 0 }
        #expect(slot == Date(timeIntervalSince1970: 14_400))
        booked = [7_200: 10]
        #expect(window.slot(for: 5_000, at: now) { booked[$0.timeIntervalSince1970] ?? 0 } == Date(timeIntervalSince1970: 10_800), "too big: alone in an empty window")
    }
}

@Suite struct PesFileTests {
    static func pes(info: String = "1", signed: Bool = true, nomFic: String = "PES2026_0001", block: Bool = true) -> Data {
        let signature = signed ? "<ds:Signature xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\"/>" : ""
        let body = block ? """
            <PES_DepenseAller><Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="12"/><InfoDematerialisee V="\(info)"/></BlocBordereau>\(signature)</Bordereau></PES_DepenseAller>
            """ : ""
        return Data("""
            <?xml version="1.0" encoding="ISO-8859-1"?>
            <n:PES_Aller xmlns:n="http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller">
              <Enveloppe><Parametres><Version V="2"/><TypFic V="PESALR2"/><NomFic V="\(nomFic)"/></Parametres></Enveloppe>
              <EnTetePES><DteStr V="2026-12-01"/><IdPost V="021000"/><IdColl V="21210231300017"/><CodCol V="123"/><CodBud V="01"/><LibelleColBud V="Dijon"/></EnTetePES>
              \(body)
            </n:PES_Aller>
            """.utf8)
    }

    @Test func readsTheHeaderAndTheSignatureRule() throws {
        let file = try PesFile(parsing: Self.pes())
        #expect(file.root == "PES_Aller" && file.typFic == "PESALR2" && file.nomFic == "PES2026_0001")
        #expect(file.codCol == "123" && file.idColl == "21210231300017" && file.idPost == "021000")
        #expect(file.blocks == ["PES_DepenseAller"])
        try file.validate(signed: true)
        #expect { try PesFile(parsing: Self.pes(info: "1", signed: false)).validate(signed: false) } throws: {
            ($0 as? DocumentRefusal)?.code == "pesSignatureMissing"
        }
        #expect { try PesFile(parsing: Self.pes(info: "0", signed: true)).validate(signed: true) } throws: {
            ($0 as? DocumentRefusal)?.code == "pesSignatureUnexpected"
        }
        #expect { try PesFile(parsing: Self.pes()).validate(signed: false) } throws: { ($0 as? DocumentRefusal)?.code == "pesSignedMismatch" }
        #expect { try PesFile(parsing: Self.pes(block: false)).validate(signed: true) } throws: { ($0 as? DocumentRefusal)?.code == "pesEmpty" }
        #expect(throws: DocumentRefusal.self) { try PesFile(parsing: Data("<PES_Aller>".utf8)) }
    }
}
