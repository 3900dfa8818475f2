import Foundation
import Mailer
import NotificationsContracts
import ProcurementContracts
import Testing

@testable import NotificationsService

@Suite struct TemplateTests {
    let composer = MailComposer(from: MailAddress("no-reply@passerelle.example", name: "Passerelle"), messageIDDomain: "passerelle.example")
    let templates = ProcurementTemplates(time: FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!))

    @Test func mandatoryMailHasNoUnsubscribeHeaderEvenWhenGivenAURL() {
        let message = self.composer.message(
            notificationID: "n1", to: MailAddress("a@b.fr"), subject: "S", body: "B", mandatory: true,
            unsubscribeURL: "https://n.example/u/tok")
        #expect(!message.headers.contains { $0.name.hasPrefix("List-Unsubscribe") })
        #expect(!message.textBody.contains("https://n.example/u/tok"))
    }

    @Test func optionalMailCarriesBothRFC8058Headers() {
        let message = self.composer.message(
            notificationID: "n1", to: MailAddress("a@b.fr"), subject: "S", body: "B", mandatory: false,
            unsubscribeURL: "https://n.example/u/tok")
        #expect(message.headers.contains(MailHeader("List-Unsubscribe", "<https://n.example/u/tok>")))
        #expect(message.headers.contains(MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))
        #expect(message.messageID == "n1@passerelle.example")
        #expect(message.textBody.hasSuffix("https://n.example/u/tok"))
    }

    @Test func theBidReceiptStatesTheParisTimeOfReceiptAndTheHashButNoContent() throws {
        let json = """
            {"bidId":"3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f70","tenderId":"6f1c9e2a-4b7d-4e3a-9c21-8d5f0a7b3e14",
             "lotNumbers":[1,2],"bidderSiret":"55208131700018","receivedAt":"2026-04-21T08:00:05Z",
             "contentSha256":"\(String(repeating: "c", count: 64))","late":false,
             "depositor":{"contactName":"Paul Durand","email":"paul@btp.example"}}
            """
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let bid = try decoder.decode(BidReceived.self, from: Data(json.utf8))
        let notice = self.templates.bidReceipt(bid, tender: nil)
        #expect(notice.mandatory)
        #expect(notice.template == "bid-receipt")
        #expect(notice.body.contains("mardi 21 avril 2026 à 10:00:05"))  // CEST = UTC+2
        #expect(notice.body.contains(String(repeating: "c", count: 64)))
        #expect(notice.body.contains("Lot(s) : 1, 2"))
    }

    @Test func winterTimesAreShownInCET() {
        let time = FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!)
        let date = Date(timeIntervalSince1970: 1_767_261_600)  // 2026-01-01T10:00:00Z
        #expect(time.dateTime(date) == "jeudi 1er janvier 2026 à 11 h 00")
    }

    @Test func theDigestSlotIsTheLatestDigestHourInParis() {
        let paris = TimeZone(identifier: "Europe/Paris")!
        // 2026-03-29 is the spring DST change: 08:00 CEST = 06:00Z.
        let afterEight = Date(timeIntervalSince1970: 1_774_765_800)  // 2026-03-29T06:30:00Z
        let slot = DigestSlot.latest(atOrBefore: afterEight, hour: 8, timeZone: paris)
        #expect(slot.period == "2026-03-29T08")
        #expect(slot.start == Date(timeIntervalSince1970: 1_774_764_000))
        let beforeEight = Date(timeIntervalSince1970: 1_774_762_800)  // 05:40Z = 07:40 CEST
        #expect(DigestSlot.latest(atOrBefore: beforeEight, hour: 8, timeZone: paris).period == "2026-03-28T08")
    }
}
