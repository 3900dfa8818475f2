import Messaging
import Logging
import Foundation
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// `notifications.notice.request.v1` (a generic notice another service asks for) and the events of other
/// contexts kept for later (``DeferredEvent``).
struct RequestHandlers: Sendable {
    let templates: ProcurementTemplates

    /// The `documents-*` templates (ACTES and HELIOS notices), in the same time zone.
    var documents: DocumentsTemplates { DocumentsTemplates(time: self.templates.time) }

    /// The `desk-*` templates (support desk notices), in the same time zone.
    var desk: DeskTemplates { DeskTemplates(time: self.templates.time) }

    /// A `documents-*` template is written by ``DocumentsTemplates`` and a `desk-*` one by ``DeskTemplates``; an
    /// unknown one, or a missing parameter, throws ``DocumentsTemplateError`` or ``DeskTemplateError``
    /// (permanent: the request is parked, nothing is queued). Other templates are written from the `subject` and
    /// `body` variables.
    func noticeRequested(_ request: NoticeRequest, _ context: HandlerContext) async throws {
        let notice =
            DocumentsTemplates.handles(request.template) ? try self.documents.render(request)
            : DeskTemplates.handles(request.template) ? try self.desk.render(request)
            : self.templates.requested(request)
        for recipient in request.recipients {
            let draft = NoticeDraft(
                notice: notice, recipient: recipient.email, recipientName: recipient.name, related: request.relatedTo,
                tenderID: nil, sourceEventID: request.requestId, sourceEventType: NoticeRequest.messageType,
                reportSent: true, notBefore: request.notBefore, channel: request.channel)
            try await NotificationStore.queue(draft, in: context.transaction)
        }
    }

    func deferred(_ context: HandlerContext) async throws {
        try await context.transaction.execute(
            """
            INSERT INTO deferred_events (event_id, event_type, payload)
            VALUES (\(context.event.id), \(context.event.type), \(PostgresRawJSON(bytes: context.event.data)))
            ON CONFLICT (event_id) DO NOTHING
            """)
    }
}
