import DeskContracts
import DocumentsContracts
import Foundation
import NoticeRequests
import ServiceRuntime
import Storage

/// The prefecture's answers on aid deliberations, through document exchange (events with `origin = desk/<decisionId>`;
/// other origins are not the desk's and are ignored). The acknowledgement makes the decision enforceable
/// (`desk.aid.enforceable.v1`, the applicant told); an anomaly alerts the instructor; a cancellation is recorded.
struct ActReturns: Sendable {
    let settings: DeskSettings

    func acknowledged(_ event: ActAcknowledged, _ context: HandlerContext) async throws {
        guard event.origin.service == .desk else { return }
        let transaction = context.transaction
        let updated = try await transaction.query(
            """
            UPDATE aid_decisions SET act_status = 'acknowledged', id_acte = \(event.idActe), acknowledged_at = \(event.acknowledgedAt),
                enforceable_at = \(event.acknowledgedAt)
            WHERE decision_id = \(event.origin.reference)::uuid AND act_status IS DISTINCT FROM 'acknowledged'
            RETURNING application_id::text
            """)
        guard let applicationId = try updated.first?.decode(String.self, at: 0),
            let record = try await DossierRecord.load(applicationId, in: transaction)
        else { return }
        try await transaction.publish(
            AidEnforceable(
                applicationId: applicationId, decisionId: event.origin.reference, idActe: event.idActe,
                acknowledgedAt: event.acknowledgedAt, enforceableAt: event.acknowledgedAt),
            aggregate: applicationId, id: DerivedID.uuid("enforceable|\(event.origin.reference)"))
        try await NoticeOutbox.desk.request(
            "desk-decision-enforceable", mandatory: true, to: [record.applicantEmail],
            variables: [
                "applicantName": record.applicantName, "idActe": event.idActe,
                "enforceableAt": ISO8601DateFormatter().string(from: event.acknowledgedAt),
            ],
            aggregate: ("dossier", applicationId), cause: "enforceable|\(event.origin.reference)", in: transaction)
    }

    func rejected(_ event: ActRejected, _ context: HandlerContext) async throws {
        guard event.origin.service == .desk else { return }
        let updated = try await context.transaction.query(
            """
            UPDATE aid_decisions SET act_status = 'rejected', id_acte = \(event.idActe), act_detail = \(event.detail)
            WHERE decision_id = \(event.origin.reference)::uuid
            RETURNING application_id::text, decided_by_email
            """)
        guard let row = updated.first else { return }
        let applicationId = try row.decode(String.self, at: 0)
        let instructor = try row.decode(String?.self, at: 1)
        try await NoticeOutbox.desk.request(
            "desk-deliberation-rejected", mandatory: true, to: [instructor],
            variables: ["idActe": event.idActe, "detail": event.detail],
            aggregate: ("dossier", applicationId), cause: "rejected|\(event.actId)|\(event.rejectedAt.timeIntervalSince1970)",
            in: context.transaction)
    }

    func cancelled(_ event: ActCancelled, _ context: HandlerContext) async throws {
        guard event.origin.service == .desk else { return }
        try await context.transaction.execute(
            """
            UPDATE aid_decisions SET act_status = 'cancelled', id_acte = \(event.idActe)
            WHERE decision_id = \(event.origin.reference)::uuid
            """)
    }
}
