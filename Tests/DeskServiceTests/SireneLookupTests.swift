import CommonContracts
import ContractTypes
import DeskContracts
import DeskService
import Foundation
import Identifiers
import Identity
import NotificationsContracts
import ServiceRuntime
import ServiceRuntimeTesting
import Sirene
import SireneStub
import Storage
import Testing
/// The Sirene adapter from the desk's side, against the local stub: a rate-limited or unavailable Sirene makes the
/// request wait (its lookup retried later, never dropped), and it is routed once Sirene answers.
@Suite("Desk Sirene lookups", .enabled(if: ServiceTestBed.serversConfigured), .serialized)
struct SireneLookupTests {
    @Test("rate-limited by Sirene: the request waits with the reason for the Retry-After, then is routed once")
    func rateLimitedRequestWaits() async throws {
        try await DeskBed.run { desk in
            // One request per 5 s window, used up by another client: the desk's lookup gets 429 with Retry-After.
            desk.stub.controls.setRateLimit(RateLimit(requests: 1, per: .seconds(5)))
            let other = SireneClient(configuration: try .init(baseURL: try await desk.stub.baseURL(), apiKey: DeskBed.apiKey))
            _ = try await other.establishment(siret: try SIRET("73282932000074"))
            let body = DeskBed.request(subject: "recruter", siret: "55208131700018")
            let id = body["applicationId"] as! String
            #expect(try await desk.call("POST", "/solicitations", body, token: try await desk.company("55208131700018")).status == 202)
            try await desk.bed.eventually(timeout: .seconds(5)) {
                try await desk.bed.count("SELECT count(*) FROM solicitations WHERE lookup_error LIKE 'rateLimited%'") == 1
            }
            #expect(try await desk.status(id) == "awaitingCompany")
            let summary = try await desk.object("GET", "/operations/summary", token: desk.operatorToken)
            #expect(summary["lookupErrors"] as? Int == 1)
            #expect(try await desk.bed.count("SELECT count(*) FROM needs") == 0)

            // The next window: looked up again, routed, once.
            try await desk.waitForStatus(id, in: ["processed"])
            #expect(try await desk.bed.published(ApplicationSubmitted.self, count: 1).map(\.applicationId) == [id])
            #expect(try await desk.bed.count("SELECT count(*) FROM needs WHERE application_id = '\(id)'") == 1)
            #expect(try await desk.bed.count("SELECT lookup_attempts FROM solicitations WHERE application_id = '\(id)'") == 2)
        }
    }

    @Test("Sirene down: the lookup backs off and is retried; nothing is lost")
    func unavailableSireneIsRetried() async throws {
        try await DeskBed.run { desk in
            desk.stub.controls.setUnavailable(true)
            let body = DeskBed.request(subject: "recruter", siret: "73282932000074")
            let id = body["applicationId"] as! String
            #expect(try await desk.call("POST", "/solicitations", body, token: try await desk.company("73282932000074")).status == 202)
            try await desk.bed.eventually {
                try await desk.bed.count("SELECT count(*) FROM solicitations WHERE lookup_error LIKE 'unavailable%'") == 1
            }
            desk.stub.controls.setUnavailable(false)
            desk.settings.clock.advance(by: 3600)
            desk.settings.wake.signal()
            try await desk.waitForStatus(id, in: ["processed"])
            #expect(try await desk.bed.count("SELECT lookup_attempts FROM solicitations WHERE application_id = '\(id)'") >= 2)
        }
    }
}
