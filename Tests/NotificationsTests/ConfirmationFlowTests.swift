import Foundation
import Logging
import Mailer
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Testing

@testable import NotificationsService

/// The double opt-in of `POST /subscriptions` (issue 15), the token-owner shortcut and the limits on
/// anonymous subscription requests.
@Suite(.enabled(if: ServiceTestGate.isConfigured), .serialized, .timeLimit(.minutes(2)))
struct ConfirmationFlowTests {
    static let address = "veille@btp.example"
    static let matching = #"{"email":"Veille@BTP.example","filters":{"cpvPrefixes":["452"],"keywords":["voirie"]}}"#

    /// The confirmation link of the last confirmation mail to `address`.
    private func confirmationLink(_ bed: NotificationsTestBed, to address: String = Self.address) async throws -> String {
        #expect(try await bed.eventually {
            bed.mail.sent(to: address).contains { $0.subject.hasPrefix("Confirmez votre abonnement") }
        })
        let mail = try #require(bed.mail.sent(to: address).last { $0.subject.hasPrefix("Confirmez votre abonnement") })
        let range = try #require(mail.textBody.range(of: #"https?://\S+/subscriptions/confirm/[A-Za-z0-9_-]{43}"#, options: .regularExpression))
        return String(mail.textBody[range])
    }

    private func confirmedAt(_ bed: NotificationsTestBed) async throws -> Int {
        try await bed.count("SELECT count(*) FROM notifications.subscriptions WHERE confirmed_at IS NOT NULL")
    }

    @Test func anAnonymousSubscriptionGetsNoAlertUntilConfirmedByPost() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let created = try await http.request("POST", "/subscriptions", body: Self.matching)
            #expect(created.status == 202)
            let body = try JSONSerialization.jsonObject(with: Data(created.body.utf8)) as? [String: Any]
            #expect((body?["subscription"] as? [String: Any])?["state"] as? String == "pending")
            #expect(body?["unsubscribeUrl"] == nil)  // no link before the address is proven
            // The confirmation mail: category account, no unsubscribe header, a link whose token is not stored.
            let link = try await self.confirmationLink(bed)
            let mail = try #require(bed.mail.sent(to: Self.address).first)
            #expect(!mail.headers.contains { $0.name.hasPrefix("List-Unsubscribe") })
            #expect(mail.textBody.contains("CPV 452 ; mots-clés voirie"))
            let token = String(try #require(link.split(separator: "/").last))
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.notifications WHERE body LIKE '%\(token)%'") == 0)
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.confirmation_tokens WHERE token_hash = '\(Hashing.sha256Hex(token))'") == 1)
            #expect(try await bed.count(
                "SELECT count(*) FROM notifications.notifications WHERE template = 'subscription-confirmation' AND category = 'account'") == 1)

            // Pending: a matching tender is not matched (no alert row, no mail).
            let first = Fixtures.id()
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: first))
            #expect(try await bed.eventually {
                try await bed.count("SELECT count(*) FROM notifications.tenders WHERE tender_id = '\(first)'") == 1
            })
            try await bed.harness.waitUntilOutboxDrained()
            #expect(try await bed.count("SELECT count(*) FROM notifications.notifications WHERE template = 'tender-alert'") == 0)

            // Following the link (as a mail scanner does) only shows the page.
            let page = try await http.request("GET", link)
            #expect(page.status == 200)
            #expect(page.body.contains("method=\"post\""))
            #expect(page.body.contains("Confirmer mon abonnement"))
            #expect(try await self.confirmedAt(bed) == 0)

            // The button confirms; alerts flow from then on.
            let confirmed = try await http.request("POST", link, body: "", contentType: "application/x-www-form-urlencoded")
            #expect(confirmed.status == 200)
            #expect(confirmed.body.contains("Votre abonnement est confirmé"))
            #expect(try await self.confirmedAt(bed) == 1)
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: Fixtures.id()))
            #expect(try await bed.eventually { bed.mail.sent(to: Self.address).count == 2 })
            let alert = try #require(bed.mail.sent(to: Self.address).last)
            #expect(alert.subject.hasPrefix("Nouvelle consultation"))
            #expect(alert.headers.contains { $0.name == "List-Unsubscribe" })
            // Confirming again is harmless; the page now says so.
            #expect(try await http.request("POST", link).status == 200)
            #expect(try await http.request("GET", link).body.contains("déjà confirmé"))
        }
    }

    @Test func unknownAndExpiredConfirmationLinksGetOneNeutral404() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            #expect(try await http.request("POST", "/subscriptions", body: Self.matching).status == 202)
            let link = try await self.confirmationLink(bed)
            _ = try await bed.query("UPDATE notifications.confirmation_tokens SET expires_at = now() - interval '1 minute'")
            let marker = try #require(link.range(of: "/subscriptions/confirm/"))
            let base = String(link[..<marker.lowerBound])
            let unknown = base + "/subscriptions/confirm/" + SubscriptionStore.randomToken()
            let malformed = base + "/subscriptions/confirm/%3Cscript%3E"
            let reference = try await http.request("POST", unknown)
            #expect(reference.status == 404)
            #expect(reference.body.contains("n'est pas valide ou a expiré"))
            for url in [link, unknown, malformed] {
                for method in ["GET", "POST"] {
                    let answer = try await http.request(method, url)
                    #expect(answer.status == 404, "\(method) \(url)")
                    #expect(answer.body == reference.body, "\(method) \(url)")
                }
            }
            #expect(try await self.confirmedAt(bed) == 0)
            // Nobody can confirm it any more: once older than the link's validity, it is forgotten.
            _ = try await bed.query("UPDATE notifications.subscriptions SET created_at = now() - interval '8 days'")
            let worker = DigestWorker(
                settings: bed.settings, templates: ProcurementTemplates(time: FrenchTime(timeZone: bed.settings.timeZone)),
                logger: Logger(label: "test"))
            try await worker.purgeUnconfirmed(host: bed.host)
            #expect(try await bed.count("SELECT count(*) FROM notifications.subscriptions") == 0)
        }
    }

    @Test func aTokenForTheSubscriptionsAddressActivatesItAtOnce() async throws {
        try await withTestBed { bed in
            let http = try await bed.http()
            let owner = try await bed.token("veille", email: "VEILLE@btp.example")
            let created = try await http.request("POST", "/subscriptions", body: Self.matching, token: owner)
            #expect(created.status == 201)
            #expect(created.body.contains("\"unsubscribeUrl\""))
            #expect(created.body.contains("\"state\":\"active\""))
            try bed.publish("procurement.tender.published.v1", Fixtures.tenderPublished(tenderId: Fixtures.id()))
            #expect(try await bed.eventually { bed.mail.sent(to: Self.address).count == 1 })
            #expect(bed.mail.sent(to: Self.address).first?.subject.hasPrefix("Nouvelle consultation") == true)
            // A token for another address proves nothing about this one: pending, and a confirmation mail.
            let other = try await bed.token("curieux", email: "curieux@example.org")
            let pending = try await http.request(
                "POST", "/subscriptions", body: #"{"email":"autre@btp.example"}"#, token: other)
            #expect(pending.status == 202)
            _ = try await self.confirmationLink(bed, to: "autre@btp.example")
            #expect(bed.mail.sent(to: "curieux@example.org").isEmpty)
        }
    }

    @Test func anonymousSubscriptionRequestsAreLimitedPerClientAndPerAddress() async throws {
        try await withTestBed({ settings in
            settings.subscriptionRateLimit.burst = 4
            settings.subscriptionRateLimit.perSecond = 1.0 / 3600
            settings.confirmationsPerAddressPerDay = 2
        }) { bed in
            let http = try await bed.http()
            let body = { (email: String) in #"{"email":"\#(email)"}"# }
            #expect(try await http.request("POST", "/subscriptions", body: body("a@btp.example")).status == 202)
            #expect(try await http.request("POST", "/subscriptions", body: body("a@btp.example")).status == 202)
            // A third confirmation mail to the same address in a day: refused, naming the field and the rule.
            let perAddress = try await http.request("POST", "/subscriptions", body: body("A@btp.example"))
            #expect(perAddress.status == 429)
            #expect(perAddress.problem["code"] == "tooManyConfirmations")
            #expect(perAddress.problem["field"] == "email")
            #expect(perAddress.problem["rule"] == "at most 2 confirmation mails per address per day")
            #expect(try await http.request("POST", "/subscriptions", body: body("b@btp.example")).status == 202)
            // The client's burst (4) is spent.
            let limited = try await http.request("POST", "/subscriptions", body: body("c@btp.example"))
            #expect(limited.status == 429)
            #expect(limited.problem["code"] == "rateLimited")
            #expect(limited.problem["rule"]?.contains("at most 4 subscription requests") == true)
            #expect(try await bed.count("SELECT count(*) FROM notifications.subscriptions") == 3)
            // A caller whose token proves the address mails nobody: not limited.
            let owner = try await bed.token("c", email: "c@btp.example")
            #expect(try await http.request("POST", "/subscriptions", body: body("c@btp.example"), token: owner).status == 201)
            // An invalid body is still refused naming the field.
            let invalid = try await http.request("POST", "/subscriptions", body: #"{"email":"x@y.fr","mode":"weekly"}"#, token: owner)
            #expect(invalid.status == 400)
            #expect(invalid.problem["field"] == "mode")
        }
    }
}
