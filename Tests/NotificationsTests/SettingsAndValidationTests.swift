import Foundation
import Mailer
import ServiceRuntime
import NotificationsContracts
import Testing

@testable import NotificationsService

@Suite struct SettingsAndValidationTests {
    @Test func settingsComeFromTheEnvironment() throws {
        let settings = try NotificationsSettings.environment([
            "PASSERELLE_MAIL_FROM": "Passerelle BFC <ne-pas-repondre@bfc.example>",
            "PASSERELLE_NOTIFICATIONS_PUBLIC_URL": "https://notifications.bfc.example/",
            "PASSERELLE_NOTIFICATIONS_RETRY_SCHEDULE": "30s,2m",
            "PASSERELLE_NOTIFICATIONS_POLL_INTERVAL": "250ms",
            "PASSERELLE_NOTIFICATIONS_DIGEST_HOUR": "7",
        ])
        #expect(settings.from == MailAddress("ne-pas-repondre@bfc.example", name: "Passerelle BFC"))
        #expect(settings.publicURL == "https://notifications.bfc.example")
        #expect(settings.retrySchedule == [.seconds(30), .seconds(120)])
        #expect(settings.pollInterval == .milliseconds(250))
        #expect(settings.digestHour == 7)
        #expect(settings.messageIDDomain == "bfc.example")
    }

    @Test func theSignupLimitAndTheConfirmationValidityComeFromTheEnvironment() throws {
        let defaults = try NotificationsSettings.environment([:])
        #expect(defaults.subscriptionRateLimit.burst == 10)
        #expect(defaults.subscriptionRateLimit.perSecond == 1.0 / 60)
        #expect(defaults.confirmationTTL == .seconds(7 * 86_400))
        #expect(defaults.confirmationsPerAddressPerDay == 5)
        let settings = try NotificationsSettings.environment([
            "PASSERELLE_NOTIFICATIONS_SIGNUP_BURST": "3", "PASSERELLE_NOTIFICATIONS_SIGNUP_INTERVAL": "10s",
            "PASSERELLE_NOTIFICATIONS_CONFIRMATION_TTL": "48h",
        ])
        #expect(settings.subscriptionRateLimit.burst == 3)
        #expect(settings.subscriptionRateLimit.perSecond == 0.1)
        #expect(settings.confirmationTTL == .seconds(172_800))
        do {
            _ = try NotificationsSettings.environment(["PASSERELLE_NOTIFICATIONS_SIGNUP_BURST": "0"])
            Issue.record("a burst of 0 refuses everything")
        } catch let error as ServiceProblem {
            #expect(error.field == "PASSERELLE_NOTIFICATIONS_SIGNUP_BURST")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func theConfirmationMailIsFrenchOptionalAndHoldsOnlyAPlaceholder() {
        let subscription = Subscription(
            id: "s1", email: "veille@btp.example", name: "Veille BTP", category: "tender-alerts",
            filters: SubscriptionFilters(departements: ["021"], keywords: ["voirie"]), mode: .dailyDigest, digestHour: 8,
            createdAt: Date(), confirmedAt: nil, unsubscribedAt: nil)
        let notice = SubscriptionTemplates.confirmation(subscription, validDays: 7)
        #expect(notice.template == "subscription-confirmation")
        #expect(notice.category == .account)
        #expect(!notice.mandatory)
        #expect(notice.body.hasPrefix("Bonjour Veille BTP,"))
        #expect(notice.body.contains("Le lien est valable 7 jours."))
        #expect(notice.body.contains("départements 021 ; mots-clés voirie"))
        #expect(notice.body.contains("un résumé quotidien vers 8 h"))
        #expect(notice.body.contains(SubscriptionTemplates.confirmationLinkPlaceholder))
        #expect(subscription.state == "pending")
        #expect(ConfirmationRoutes.escape("<b>\"x\"&") == "&lt;b&gt;&quot;x&quot;&amp;")
        #expect(SubscriptionStore.isTokenShaped(SubscriptionStore.randomToken()))
        #expect(!SubscriptionStore.isTokenShaped("short"))
        #expect(!SubscriptionStore.isTokenShaped(String(repeating: "é", count: 43)))
    }

    @Test func anUnusableVariableIsNamed() {
        #expect(throws: ServiceProblem.self) { try NotificationsSettings.environment(["PASSERELLE_MAIL_FROM": "nobody"]) }
        do {
            _ = try NotificationsSettings.environment(["PASSERELLE_NOTIFICATIONS_DIGEST_HOUR": "25"])
            Issue.record("25 is not an hour")
        } catch let error as ServiceProblem {
            #expect(error.field == "PASSERELLE_NOTIFICATIONS_DIGEST_HOUR")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func subscriptionValidationNamesTheFieldAndTheRule() {
        func failure(_ request: SubscriptionRequest) -> ServiceProblem? {
            do {
                try request.validate()
                return nil
            } catch {
                return error
            }
        }
        #expect(failure(SubscriptionRequest(email: "veille@btp.example", filters: SubscriptionFilters(cpvPrefixes: ["452"]))) == nil)
        #expect(failure(SubscriptionRequest(email: "not-an-address"))?.field == "email")
        let departement = failure(
            SubscriptionRequest(email: "a@b.fr", filters: SubscriptionFilters(departements: ["21", "2C"])))
        #expect(departement?.field == "filters.departements[1]")
        #expect(failure(SubscriptionRequest(email: "a@b.fr", filters: SubscriptionFilters(cpvPrefixes: ["4"])))?.rule
            == "pattern ^[0-9]{2,8}(-[0-9])?$")
        #expect(failure(SubscriptionRequest(email: "a@b.fr", mode: "weekly"))?.field == "mode")
        #expect(failure(SubscriptionRequest(email: "a@b.fr", digestHour: 24))?.field == "digestHour")
    }
}
