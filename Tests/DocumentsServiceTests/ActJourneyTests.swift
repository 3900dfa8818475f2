import Archives
import CommonContracts
import ContractTypes
import Crypto
import DeskContracts
import DocumentsContracts
import DocumentsService
import Foundation
import NotificationsContracts
import PrefectureContracts
import ServiceRuntimeTesting
import Testing

/// An act's life through the service: the package it sends, the prefecture's answers (acknowledgement,
/// anomaly, cancellation, letters), contradictions, and the status history.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct ActJourneyTests {
    /// The files of a .tar.gz, by name.
    static func untar(_ gzip: Data) throws -> [String: Data] {
        let tar = try Gzip.decompress(gzip, limit: 200 << 20)
        var files: [String: Data] = [:]
        var offset = 0
        while offset + 512 <= tar.count {
            let header = tar[tar.startIndex + offset..<tar.startIndex + offset + 512]
            if header.allSatisfy({ $0 == 0 }) { break }
            let name = String(decoding: header.prefix(100).prefix { $0 != 0 }, as: UTF8.self)
            let sizeText = String(decoding: header.dropFirst(124).prefix(11), as: UTF8.self)
            let size = Int(sizeText, radix: 8) ?? 0
            let start = tar.startIndex + offset + 512
            files[name] = tar[start..<start + size]
            offset += 512 + (size + 511) / 512 * 512
        }
        return files
    }

    static func file(_ uri: String) throws -> Data {
        try Data(contentsOf: URL(string: uri)!)
    }

    func acknowledge(_ bed: DocumentsBed, _ idActe: String) async throws {
        let ack = try bed.bed.example(PrefectureContracts.ActAcknowledged.self)
        var answer = ack
        answer.idActe = idActe
        answer.receptionDate = CalendarDate(DocumentsBed.daysAgo(0))!
        try await bed.bed.send(answer)
    }

    @Test func aDeliberationIsPackedSentAcknowledgedThenCancelled() async throws {
        try await DocumentsBed.run { bed in
            let submitted = try await bed.submit(
                numero: "DEL2026_001", object: "Tarifs de la cantine — année 2027", annexes: [("annexe.pdf", DocumentsBed.pdf("annexe"))])
            #expect(submitted.status == 201, "\(submitted.json)")
            let actId = try #require(submitted.json["actId"] as? String)
            let idActe = try #require(submitted.json["idActe"] as? String)
            let transmit = try #require(try await bed.bed.published(PrefectureContracts.ActTransmit.self, count: 1).first)
            #expect(transmit.idActe == idActe)
            #expect(transmit.returnAddresses == ["actes@mairie.example"], "de-duplicated")
            #expect(transmit.act.documentFileName == "99_DE-\(idActe)-1-1_1.pdf")
            #expect(transmit.act.annexFileNames == ["99_DE-\(idActe)-1-1_2.pdf"])
            #expect(transmit.package.fileName.hasPrefix("psl-PASS--212102313--") && transmit.package.fileName.hasSuffix(".tar.gz"))
            // The package: the envelope, the business XML, the act and the annex, nothing else.
            let package = try Self.file(transmit.package.uri)
            #expect(package.count == transmit.package.sizeBytes)
            let files = try Self.untar(package)
            let envelopeName = String(transmit.package.fileName.dropFirst(4).dropLast(7)) + ".xml"
            let expected: Set<String> = Set([envelopeName, "\(idActe)-1-1_0.xml", transmit.act.documentFileName] + transmit.act.annexFileNames)
            #expect(Set<String>(files.keys) == expected)
            let business = try #require(files["\(idActe)-1-1_0.xml"])
            #expect(business.starts(with: Data("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>".utf8)))
            // "—" is outside Latin-1: a character reference; "é" is one Latin-1 byte.
            let text = String(decoding: business, as: UTF8.self)
            #expect(text.contains("Tarifs de la cantine &#x2014; ann"))
            #expect(business.contains(0xE9))
            #expect(text.contains("actes:NumeroInterne=\"DEL2026_001\""))
            let envelope = String(decoding: try #require(files[envelopeName]), as: UTF8.self)
            #expect(envelope.contains("<actes:NomFichier>\(idActe)-1-1_0.xml</actes:NomFichier>"))
            #expect(envelope.contains("insee:SIREN=\"212102313\""))

            // A cancellation before the acknowledgement is refused.
            let early = try await bed.call("POST", "/acts/\(actId)/cancel", ["reason": "erreur"])
            #expect(early.status == 409)
            #expect((early.json as? [String: Any])?["code"] as? String == "cancellationNotAllowed")

            try await self.acknowledge(bed, idActe)
            let acknowledged = try #require(try await bed.bed.published(DocumentsContracts.ActAcknowledged.self, count: 1).first)
            #expect(acknowledged.actId == actId && acknowledged.origin.service == .portal)
            #expect(acknowledged.legalityDeadline == LegalDeadline.twoMonths(after: acknowledged.receptionDate))
            let notices = try await bed.bed.published(NoticeRequest.self, count: 1)
            #expect(notices.first?.template == "documents-act-acknowledged" && notices.first?.mandatory == true)
            #expect(Set(notices.first?.recipients.map(\.email) ?? []) == ["diffusion@mairie.example", "actes@mairie.example"])
            // The same acknowledgement again changes nothing.
            try await self.acknowledge(bed, idActe)
            // Enforceable once published and acknowledged: the later of the two dates.
            let published = try await bed.call("POST", "/acts/\(actId)/publication", ["publishedOn": DocumentsBed.daysAgo(1)])
            #expect((published.json as? [String: Any])?["enforceableOn"] as? String == acknowledged.receptionDate.description, "\(published.json ?? "")")
            let future = try await bed.call("POST", "/acts/\(actId)/publication", ["publishedOn": "2099-01-01"])
            #expect((future.json as? [String: Any])?["code"] as? String == "publicationDateInvalid")

            let cancel = try await bed.call("POST", "/acts/\(actId)/cancel", ["reason": "délibération retirée"])
            #expect(cancel.status == 202, "\(cancel.json ?? "")")
            let again = try await bed.call("POST", "/acts/\(actId)/cancel", ["reason": "deux fois"])
            #expect(again.status == 202, "a pending cancellation is not sent twice")
            let sent = try await bed.bed.published(PrefectureContracts.ActCancel.self, count: 1)
            #expect(sent.count == 1)
            let cancelFiles = try Self.untar(try Self.file(try #require(sent.first).package.uri))
            #expect(cancelFiles["\(idActe)-6-1_0.xml"].map { String(decoding: $0, as: UTF8.self).contains("actes:IDActe=\"\(idActe)\"") } == true)
            var cancelled = try bed.bed.example(ActCancellationAcknowledged.self)
            cancelled.idActe = idActe
            try await bed.bed.send(cancelled)
            _ = try await bed.bed.published(DocumentsContracts.ActCancelled.self, count: 1)
            let history = try await bed.call("GET", "/acts/\(actId)")
            let entries = try #require((history.json as? [String: Any])?["history"] as? [[String: Any]])
            #expect(entries.compactMap { $0["status"] as? Int } == [1, 2, 3, 4, 4, 0])
            #expect(try await bed.bed.count("SELECT count(*) FROM acts WHERE status = 0") == 1)
            #expect(try await bed.bed.published(DocumentsContracts.ActAcknowledged.self, count: 1).count == 1)
        }
    }

    @Test func anAnomalyThenAContradictoryAcknowledgementRaiseAnAlert() async throws {
        try await DocumentsBed.run { bed in
            let submitted = try await bed.submit(numero: "ARR_7")
            let idActe = try #require(submitted.json["idActe"] as? String)
            _ = try await bed.bed.published(PrefectureContracts.ActTransmit.self, count: 1)
            var anomaly = try bed.bed.example(ActAnomalyReported.self)
            anomaly.idActe = idActe
            anomaly.detail = "classification: matière 5.1 inconnue"
            try await bed.bed.send(anomaly)
            let rejected = try #require(try await bed.bed.published(ActRejected.self, count: 1).first)
            #expect(rejected.detail == "classification: matière 5.1 inconnue")
            try await self.acknowledge(bed, idActe)
            try await bed.waitFor("SELECT count(*) FROM alerts WHERE kind = 'contradictoryAnswers'")
            let act = try await bed.call("GET", "/acts/\(try #require(submitted.json["actId"] as? String))")
            #expect((act.json as? [String: Any])?["status"] as? Int == -1)
            #expect(try await bed.bed.published(DocumentsContracts.ActAcknowledged.self, count: 0).isEmpty)
            let alerts = try await bed.call("GET", "/operations/alerts", token: bed.operatorToken)
            #expect((alerts.json as? [[String: Any]])?.first?["subject"] as? String == idActe)
            // Only operators see alerts.
            #expect(try await bed.call("GET", "/operations/alerts").status == 403)
        }
    }

    @Test func lettersFromThePrefectureAndReturnsForUnknownActs() async throws {
        try await DocumentsBed.run { bed in
            let submitted = try await bed.submit(numero: "OBS_4")
            let idActe = try #require(submitted.json["idActe"] as? String)
            _ = try await bed.bed.published(PrefectureContracts.ActTransmit.self, count: 1)
            try await self.acknowledge(bed, idActe)
            _ = try await bed.bed.published(DocumentsContracts.ActAcknowledged.self, count: 1)
            var letter = try bed.bed.example(LetterSent.self)
            letter.idActe = idActe
            letter.letterType = ._4
            try await bed.bed.send(letter)
            try await bed.bed.send(letter)
            let received = try await bed.bed.published(PrefectureLetterReceived.self, count: 1)
            #expect(received.count == 1)
            #expect(received.first?.letterKind == .observations && received.first?.answerExpected == true)
            let notices = try await bed.bed.published(NoticeRequest.self, count: 2)
            #expect(notices.contains { $0.template == "documents-prefecture-letter" && $0.mandatory })

            // The authority answers the observations with one PDF, once.
            let actId = try #require(submitted.json["actId"] as? String)
            let shown = try await bed.call("GET", "/acts/\(actId)")
            let letters = try #require((shown.json as? [String: Any])?["letters"] as? [[String: Any]])
            let letterId = try #require(letters.first?["letterId"] as? String)
            #expect((shown.json as? [String: Any])?["status"] as? Int == 4, "a letter does not change the act's status")
            let reply = try await bed.upload("reponse.pdf", DocumentsBed.pdf("Réponse aux observations"))
            let answered = try await bed.call("POST", "/acts/\(actId)/letters/\(letterId)/answer", ["answerType": 4, "files": [reply]])
            #expect(answered.status == 202, "\(answered.json ?? "")")
            let twice = try await bed.call("POST", "/acts/\(actId)/letters/\(letterId)/answer", ["answerType": 3, "files": [reply]])
            #expect((twice.json as? [String: Any])?["code"] as? String == "letterAlreadyAnswered")
            let answer = try #require(try await bed.bed.published(LetterAnswer.self, count: 1).first)
            #expect(answer.letterRef == letter.letterRef && answer.fileNames == ["\(idActe)-4-4_1.pdf"])
            let answerFiles = try Self.untar(try Self.file(answer.package.uri))
            let xml = String(decoding: try #require(answerFiles["\(idActe)-4-4_0.xml"]), as: UTF8.self)
            #expect(xml.contains("<actes:ReponseLettreObservations") && xml.contains("actes:DateCourrierPref=\""))
            #expect(answerFiles["\(idActe)-4-4_1.pdf"] != nil)
            var confirmation = try bed.bed.example(LetterAnswerAcknowledged.self)
            confirmation.idActe = idActe
            confirmation.letterRef = letter.letterRef
            try await bed.bed.send(confirmation)
            try await bed.waitFor("SELECT count(*) FROM act_status WHERE status = 11")
            try await bed.waitFor("SELECT count(*) FROM letters WHERE answer_acknowledged_at IS NOT NULL")
            // An acknowledgement for an act nobody sent: kept aside, with an alert.
            var stray = try bed.bed.example(PrefectureContracts.ActAcknowledged.self)
            stray.idActe = "021-212102313-20260101-INCONNU-DE"
            try await bed.bed.send(stray)
            try await bed.waitFor("SELECT count(*) FROM unattributed_returns WHERE key = '021-212102313-20260101-INCONNU-DE'")
            let returns = try await bed.call("GET", "/operations/returns", token: bed.operatorToken)
            let id = try #require((returns.json as? [[String: Any]])?.first?["returnId"] as? String)
            let resolved = try await bed.call("POST", "/operations/returns/\(id)/resolve", ["resolution": "test de la préfecture"], token: bed.operatorToken)
            #expect(resolved.status == 200)
        }
    }
}

/// The expected legality deadline, written independently of the service: two months later, clamped to the
/// month's last day.
enum LegalDeadline {
    static func twoMonths(after date: CalendarDate) -> CalendarDate {
        var components = DateComponents(year: date.year, month: date.month, day: 1)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        components.month! += 2
        let first = calendar.date(from: components)!
        let days = calendar.range(of: .day, in: .month, for: first)!.count
        let parts = calendar.dateComponents([.year, .month], from: first)
        return CalendarDate(year: parts.year!, month: parts.month!, day: min(date.day, days))!
    }
}

/// Domain §8 flow 7: an aid granted by deliberation goes to the prefecture as nature 1, matter 7.4 or 7.5, with
/// `origin = desk/<decisionId>`; a refusal has nothing to transmit.
@Suite(.enabled(if: ServiceTestBed.serversConfigured), .timeLimit(.minutes(5)))
struct AidDecisionTests {
    @Test func aGrantedAidBecomesADeliberationAndARefusalDoesNot() async throws {
        try await DocumentsBed.run { bed in
            let document = DocumentsBed.pdf("Délibération de la commission permanente")
            let claim = bed.folder.appendingPathComponent("claims/deliberation-aide.pdf")
            try document.write(to: claim)
            var decision = try bed.bed.example(AidDecided.self)
            decision.outcome = .accepte
            decision.aid?.votedAt = CalendarDate(DocumentsBed.daysAgo(2))!
            decision.deliberation = .init(
                authority: .init(siren: DocumentsBed.siren, departement: "021", arrondissement: "1", nature: "31"),
                numeroInterne: "CP_AIDE_7", matter: ._75, object: "Subvention d'investissement à une entreprise artisanale",
                document: .init(
                    uri: claim.absoluteString, fileName: "deliberation-aide.pdf", sha256: FileDigest.hex(document), sizeBytes: document.count))
            try await bed.bed.send(decision)
            try await bed.bed.send(decision)
            let submitted = try await bed.bed.published(ActSubmitted.self, count: 1)
            #expect(submitted.count == 1)
            #expect(submitted.first?.origin == Origin(service: .desk, reference: decision.decisionId))
            #expect(submitted.first?.natureCode == ._1 && submitted.first?.matter == "7.5")
            #expect(submitted.first?.idActe.hasSuffix("-CP_AIDE_7-DE") == true)
            _ = try await bed.bed.published(PrefectureContracts.ActTransmit.self, count: 1)
            var refused = decision
            refused.decisionId = UUID().uuidString.lowercased()
            refused.outcome = .refuse
            try await bed.bed.send(refused)
            try await Task.sleep(for: .seconds(1))
            #expect(try await bed.bed.count("SELECT count(*) FROM acts WHERE origin_service = 'desk'") == 1)
        }
    }
}

enum FileDigest {
    static func hex(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}
