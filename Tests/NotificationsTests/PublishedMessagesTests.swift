import ContractMessaging
import Foundation
import Messaging
import NotificationsContracts
import ProcurementContracts
import Testing

@testable import NotificationsService

/// What the service publishes is complete and valid against its contracts.
@Suite struct PublishedMessagesTests {
    let catalog = NotificationsTestBed.loaded.catalog
    let related = RelatedTo(
        service: .procurement, aggregateType: "tender", aggregateId: "6f1c9e2a-4b7d-4e3a-9c21-8d5f0a7b3e14",
        reference: "3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f70")

    var notice: ClaimedNotice {
        ClaimedNotice(
            id: UUID().uuidString.lowercased(), template: "award-rejection-letter", category: .procurementNotices,
            mandatory: true, channel: .email, recipient: "jeanne@btp.example", recipientName: nil, subject: "S",
            body: "B", attempts: 1, reportSent: true, related: self.related, subscriptionID: nil,
            sourceEventType: "procurement.award.rejections-issued.v1")
    }

    @Test func noticeSentIsValid() throws {
        let sent = NoticeReports.sent(self.notice, channel: .email, at: Date(), providerMessageID: "abc@passerelle.example")
        let (event, exchange) = try self.catalog.makeEvent(sent, envelope: TypedPublisher.Envelope(), source: "/passerelle/notifications")
        #expect(exchange == "notifications.events")
        #expect(String(decoding: event.data, as: UTF8.self).contains("\"reference\":\"3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f70\""))
        // Milliseconds on the wire: the standstill starts at this instant.
        let payload = String(decoding: event.data, as: UTF8.self)
        #expect(payload.range(of: #""sentAt":"[0-9-]{10}T[0-9:]{8}\.[0-9]{3,6}Z""#, options: .regularExpression) != nil)
    }

    @Test func noticeBouncedIsValidForHardAndSoftBounces() throws {
        for type in [NoticeBounced.BounceType.hard, .soft] {
            let bounced = NoticeReports.bounced(self.notice, type: type, diagnostic: "mail permanent (550): unknown", at: Date())
            _ = try self.catalog.makeEvent(bounced, envelope: TypedPublisher.Envelope(), source: "/passerelle/notifications")
            #expect(bounced.fallback == .inApp)
        }
        var optional = self.notice
        optional.mandatory = false
        #expect(NoticeReports.bounced(optional, type: .hard, diagnostic: "x", at: Date()).fallback == .suppressed)
    }
}
