import Foundation
import Logging
import Mailer
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

@testable import NotificationsService

/// Subscriptions over HTTP, alerts, one-click unsubscribe and digests, on the real PostgreSQL.
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct SubscriptionFlowTests {
    @Test func oneClickUnsubscribeStopsAlertsButNotMandatoryNotices() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            // A token whose e-mail is the subscription's: active at once (no confirmation mail).
            let owner = try await bed.token("veille", email: "veille@btp.example")
            let created = try await http.request(
                "POST", "/subscriptions",
                body: #"{"email":"Veille@BTP.example","filters":{"cpvPrefixes":["452"],"departements":["21"],"keywords":["voirie"]}}"#,
                token: owner)
            #expect(created.status == 201)
            let tender = Fixtures.id()
            try bed.publish("procurement.tender-document.downloaded.v1", Fixtures.downloaded(tenderId: tender, email: "veille@btp.example"))
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: tender))
            // Not matching (département 71): no alert.
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: Fixtures.id(), departement: "071"))
            #expect(try await bed.eventually { bed.mail.sent(to: "veille@btp.example").count == 1 })
            let alert = try #require(bed.mail.sent.first)
            #expect(alert.headers.contains(MailHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")))
            let header = try #require(alert.headers.first { $0.name == "List-Unsubscribe" }).value
            let url = String(header.dropFirst().dropLast())
            // GET shows a page and does not unsubscribe.
            let page = try await http.request("GET", url)
            #expect(page.status == 200)
            #expect(page.body.contains("List-Unsubscribe"))
            #expect(try await bed.count("SELECT count(*) FROM notifications.subscriptions WHERE unsubscribed_at IS NULL") == 1)
            #expect(try await http.request("POST", url, body: "nothing", contentType: "application/x-www-form-urlencoded").status == 400)
            let done = try await http.request("POST", url, body: "List-Unsubscribe=One-Click", contentType: "application/x-www-form-urlencoded")
            #expect(done.status == 200)
            let list = try await http.request("GET", "/subscriptions?email=veille@btp.example", token: owner).json([Subscription].self)
            #expect(list.count == 1)
            #expect(list.first?.unsubscribedAt != nil)
            // No more alerts, but the mandatory amendment notice still goes.
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: Fixtures.id()))
            try bed.publish("procurement.tender.amended.v1", Fixtures.amended(tenderId: tender))
            #expect(try await bed.eventually { bed.mail.sent(to: "veille@btp.example").count == 2 })
            try await Task.sleep(for: .milliseconds(300))
            let mails = bed.mail.sent(to: "veille@btp.example")
            try #require(mails.count == 2)
            #expect(mails[1].subject == "Modification du dossier de consultation")
            #expect(!mails[1].headers.contains { $0.name == "List-Unsubscribe" })
            // The buyer's agents (SIREN 212102313 of the fixture's buyer SIRET) read the tender's statuses.
            let buyer = try await bed.token("agent-dijon", roles: ["buyer"], siren: "212102313")
            let statuses = try await http.request("GET", "/notifications?tenderId=\(tender)", token: buyer)
                .json([NotificationStatus].self)
            #expect(Set(statuses.map(\.template)) == ["tender-alert", "tender-amended"])
            let one = try await http.request("GET", "/notifications/\(try #require(statuses.first).id)", token: owner)
            #expect(one.status == 200)
            #expect(try one.json(NotificationStatus.self).status == "sent")
        }
    }

    @Test func invalidSubscriptionsAreRefusedNamingTheField() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let bad = try await http.request("POST", "/subscriptions", body: #"{"email":"a@b.fr","filters":{"departements":["21","2C"]}}"#)
            #expect(bad.status == 400)
            #expect(bad.body.contains(#""field":"filters.departements[1]""#))
            let missing = try await http.request("POST", "/subscriptions", body: #"{"name":"x"}"#)
            #expect(missing.status == 400)
            #expect(missing.body.contains(#""field":"email""#))
            #expect(try await http.request("POST", "/u/unknown-token", body: "List-Unsubscribe=One-Click").status == 404)
        }
    }

    @Test func aDigestSendsItsItemsInOneMailOncePerPeriod() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let created = try await http.request(
                "POST", "/subscriptions", body: #"{"email":"digest@btp.example","mode":"dailyDigest","digestHour":8}"#,
                token: try await bed.token("digest", email: "digest@btp.example"))
            #expect(created.status == 201)
            for title in ["Voirie A", "Voirie B", "Voirie C"] {
                try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: Fixtures.id(), title: title))
            }
            #expect(try await bed.eventually { try await bed.count("SELECT count(*) FROM notifications.digest_items") == 3 })
            #expect(bed.mail.sent.isEmpty)  // nothing immediately
            let worker = DigestWorker(
                settings: bed.settings, templates: ProcurementTemplates(time: FrenchTime(timeZone: bed.settings.timeZone)),
                logger: .init(label: "test"))
            let tomorrow = Date().addingTimeInterval(86_400)
            #expect(try await worker.sweep(host: bed.host, now: tomorrow) == 1)
            #expect(try await worker.sweep(host: bed.host, now: tomorrow) == 0)  // a second run of the same period
            #expect(try await bed.eventually { bed.mail.sent(to: "digest@btp.example").count == 1 })
            let digest = try #require(bed.mail.sent.first)
            #expect(digest.subject == "Vos alertes marchés publics : 3 nouvelles consultations")
            #expect(["Voirie A", "Voirie B", "Voirie C"].allSatisfy { digest.textBody.contains($0) })
            #expect(digest.headers.contains { $0.name == "List-Unsubscribe" })
            #expect(try await bed.count("SELECT count(*) FROM notifications.digest_items") == 0)
        }
    }
}
