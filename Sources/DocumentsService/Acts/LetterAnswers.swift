import CommonContracts
import DocumentsDomain
import Foundation
import Messaging
import PrefectureContracts
import ServiceRuntime
import Storage

/// The authority's answer to a prefecture letter (types 3 and 4, domain §3.1, §3.7): the documents asked for or
/// the answer to the observations (answer type 4), or the refusal (3), once per letter. The package holds the
/// envelope, `{IDActe}-{t}-{a}_0.xml` and the PDFs `{IDActe}-{t}-{a}_{n}.pdf`; the act's history shows 9
/// (document sent) and, when the prefecture confirms, 11 (acknowledgement received).
struct LetterAnswers: Sendable {
    let settings: DocumentsSettings

    struct Letter {
        var letterId: String
        var actId: String
        var letterRef: String
        var letterType: Int
        var sentAt: Date
        var answered: Bool
    }

    func answer(
        actId: String, letterId: String, answerType: Int, files: [ActRequest.File], by actor: String, _ transaction: ServiceTransaction
    ) async throws {
        let act = try await ActRecord.require(actId, lock: true, in: transaction)
        guard let letter = try await Self.letter(letterId, in: transaction), letter.actId == act.actId else {
            throw ServiceProblem(.notFound, code: "letterNotFound", field: "letterId", rule: "a letter received for this act", letterId)
        }
        guard !letter.answered else {
            throw ServiceProblem(
                .conflict, code: "letterAlreadyAnswered", field: "letterId", rule: "domain §3.1: a letter is answered once", letter.letterRef)
        }
        guard letter.letterType == 3 || letter.letterType == 4 else {
            throw ServiceProblem(
                .invalid, code: "letterNotAnswerable", field: "letterId",
                rule: "domain §3.1: only requests for documents (3) and letters of observations (4) are answered",
                "letter \(letter.letterRef) is of type \(letter.letterType)")
        }
        guard answerType == 3 || answerType == 4 else {
            throw ServiceProblem(.invalid, code: "answerTypeInvalid", field: "answerType", rule: "4: the answer, 3: the refusal", "\(answerType)")
        }
        let several = letter.letterType == 3 && answerType == 4
        guard several ? (1...200).contains(files.count) : files.count == 1 else {
            throw ServiceProblem(
                .invalid, code: "answerFilesInvalid", field: "files",
                rule: "the additional documents: 1 or more; any other answer or refusal: exactly one document",
                "\(files.count) file(s)")
        }
        for (index, file) in files.enumerated() where FileKind.sniff(file.content.prefix(64)) != .pdf {
            throw ServiceProblem(.invalid, code: "answerFileType", field: "files[\(index)]", rule: "a PDF (by content)", file.name)
        }
        let authority = try await AuthorityStore.requireActes(act.siren, in: transaction)
        let id = try ActIdentifier(parsing: act.idActe)
        let store = FileStore(directory: self.settings.storeDirectory)
        var named: [(name: String, content: Data)] = []
        for (index, file) in files.enumerated() {
            let name = ActesNames.letterAnswerFile(id, letterType: letter.letterType, answerType: answerType, index: index + 1)
            _ = try store.put(file.content, fileName: name, mediaType: "application/pdf")
            named.append((name, file.content))
        }
        let now = self.settings.clock.now()
        let flux = "\(letter.letterType)-\(answerType)"
        let business = ActesXML.letterAnswer(
            letterType: letter.letterType, answerType: answerType, id: id, letterDate: ParisCalendar.date(of: letter.sentAt),
            fileNames: named.map(\.name))
        let package = try ActesPackage(
            emitter: try authority.emitter, date: ParisCalendar.date(of: now),
            serial: try await AuthorityStore.nextSerial(act.siren, in: transaction), businessName: "\(id)-\(flux)_0.xml",
            business: business, files: named, at: now)
        let stored = try store.put(package.data, fileName: package.archiveName, mediaType: "application/gzip")
        try await transaction.execute(
            """
            UPDATE letters SET answer_type = \(answerType), answer_files = \(PostgresJSON(named.map(\.name))), answered_at = \(now),
                answered_by = \(actor) WHERE letter_id = \(letter.letterId)::uuid
            """)
        try await ActHistory.note(
            act.actId, .documentSent, at: now, message: "answer to \(letter.letterRef) (\(answerType == 4 ? "answer" : "refusal"))",
            flux: flux, in: transaction)
        try await transaction.publish(
            LetterAnswer(
                transmissionId: UUID().uuidString.lowercased(), idActe: act.idActe, letterRef: letter.letterRef,
                letterType: try ContractValueInt.converted(letter.letterType), answerType: try ContractValueInt.converted(answerType),
                emitter: .init(siren: authority.siren, departement: authority.departement, arrondissement: authority.arrondissement, nature: authority.nature),
                fileNames: named.map(\.name), package: stored.closedReference, sentAt: now),
            aggregate: act.actId, subject: act.idActe)
    }

    func acknowledged(_ answer: LetterAnswerAcknowledged, _ context: HandlerContext) async throws {
        let transaction = context.transaction
        let rows = try await transaction.query(
            """
            UPDATE letters SET answer_acknowledged_at = \(self.settings.clock.now())
            WHERE letter_ref = \(answer.letterRef) AND answered_at IS NOT NULL AND answer_acknowledged_at IS NULL
            RETURNING act_id::text
            """)
        guard let actId = try rows.first?.decode(String.self, at: 0) else {
            let known = try await transaction.query("SELECT 1 FROM letters WHERE letter_ref = \(answer.letterRef) AND answered_at IS NOT NULL")
            if known.isEmpty {
                try await OperatorAlerts.unattributed(
                    "actes.letter-answer-acknowledgement", key: answer.letterRef, reason: "no answer to \(answer.letterRef) was sent",
                    payload: context.event.data, at: self.settings.clock.now(), context)
            }
            return
        }
        try await ActHistory.note(
            actId, .documentAcknowledged, at: self.settings.clock.now(),
            message: "the prefecture received the answer to \(answer.letterRef) on \(answer.receptionDate)",
            flux: "\(answer.answerType.rawValue)", in: transaction)
    }

    static func letter(_ letterId: String, in transaction: ServiceTransaction) async throws -> Letter? {
        guard UUID(uuidString: letterId) != nil else { return nil }
        let rows = try await transaction.query(
            """
            SELECT letter_id::text, act_id::text, letter_ref, letter_type, coalesce(sent_at, received_at), answered_at IS NOT NULL
            FROM letters WHERE letter_id = \(letterId)::uuid FOR UPDATE
            """)
        guard let row = rows.first else { return nil }
        return Letter(
            letterId: try row.decode(String.self, at: 0), actId: try row.decode(String.self, at: 1), letterRef: try row.decode(String.self, at: 2),
            letterType: try row.decode(Int.self, at: 3), sentAt: try row.decode(Date.self, at: 4), answered: try row.decode(Bool.self, at: 5))
    }
}
