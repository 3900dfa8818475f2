import Foundation
import Mailer
import NotificationsContracts
import ServiceRuntime
import Storage
import Testing

@testable import NotificationsService

/// Training's notice requests through the service (real PostgreSQL, in-memory broker, fake mail transport): the
/// calendar is stored with each notice and mailed as the `text/calendar` part.
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct TrainingNoticeFlowTests {
    static let variables: [String: String] = [
        "agentName": "Camille Bernard", "sessionTitle": "Marchés publics : rédiger un CCTP", "courseCode": "MP-CCTP-02",
        "dates": "lundi 29 mars 2027, 9 h – 17 h", "location": "Maison de la formation, salle 2 (Dijon)",
        "reason": "tooFewParticipants",
    ]

    func request(
        _ template: String, mandatory: Bool = false, to recipients: [String], calendar: (String, String)?
    ) -> [String: Any] {
        var payload: [String: Any] = [
            "requestId": Fixtures.id(), "template": template, "category": "training", "mandatory": mandatory,
            "channel": "email", "recipients": recipients.map { ["email": $0] }, "variables": Self.variables,
            "relatedTo": ["service": "training", "aggregateType": "signup", "aggregateId": Fixtures.id()],
        ]
        if let (method, content) = calendar {
            payload["calendar"] = ["method": method, "content": content]
        }
        return payload
    }

    @Test func aBookingIsMailedOnceWithItsInvitation() async throws {
        try await withTestBed { bed in
            let address = "c.bernard@mairie-exemple.example"
            let payload = self.request("training-signup-booked", to: [address], calendar: ("REQUEST", trainingCalendar()))
            let id = try bed.publish("notifications.notice.request.v1", payload)
            #expect(try await bed.eventually { bed.mail.sent(to: address).count == 1 })
            let mail = try #require(bed.mail.sent(to: address).first)
            #expect(mail.subject == "Votre inscription est confirmée : Marchés publics : rédiger un CCTP")
            #expect(mail.textBody.contains("L'invitation jointe ajoute la session à votre agenda."))
            #expect(mail.calendar == CalendarPart(method: .request, text: trainingCalendar()))
            // What goes on the wire: the last alternative, with the method and the exact text.
            let text = try Mailer.MailComposer().compose(mail, secondsSince1970: 1_800_000_000, boundary: "=_b")
            let part = try #require(
                CalendarMIME.part(of: text, contentType: "text/calendar; charset=utf-8; method=REQUEST"))
            #expect(CalendarMIME.quotedPrintable(part) == trainingCalendar())
            // Stored with the row, so that a retry sends it too.
            let rows = try await bed.query(
                "SELECT calendar_method, calendar_text, category FROM notifications.notifications")
            let (method, stored, category) = try #require(rows.first).decode((String?, String?, String).self)
            #expect(method == "REQUEST")
            #expect(stored == trainingCalendar())
            #expect(category == "training")
            // A redelivered request queues nothing new (idempotency key requestId|recipient|channel|template).
            try bed.publish("notifications.notice.request.v1", payload, id: id)
            try await Task.sleep(for: .milliseconds(500))
            #expect(bed.mail.sent(to: address).count == 1)
        }
    }

    @Test func aRetriedSendCarriesTheCalendarAgain() async throws {
        try await withTestBed { bed in
            let address = "l.petit@mairie-exemple.example"
            bed.mail.fail(address, with: [MailError(.temporary, replyCode: 451, "try later")])
            let calendar = trainingCalendar("CANCEL", sequence: 1)
            try bed.publish(
                "notifications.notice.request.v1",
                self.request("training-session-cancelled", to: [address], calendar: ("CANCEL", calendar)))
            #expect(try await bed.eventually { bed.mail.sent(to: address).count == 1 })
            #expect(bed.mail.attempts(address) == 2)
            let mail = try #require(bed.mail.sent(to: address).first)
            #expect(mail.calendar == CalendarPart(method: .cancel, text: calendar))
            #expect(!mail.headers.contains { $0.name == "List-Unsubscribe" }, "a session cancellation is mandatory")
            let rows = try await bed.query("SELECT mandatory FROM notifications.notifications")
            #expect(try #require(rows.first).decode(Bool.self, at: 0))
        }
    }

    @Test func aCalendarThatDoesNotFitIsParkedAndNothingIsMailed() async throws {
        try await withTestBed { bed in
            let address = "i.garnier@mairie-exemple.example"
            try bed.publish(
                "notifications.notice.request.v1",
                self.request("training-signup-booked", to: [address], calendar: ("REQUEST", trainingCalendar("CANCEL"))))
            try bed.publish(
                "notifications.notice.request.v1",
                self.request("training-signup-promoted", to: [address], calendar: ("CANCEL", trainingCalendar("CANCEL"))))
            try bed.publish(
                "notifications.notice.request.v1",
                self.request("training-signup-unknown", to: [address], calendar: nil))
            #expect(try await bed.eventually {
                try await bed.count("SELECT count(*) FROM notifications.parked_messages") == 3
            })
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.parked_messages WHERE error LIKE '%invalid calendar.method%'") == 1)
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.parked_messages WHERE error LIKE '%invalid parameter ''calendar.method'' (REQUEST for training-signup-promoted)%'") == 1)
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.parked_messages WHERE error LIKE '%unknown notice template ''training-signup-unknown''%'") == 1)
            #expect(try await bed.count("SELECT count(*) FROM notifications.notifications") == 0)
            #expect(bed.mail.sent.isEmpty)
        }
    }
}
