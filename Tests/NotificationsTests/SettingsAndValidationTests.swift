import Mailer
import ServiceRuntime
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
