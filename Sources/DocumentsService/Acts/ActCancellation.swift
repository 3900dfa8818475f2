import DocumentsDomain
import Foundation
import PrefectureContracts
import ServiceRuntime
import Storage

/// Cancellation of an acknowledged act (type 6, domain §3.5): only from status 4, once, irreversibly. Sends the
/// `Annulation` package; the act becomes cancelled (0) when the prefecture acknowledges it (6-2).
struct ActCancellation: Sendable {
    let settings: DocumentsSettings

    func cancel(actId: String, reason: String, requestedBy: String, _ transaction: ServiceTransaction) async throws {
        let act = try await ActRecord.require(actId, lock: true, in: transaction)
        guard !act.cancellationPending else {
            if act.status == .acknowledged || act.status == .cancelled { return }
            throw Self.refusal("a cancellation is already pending")
        }
        guard act.status == .acknowledged else {
            throw Self.refusal("the act is in status \(act.status.rawValue) (\(act.status.label))")
        }
        guard !reason.isEmpty, reason.count <= 1000 else {
            throw ServiceProblem(.invalid, code: "reasonInvalid", field: "reason", rule: "1–1000 characters", "\(reason.count) characters")
        }
        let authority = try await AuthorityStore.requireActes(act.siren, in: transaction)
        let now = self.settings.clock.now()
        let id = try ActIdentifier(parsing: act.idActe)
        let package = try ActesPackage(
            emitter: try authority.emitter, date: ParisCalendar.date(of: now),
            serial: try await AuthorityStore.nextSerial(act.siren, in: transaction), businessName: ActesNames.businessXML(id, flux: "6-1"),
            business: ActesXML.cancellation(id), files: [], at: now)
        let stored = try FileStore(directory: self.settings.storeDirectory).put(
            package.data, fileName: package.archiveName, mediaType: "application/gzip")
        let transmissionId = UUID().uuidString.lowercased()
        try await transaction.execute(
            """
            UPDATE acts SET cancellation_id = \(transmissionId)::uuid, cancel_reason = \(reason) WHERE act_id = \(actId)::uuid
            """)
        try await ActHistory.note(
            actId, .acknowledged, at: now, message: "cancellation sent by \(requestedBy): \(reason)", flux: "6-1", in: transaction)
        try await transaction.publish(
            ActCancel(transmissionId: transmissionId, idActe: act.idActe, package: stored.closedReference, sentAt: now),
            aggregate: actId, subject: act.idActe)
    }

    private static func refusal(_ detail: String) -> ServiceProblem {
        ServiceProblem(
            .conflict, code: "cancellationNotAllowed", field: "actId",
            rule: "domain §3.5: only an acknowledged act (status 4) with no cancellation pending can be cancelled", detail)
    }
}
