import Foundation
import Identifiers
import Sirene
import SireneStub
import Testing

@Suite struct SireneClientTests {
    @Test func foundEstablishmentMapsEveryField() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL)
            let establishment = try await client.establishment(siret: try siret("12345678200010"))
            #expect(establishment == Establishment(
                siret: "12345678200010", siren: "123456782", state: .active, nafCode: "56.10A",
                nafNomenclature: "NAFRev2", headcountBand: "03", legalCategory: "5499", creationDate: "2016-05-10",
                closureDate: nil, communeInsee: "21231", name: "BISTROT EXEMPLE"))
        }
    }

    @Test func soleTraderIsNamedByFirstAndLastName() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL)
            let establishment = try await client.establishment(siret: try siret("82345678500018"))
            #expect(establishment.name == "CAMILLE EXEMPLE")
            #expect(establishment.legalCategory == "1000")
            #expect(establishment.headcountBand == "NN")
            #expect(establishment.isActive)
        }
    }

    @Test func closedEstablishmentCarriesItsClosureDate() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL)
            let establishment = try await client.establishment(siret: try siret("83456789300013"))
            #expect(establishment.state == .closed)
            #expect(establishment.closureDate == "2025-06-30")
            #expect(establishment.nafCode == "16.23Z")
            #expect(establishment.creationDate == "2017-12-01")
        }
    }

    @Test func unknownSIRETIsNotFound() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL)
            let target = try siret(unknownSIRET)
            let error = await lookupError(client, target)
            #expect(error?.code == .notFound)
            #expect(error?.httpStatus == 404)
        }
    }

    @Test func wrongKeyIsUnauthorized() async throws {
        try await withStub { _, baseURL in
            let client = try makeClient(baseURL, apiKey: "not-the-key")
            let target = try siret("12345678200010")
            let error = await lookupError(client, target)
            #expect(error?.code == .unauthorized)
            #expect(error?.httpStatus == 401)
        }
    }

    @Test func stubRateLimitIsRateLimitedWithItsRetryAfter() async throws {
        try await withStub(rateLimit: RateLimit(requests: 2, per: .seconds(45))) { stub, baseURL in
            let client = try makeClient(baseURL, maxWait: .milliseconds(100))
            let target = try siret("12345678200010")
            _ = try await client.establishment(siret: target)
            _ = try await client.establishment(siret: target)
            let error = await lookupError(client, target)
            #expect(error?.code == .rateLimited)
            #expect(error?.httpStatus == 429)
            let retryAfter = try #require(error?.retryAfter)
            // The rest of the 45 s window (less the time the first calls took on a busy machine).
            #expect(retryAfter > .zero && retryAfter <= .seconds(45))
            // The client now holds its own calls for the Retry-After: this one fails without reaching the stub.
            let held = await lookupError(client, target)
            #expect(held?.code == .rateLimited)
            #expect(held?.httpStatus == nil)
            #expect(stub.controls.requestCount == 3)
        }
    }

    @Test func forcedOutageIsUnavailable() async throws {
        try await withStub { stub, baseURL in
            stub.controls.setUnavailable(true)
            let client = try makeClient(baseURL)
            let target = try siret("12345678200010")
            let error = await lookupError(client, target)
            #expect(error?.code == .unavailable)
            #expect(error?.httpStatus == 503)
            stub.controls.setUnavailable(false)
            #expect(try await client.establishment(siret: target).siret == "12345678200010")
        }
    }

    @Test func slowAnswerTimesOutAsUnavailable() async throws {
        try await withStub { stub, baseURL in
            stub.controls.setDelay(.seconds(3))
            let client = try makeClient(baseURL, timeout: .seconds(1))
            let target = try siret("12345678200010")
            let clock = ContinuousClock()
            let start = clock.now
            let error = await lookupError(client, target)
            #expect(clock.now - start >= .milliseconds(900))
            #expect(error?.code == .unavailable)
            #expect(error?.httpStatus == nil)
            #expect(error?.message == "the request timed out")
        }
    }

    @Test func bodyMissingAFieldIsMalformedNamingIt() async throws {
        let missingCommune = try recordingText("12345678200010")
            .replacingOccurrences(of: "\"codeCommuneEtablissement\": \"21231\",", with: "")
        let directory = try temporaryRecordings([
            "12345678200010.json": missingCommune,
            "55208131700018.json": #"{"status": 200, "body": "<html>maintenance</html>"}"#,
        ])
        defer { removeDirectory(directory) }
        try await withStub(recordings: directory) { _, baseURL in
            let client = try makeClient(baseURL)
            let first = try siret("12345678200010")
            let missing = await lookupError(client, first)
            #expect(missing?.code == .malformed)
            #expect(missing?.field == "etablissement.adresseEtablissement.codeCommuneEtablissement")
            let second = try siret("55208131700018")
            let notJSON = await lookupError(client, second)
            #expect(notJSON?.code == .malformed)
            #expect(notJSON?.field == "body")
        }
    }

    @Test func clientRateLimitMakesTheFourthCallWait() async throws {
        try await withStub { stub, baseURL in
            let client = try makeClient(baseURL, rateLimit: RateLimit(requests: 3, per: .milliseconds(200)))
            let target = try siret("55208131700018")
            let clock = ContinuousClock()
            let start = clock.now
            for _ in 0..<4 {
                #expect(try await client.establishment(siret: target).nafCode == "25.62B")
            }
            #expect(clock.now - start >= .milliseconds(190))
            #expect(stub.controls.requestCount == 4)
        }
    }

    @Test func clientRateLimitFailsBeyondTheMaximumWait() async throws {
        try await withStub { stub, baseURL in
            let client = try makeClient(
                baseURL, rateLimit: RateLimit(requests: 1, per: .seconds(600)), maxWait: .milliseconds(50))
            let target = try siret("55208131700018")
            _ = try await client.establishment(siret: target)
            let error = await lookupError(client, target)
            #expect(error?.code == .rateLimited)
            #expect(error?.httpStatus == nil)
            // The wait left in the 600 s window (less the time the first call took: over 10 s seen on a busy machine).
            #expect(error.flatMap(\.retryAfter).map { $0 > .zero && $0 <= .seconds(600) } == true)
            #expect(stub.controls.requestCount == 1)
        }
    }

    @Test func concurrentCallsShareTheClientLimit() async throws {
        try await withStub { stub, baseURL in
            let client = try makeClient(baseURL, rateLimit: RateLimit(requests: 2, per: .milliseconds(150)))
            let target = try siret("73282932000074")
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: Establishment.self) { group in
                for _ in 0..<5 {
                    group.addTask { try await client.establishment(siret: target) }
                }
                for try await establishment in group {
                    #expect(establishment.nafCode == "10.71C")
                }
            }
            // 5 calls at 2 per 150 ms: the fifth starts at 300 ms at the earliest.
            #expect(clock.now - start >= .milliseconds(290))
            #expect(stub.controls.requestCount == 5)
        }
    }
}
