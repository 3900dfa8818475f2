import Messaging
import Logging
import Foundation
import Mailer
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import Storage

/// A notice request whose `calendar` the mail could not carry (not one `VCALENDAR`, or a `METHOD` other than the
/// request's). Permanent like a template error: the request is parked at once and nothing is queued, rather than
/// every recipient's mail failing at send time.
struct NoticeCalendarError: Error, Hashable, CustomStringConvertible {
    /// The requested template name.
    var template: String
    /// The composer's reason, naming `calendar.text` or `calendar.method` and the rule, never the text.
    var detail: String

    var description: String { "notice template '\(self.template)': invalid \(self.detail)" }
}

/// `notifications.notice.request.v1` (a generic notice another service asks for) and the events of other
/// contexts kept for later (``DeferredEvent``).
struct RequestHandlers: Sendable {
    let templates: ProcurementTemplates

    /// The `documents-*` templates (ACTES and HELIOS notices), in the same time zone.
    var documents: DocumentsTemplates { DocumentsTemplates(time: self.templates.time) }

    /// The `desk-*` templates (support desk notices), in the same time zone.
    var desk: DeskTemplates { DeskTemplates(time: self.templates.time) }

    /// The `training-*` templates (staff training notices), in the same time zone.
    var training: TrainingTemplates { TrainingTemplates(time: self.templates.time) }

    /// A `documents-*` template is written by ``DocumentsTemplates``, a `desk-*` one by ``DeskTemplates`` and a
    /// `training-*` one by ``TrainingTemplates``; an unknown one, or a missing parameter, throws the family's
    /// ``FamilyTemplateError`` (permanent: the request is parked, nothing is queued). Other templates are written
    /// from the `subject` and `body` variables. The request's `calendar` goes with every recipient's notice (and
    /// is checked first: ``NoticeCalendarError``).
    func noticeRequested(_ request: NoticeRequest, _ context: HandlerContext) async throws {
        let calendar = try Self.calendar(of: request)
        let notice =
            DocumentsTemplates.handles(request.template) ? try self.documents.render(request)
            : DeskTemplates.handles(request.template) ? try self.desk.render(request)
            : TrainingTemplates.handles(request.template) ? try self.training.render(request)
            : self.templates.requested(request)
        for recipient in request.recipients {
            let draft = NoticeDraft(
                notice: notice, recipient: recipient.email, recipientName: recipient.name, related: request.relatedTo,
                tenderID: nil, sourceEventID: request.requestId, sourceEventType: NoticeRequest.messageType,
                reportSent: true, notBefore: request.notBefore, channel: request.channel, calendar: calendar)
            try await NotificationStore.queue(draft, in: context.transaction)
        }
    }

    /// The request's `calendar` as the mail's part, checked as the composer will check it.
    static func calendar(of request: NoticeRequest) throws(NoticeCalendarError) -> CalendarPart? {
        guard let calendar = request.calendar else { return nil }
        guard let method = CalendarPart.Method(rawValue: calendar.method.rawValue) else {
            throw NoticeCalendarError(template: request.template, detail: "calendar.method: REQUEST or CANCEL")
        }
        let part = CalendarPart(method: method, text: calendar.content)
        do {
            try part.validate(field: "calendar")
        } catch {
            throw NoticeCalendarError(template: request.template, detail: error.detail)
        }
        return part
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
