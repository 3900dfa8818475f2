import ContractMessaging
import ContractTypes
import Foundation
import Mailer
import NotificationsContracts
import ProcurementContracts
import Testing

@testable import NotificationsService

/// `procurement.contract.notified.v1` (domain §2.10, §8 flow 5): the holder, found in the register by its
/// winning deposit, gets the mandatory « votre marché est notifié » once.
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct ContractNotifiedTests {
    static func notified(tenderId: String, contractId: String, bidId: String, actes: Bool = true) -> [String: Any] {
        var payload: [String: Any] = [
            "contractId": contractId, "tenderId": tenderId, "awardId": Fixtures.id(), "reference": "MP2026_014",
            "lotNumbers": [1],
            "holder": ["bidId": bidId, "siret": "55208131700018", "name": "BTP Exemple"],
            "buyer": ["siret": "21210231300013", "name": "Commune de Dijon", "kind": "local", "departement": "021"],
            "notifiedAt": "2026-05-06T07:31:46Z", "enforceableOn": "2026-05-06",
        ]
        if actes {
            payload["actes"] = ["idActe": "021-212102313-20260504-MP2026_014-CC", "receptionDate": "2026-05-06"]
        }
        return payload
    }

    @Test func theHolderGetsTheMandatoryNoticeOnce() async throws {
        try await withTestBed { bed in
            let (tender, bid, contract) = (Fixtures.id(), Fixtures.id(), Fixtures.id())
            let holder = "paul@btp.example"
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: tender))
            try bed.publish("procurement.bid.received.v1", Fixtures.bidReceived(tenderId: tender, bidId: bid, email: holder))
            // Another bidder of the tender is not the holder.
            try bed.publish(
                "procurement.bid.received.v1", Fixtures.bidReceived(tenderId: tender, bidId: Fixtures.id(), email: "other@routes.example"))
            #expect(try await bed.eventually {
                try await bed.count("SELECT count(*) FROM notifications.recipient_register WHERE kind = 'bidder'") == 2
            })
            let event = Self.notified(tenderId: tender, contractId: contract, bidId: bid)
            let first = try bed.publish("procurement.contract.notified.v1", event)
            #expect(try await bed.eventually { bed.mail.sent(to: holder).contains { $0.subject.hasPrefix("Votre marché est notifié") } })
            // Redelivered, and emitted again under a new event id: still one notice.
            try bed.publish("procurement.contract.notified.v1", event, id: first)
            try bed.publish("procurement.contract.notified.v1", event)
            #expect(try await bed.eventually {
                try await bed.count(
                    "SELECT count(*) FROM notifications.inbox WHERE message_type = 'procurement.contract.notified.v1'") == 2
            })
            try await Task.sleep(for: .milliseconds(500))
            let notices = bed.mail.sent(to: holder).filter { $0.subject.hasPrefix("Votre marché est notifié") }
            #expect(notices.count == 1)
            #expect(!bed.mail.sent(to: "other@routes.example").contains { $0.subject.hasPrefix("Votre marché est notifié") })
            #expect(try await bed.count(
                """
                SELECT count(*) FROM notifications.notifications
                WHERE template = 'contract-notified' AND mandatory AND related_type = 'contract' AND related_id = '\(contract)'
                """) == 1)
            let mail = try #require(notices.first)
            #expect(!mail.headers.contains { $0.name.hasPrefix("List-Unsubscribe") })
            #expect(mail.textBody.contains("votre marché est notifié"))
            #expect(mail.textBody.contains("MP2026_014"))
            #expect(mail.textBody.contains("Acheteur : Commune de Dijon"))
            #expect(mail.textBody.contains("exécutoire à compter du mercredi 6 mai 2026"))
            #expect(mail.textBody.contains("Réfection de la voirie communale"))
        }
    }

    @Test func aHolderMissingFromTheRegisterGetsNothing() async throws {
        try await withTestBed { bed in
            let tender = Fixtures.id()
            try bed.publish(
                "procurement.contract.notified.v1", Self.notified(tenderId: tender, contractId: Fixtures.id(), bidId: Fixtures.id()))
            #expect(try await bed.eventually {
                try await bed.count(
                    "SELECT count(*) FROM notifications.inbox WHERE message_type = 'procurement.contract.notified.v1'") == 1
            })
            #expect(try await bed.count("SELECT count(*) FROM notifications.notifications") == 0)
        }
    }
}

@Suite struct ContractNotifiedTemplateTests {
    let templates = ProcurementTemplates(time: FrenchTime(timeZone: TimeZone(identifier: "Europe/Paris")!))

    func event(_ payload: [String: Any]) throws -> ContractNotified {
        try ContractCoding.makeDecoder().decode(ContractNotified.self, from: try JSONSerialization.data(withJSONObject: payload))
    }

    @Test func afterActesTheNoticeGivesTheAcknowledgementAndTheEnforceableDate() throws {
        let event = try self.event(
            ContractNotifiedTests.notified(tenderId: Fixtures.id(), contractId: Fixtures.id(), bidId: Fixtures.id()))
        let label = TenderLabel(
            reference: "2026-014", title: "Réfection de voirie", buyerName: "Commune de Dijon", pageURL: "https://m.example/c")
        let notice = self.templates.contractNotified(event, tender: label)
        #expect(notice.mandatory)
        #expect(notice.template == "contract-notified")
        #expect(notice.category == .procurementNotices)
        #expect(notice.subject == "Votre marché est notifié — réf. MP2026_014")
        #expect(notice.body.contains("votre marché est notifié"))
        #expect(notice.body.contains("Marché : MP2026_014, lot 1 de la consultation « Réfection de voirie » (réf. 2026-014, Commune de Dijon)"))
        #expect(notice.body.contains("Titulaire : BTP Exemple (SIRET 55208131700018)"))
        #expect(notice.body.contains("Date de notification : mercredi 6 mai 2026 à 9 h 31 (heure de Paris)"))
        #expect(notice.body.contains("Le marché est exécutoire à compter du mercredi 6 mai 2026."))
        #expect(notice.body.contains("accusé réception le mercredi 6 mai 2026 (acte 021-212102313-20260504-MP2026_014-CC)"))
    }

    @Test func withoutActesTheNoticeSaysNothingOfThePrefecture() throws {
        var payload = ContractNotifiedTests.notified(
            tenderId: Fixtures.id(), contractId: Fixtures.id(), bidId: Fixtures.id(), actes: false)
        payload["enforceableOn"] = "2026-06-01"
        let notice = self.templates.contractNotified(try self.event(payload), tender: nil)
        #expect(notice.body.contains("exécutoire à compter du lundi 1er juin 2026"))
        #expect(!notice.body.contains("préfecture"))
        #expect(notice.body.contains("la consultation \(try self.event(payload).tenderId)"))
    }
}
