import Foundation
import Logging
import Mailer
import NotificationsContracts
import ProcurementContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

@testable import NotificationsService

/// The service on the real PostgreSQL with the in-memory broker and a fake mail transport.
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct ServiceFlowTests {
    @Test func aRedeliveredEventSendsOneMail() async throws {
        try await withTestBed { bed in
            let tender = Fixtures.id()
            try bed.publish("procurement.tender-document.downloaded.v1", Fixtures.downloaded(tenderId: tender, email: "Jeanne@BTP.example"))
            try bed.publish("procurement.tender-document.downloaded.v1", Fixtures.downloaded(tenderId: tender, email: "jeanne@btp.example"))
            #expect(try await bed.eventually { try await bed.count("SELECT count(*) FROM notifications.recipient_register") == 2 })
            let amended = Fixtures.amended(tenderId: tender)
            let eventID = try bed.publish("procurement.tender.amended.v1", amended)
            #expect(try await bed.eventually { bed.mail.sent(to: "jeanne@btp.example").count == 1 })
            // The same event again (a redelivery): the inbox and the idempotency key absorb it.
            try bed.publish("procurement.tender.amended.v1", amended, id: eventID)
            try await Task.sleep(for: .milliseconds(500))
            #expect(bed.mail.sent(to: "jeanne@btp.example").count == 1)
            let mail = try #require(bed.mail.sent.first)
            #expect(!mail.headers.contains { $0.name == "List-Unsubscribe" })
            #expect(mail.textBody.contains("CCTP.pdf (remplacé)"))
            // Queueing the same notice again in a new transaction is a no-op (ON CONFLICT DO NOTHING).
            let draft = NoticeDraft(
                notice: RenderedNotice(template: "tender-amended", category: .procurementNotices, mandatory: true, subject: "S", body: "B"),
                recipient: "JEANNE@btp.example",
                related: RelatedTo(service: .procurement, aggregateType: "tender", aggregateId: tender),
                sourceEventID: eventID)
            let again = try await bed.host.withTransaction { try await NotificationStore.queue(draft, in: $0) }
            #expect(again == .duplicate)
        }
    }

    @Test func transientFailuresAreRetriedThenDeliveredOnce() async throws {
        try await withTestBed { bed in
            let address = "paul@btp.example"
            bed.mail.fail(address, with: [MailError(.temporary, replyCode: 451, "try later"), MailError(.connection, "reset")])
            let tender = Fixtures.id()
            try bed.publish("procurement.bid.received.v1", Fixtures.bidReceived(tenderId: tender, bidId: Fixtures.id(), email: address))
            #expect(try await bed.eventually { bed.mail.sent(to: address).count == 1 })
            #expect(bed.mail.attempts(address) == 3)
            // The mail leaves before the worker commits its outcome: wait for the row, not only the mail.
            #expect(try await bed.eventually {
                try await bed.count("SELECT count(*) FROM notifications.notifications WHERE status = 'sent'") == 1
            })
            let rows = try await bed.query("SELECT status, attempts, provider_message_id FROM notifications.notifications")
            let (status, attempts, provider) = try #require(rows.first).decode((String, Int32, String?).self)
            #expect(status == "sent")
            #expect(attempts == 3)
            let receipt = try #require(bed.mail.sent.first)
            #expect(provider == receipt.messageID)
            #expect(receipt.textBody.contains(Fixtures.sha))
            #expect(receipt.textBody.contains("lundi 4 mai 2026 à 11:58:12"))
        }
    }

    @Test func aPermanentRefusalHardBouncesSuppressesAndFallsBackInApp() async throws {
        try await withTestBed { bed in
            let address = "unknown@btp.example"
            bed.mail.fail(address, with: [MailError(.permanent, replyCode: 550, "5.1.1 user unknown")])
            let tender = Fixtures.id()
            try bed.publish("procurement.bid.received.v1", Fixtures.bidReceived(tenderId: tender, bidId: Fixtures.id(), email: address))
            #expect(try await bed.eventually {
                try await bed.count("SELECT count(*) FROM notifications.notifications WHERE status = 'hardBounced'") == 1
            })
            #expect(try await bed.count("SELECT count(*) FROM notifications.suppressions WHERE email = '\(address)'") == 1)
            try await bed.harness.waitUntilOutboxDrained()
            let bounced = try bed.published(NoticeBounced.self, "notifications.notice.bounced.v1")
            #expect(bounced.count == 1)
            #expect(bounced.first?.bounceType == .hard)
            #expect(bounced.first?.fallback == .inApp)
            // A later rejection letter to that address is not e-mailed: in-app, reported as sent in-app.
            let letter = Fixtures.id()
            try bed.publish("procurement.award.rejections-issued.v1", Fixtures.rejections(tenderId: tender, letters: [(letter, address)]))
            #expect(try await bed.eventually {
                try bed.published(NoticeSent.self, "notifications.notice.sent.v1").contains { $0.relatedTo.reference == letter }
            })
            let sent = try bed.published(NoticeSent.self, "notifications.notice.sent.v1").first { $0.relatedTo.reference == letter }
            #expect(sent?.channel == .inApp)
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.notifications WHERE template = 'award-rejection-letter' AND in_app_fallback") == 1)
            #expect(bed.mail.attempts(address) == 1)
        }
    }

    @Test func aRejectionLetterIsReportedWithItsSendTime() async throws {
        try await withTestBed { bed in
            let tender = Fixtures.id()
            let (first, second) = (Fixtures.id(), Fixtures.id())
            try bed.publish(
                "procurement.award.rejections-issued.v1",
                Fixtures.rejections(tenderId: tender, letters: [(first, "a@btp.example"), (second, "b@btp.example")]))
            #expect(try await bed.eventually {
                try bed.published(NoticeSent.self, "notifications.notice.sent.v1").count == 2
            })
            let reports = try bed.published(NoticeSent.self, "notifications.notice.sent.v1")
            #expect(Set(reports.compactMap(\.relatedTo.reference)) == [first, second])
            #expect(reports.allSatisfy { $0.channel == .email && $0.mandatory && $0.template == "award-rejection-letter" })
            #expect(reports.allSatisfy { $0.triggerType == "procurement.award.rejections-issued.v1" })
            let ids = Set(bed.mail.sent.map(\.messageID))
            #expect(Set(reports.compactMap(\.providerMessageId)) == ids)
        }
    }
}
