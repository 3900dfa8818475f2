import CommonContracts
import ContractTypes
import DocumentsContracts
import DocumentsDomain
import Foundation
import Messaging
import NoticeRequests
import PrefectureContracts
import ServiceRuntime
import Storage

/// The prefecture's answers (domain §3.7), correlated by IDActe: the acknowledgement (status 4), the anomaly
/// (-1), the cancellation's acknowledgement (0) and the letters (types 2–5, status 7). An answer that contradicts
/// the one before (an acknowledgement after an anomaly, or the reverse) puts the act in error and alerts the
/// operators; a repeated answer changes nothing; an answer for an unknown act is kept aside with an alert.
struct PrefectureReturns: Sendable {
    let settings: DocumentsSettings
    var store: FileStore { FileStore(directory: self.settings.storeDirectory) }

    func acknowledged(_ answer: PrefectureContracts.ActAcknowledged, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let act = try await self.act(answer.idActe, kind: "actes.acknowledgement", context) else { return }
        switch act.status {
        case .acknowledged, .cancelled, .documentReceived: return
        case .error:
            try await self.contradiction(act, "an acknowledgement arrived after an anomaly", at: now, context)
            return
        default: break
        }
        let file = try self.keep(answer.acknowledgement, field: "acknowledgement")
        let deadline = LegalTiming.legalityDeadline(receivedOn: answer.receptionDate)
        let transaction = context.transaction
        try await transaction.execute(
            """
            UPDATE acts SET acknowledged_at = \(now), reception_date = \(answer.receptionDate.description)::date,
                legality_deadline = \(deadline.description)::date WHERE act_id = \(act.actId)::uuid
            """)
        try await ActHistory.record(
            act.actId, .acknowledged, at: now, message: "received by the prefecture on \(answer.receptionDate)", flux: "1-2", in: transaction)
        try await transaction.publish(
            DocumentsContracts.ActAcknowledged(
                actId: act.actId, idActe: act.idActe, origin: act.origin, authoritySiren: act.siren,
                receptionDate: answer.receptionDate, acknowledgedAt: now, legalityDeadline: deadline, acknowledgement: file?.reference),
            aggregate: act.actId, subject: act.idActe)
        let authority = try await AuthorityStore.load(act.siren, in: transaction)
        // Domain §3.7: the act, its XML and the acknowledgement go to the broadcast addresses.
        try await NoticeOutbox.documents.request(
            "documents-act-acknowledged", mandatory: true,
            to: (authority?.broadcastAddresses ?? []) + (authority?.returnAddresses ?? []),
            variables: [
                "idActe": act.idActe, "objet": act.object, "receptionDate": answer.receptionDate.description,
                "legalityDeadline": deadline.description, "authorityName": authority?.name ?? act.siren,
            ],
            attachments: [act.files.first, file].compactMap { $0?.closedReference }, aggregate: ("act", act.actId), cause: context.event.id,
            in: transaction)
    }

    func anomaly(_ answer: ActAnomalyReported, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let act = try await self.act(answer.idActe, kind: "actes.anomaly", context) else { return }
        switch act.status {
        case .error where act.detail != nil, .cancelled: return
        case .acknowledged, .documentReceived:
            try await self.contradiction(act, "an anomaly arrived after the acknowledgement: \(answer.detail)", at: now, context)
            return
        default: break
        }
        let file = try self.keep(answer.anomaly, field: "anomaly")
        let transaction = context.transaction
        try await transaction.execute("UPDATE acts SET detail = \(answer.detail) WHERE act_id = \(act.actId)::uuid")
        try await ActHistory.record(act.actId, .error, at: now, message: answer.detail, flux: "1-3", in: transaction)
        try await transaction.publish(
            ActRejected(
                actId: act.actId, idActe: act.idActe, origin: act.origin, authoritySiren: act.siren, rejectedAt: now,
                detail: String(answer.detail.prefix(2000)), anomaly: file?.reference),
            aggregate: act.actId, subject: act.idActe)
        let authority = try await AuthorityStore.load(act.siren, in: transaction)
        try await NoticeOutbox.documents.request(
            "documents-act-rejected", mandatory: true, to: [authority?.referentEmail].compactMap { $0 } + (authority?.returnAddresses ?? []),
            variables: ["idActe": act.idActe, "objet": act.object, "detail": answer.detail, "authorityName": authority?.name ?? act.siren],
            aggregate: ("act", act.actId), cause: context.event.id, in: transaction)
    }

    func cancellationAcknowledged(_ answer: ActCancellationAcknowledged, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let act = try await self.act(answer.idActe, kind: "actes.cancellation-acknowledgement", context) else { return }
        guard act.status != .cancelled else { return }
        guard act.cancellationPending else {
            try await self.contradiction(act, "a cancellation acknowledgement arrived for an act with no cancellation sent", at: now, context)
            return
        }
        let transaction = context.transaction
        try await ActHistory.record(
            act.actId, .cancelled, at: now, message: "cancellation received by the prefecture on \(answer.receptionDate)", flux: "6-2",
            in: transaction)
        try await transaction.publish(
            ActCancelled(
                actId: act.actId, idActe: act.idActe, origin: act.origin, authoritySiren: act.siren, cancelledAt: now,
                cancellationReceptionDate: answer.receptionDate),
            aggregate: act.actId, subject: act.idActe)
        let authority = try await AuthorityStore.load(act.siren, in: transaction)
        try await NoticeOutbox.documents.request(
            "documents-act-cancelled", mandatory: false, to: authority?.returnAddresses ?? [],
            variables: ["idActe": act.idActe, "objet": act.object, "receptionDate": answer.receptionDate.description],
            aggregate: ("act", act.actId), cause: context.event.id, in: transaction)
    }

    func letter(_ letter: LetterSent, _ context: HandlerContext) async throws {
        let now = self.settings.clock.now()
        guard let act = try await self.act(letter.idActe, kind: "actes.letter", context) else { return }
        let transaction = context.transaction
        let known = try await transaction.query("SELECT 1 FROM letters WHERE letter_ref = \(letter.letterRef)")
        guard known.isEmpty else { return }
        let file = try self.keep(letter.document, field: "document")
        let letterId = DerivedID.uuid("letter|\(letter.letterRef)")
        try await transaction.execute(
            """
            INSERT INTO letters (letter_id, act_id, letter_ref, letter_type, document, received_at, sent_at)
            VALUES (\(letterId)::uuid, \(act.actId)::uuid, \(letter.letterRef), \(letter.letterType.rawValue),
                \(PostgresJSON(file ?? FileStore.Stored(uri: letter.document.uri, fileName: letter.document.fileName, sha256: letter.document.sha256, sizeBytes: letter.document.sizeBytes))), \(now),
                \(letter.sentAt))
            """)
        let flux = "\(letter.letterType.rawValue)-1"
        // A letter is a transaction of its own at the prefecture: the act keeps its status, its history shows the letter.
        try await ActHistory.note(
            act.actId, .documentReceived, at: now, message: "\(Self.kind(letter.letterType).label) \(letter.letterRef)", flux: flux,
            in: transaction)
        let answerExpected = letter.letterType == ._3 || letter.letterType == ._4
        try await transaction.publish(
            PrefectureLetterReceived(
                actId: act.actId, idActe: act.idActe, origin: act.origin, letterId: letterId, authoritySiren: act.siren,
                letterType: try ContractValueInt.converted(letter.letterType.rawValue), letterKind: Self.kind(letter.letterType).kind,
                receivedAt: now, document: (file?.reference) ?? letter.document, answerExpected: answerExpected),
            aggregate: act.actId, subject: act.idActe)
        let authority = try await AuthorityStore.load(act.siren, in: transaction)
        try await NoticeOutbox.documents.request(
            "documents-prefecture-letter", mandatory: true,
            to: [authority?.referentEmail].compactMap { $0 } + (authority?.returnAddresses ?? []),
            variables: [
                "idActe": act.idActe, "objet": act.object, "letterType": String(letter.letterType.rawValue),
                "answerExpected": String(answerExpected), "authorityName": authority?.name ?? act.siren,
            ],
            attachments: file.map { [$0.closedReference] } ?? [], aggregate: ("act", act.actId), cause: context.event.id, in: transaction)
    }

    static func kind(_ type: LetterSent.LetterType) -> (kind: PrefectureLetterReceived.LetterKind, label: String) {
        switch type {
        case ._2: (.simpleLetter, "simple letter")
        case ._3: (.additionalDocumentsRequest, "request for additional documents")
        case ._4: (.observations, "letter of observations")
        case ._5: (.courtReferral, "referral to the administrative court")
        }
    }

    private func act(_ idActe: String, kind: String, _ context: HandlerContext) async throws -> ActRecord? {
        if let act = try await ActRecord.byIdActe(idActe, in: context.transaction) { return act }
        try await OperatorAlerts.unattributed(
            kind, key: idActe, reason: "no act \(idActe) was sent through Passerelle", payload: context.event.data,
            at: self.settings.clock.now(), context)
        return nil
    }

    private func contradiction(_ act: ActRecord, _ detail: String, at now: Date, _ context: HandlerContext) async throws {
        try await ActHistory.record(act.actId, .error, at: now, message: "contradictory answers: \(detail)", in: context.transaction)
        try await OperatorAlerts.raise("contradictoryAnswers", subject: act.idActe, detail: detail, at: now, cause: context.event.id, context)
    }

    /// Copies a returned file into the store (the partner's folder is not ours to keep); nil when it cannot be read,
    /// which does not stop the answer from counting.
    private func keep(_ reference: FileReference, field: String) throws -> FileStore.Stored? {
        let reader = ClaimCheckReader(allowedRoots: self.settings.claimRoots, maxBytes: ActRules.maximumBytes)
        guard let data = try? reader.read(uri: reference.uri, sha256: reference.sha256, sizeBytes: reference.sizeBytes, field: field)
        else { return nil }
        return try self.store.put(data, fileName: reference.fileName, mediaType: reference.mediaType)
    }
}

enum ContractValueInt {
    static func converted<Target: RawRepresentable>(_ value: Int) throws -> Target where Target.RawValue == Int {
        guard let converted = Target(rawValue: value) else {
            throw ServiceProblem(.internal, code: "contractValue", rule: "a value of the contract's enum", "\(value)")
        }
        return converted
    }
}
