import CommonContracts
import ContractMessaging
import Contracts
import Foundation
import Identity
import Logging
import Messaging
import PasserelleCLI
import PasserelleOps
import ProcurementContracts
import ProcurementDomain
import ProcurementService
import ServiceRuntime
import ServiceRuntimeTesting
import Storage
import Topology

/// `passerelle bench procurement`: a deadline-day burst. The procurement service runs in this process on a
/// throwaway vhost and database; one tender is published through its command; then `bids` deposits from
/// `bidders` companies are posted to `POST /tenders/{id}/bids` with `concurrency` requests in flight. Each
/// deposit is sealed (AES-GCM), stored and answered with its receipt in one transaction, which also
/// queues `procurement.bid.received.v1`. Reports deposits accepted per second and the time to receipt
/// (request sent → receipt received) p50/p99.
struct ProcurementBenchmark: Sendable {
    struct Settings: Sendable {
        var amqp: AMQPConfiguration
        var management: ManagementClient
        var postgres: PostgresConfiguration
        var contracts: URL
        var bids: Int
        var bidders: Int
        var concurrency: Int
        var bidBytes: Int
    }

    struct Result: Codable, Sendable {
        var bids_per_s: Double
        var receipt_p50_ms: Double
        var receipt_p99_ms: Double
        var receipt_max_ms: Double
        var bids: Int
        var bidders: Int
        var concurrency: Int
        var bid_bytes: Int
        var seconds: Double
        var stored_bids: Int
        var events_drained_seconds: Double
    }

    let settings: Settings
    let progress: @Sendable (String) -> Void

    func run() async throws -> Result {
        let platform = try await ThrowawayPlatform.create(
            name: "proc", contracts: self.settings.contracts, amqp: self.settings.amqp, management: self.settings.management,
            postgres: self.settings.postgres, progress: self.progress)
        let claims = FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-claims-\(platform.database)")
        defer { try? FileManager.default.removeItem(at: claims) }
        do {
            var logger = Logger(label: "passerelle.bench")
            logger.logLevel = .error
            let procurementSettings = ProcurementSettings(
                masterKey: MasterKey.generate(), publicURL: "http://127.0.0.1", claimRoots: [claims.path])
            var configuration = ServiceConfiguration(
                amqp: try platform.amqp(service: "procurement", connectionName: "bench procurement"),
                postgres: platform.postgres(poolSize: 12))
            let identity = try DevelopmentIdentityProvider.createIfMissing(
                in: FileManager.default.temporaryDirectory.appendingPathComponent("passerelle-bench-identity-\(platform.database)"))
            configuration.identity = IdentityConfiguration(
                verifier: .init(
                    issuer: identity.issuer, audience: DevelopmentIdentityProvider.defaultAudience,
                    keySet: .file(identity.keySetURL.path)))
            configuration.operatorUsers = [try platform.amqp(service: nil, connectionName: "bench portal").username]
            let host = try ServiceHost(
                definition: ProcurementService.definition(settings: procurementSettings), configuration: configuration,
                catalog: platform.catalog, topology: platform.topology, logger: logger)
            let harness = try await ServiceHarness.start(host, timeout: .seconds(60))
            do {
                let result = try await self.measure(host: host, platform: platform, claims: claims, identity: identity)
                try await harness.stop()
                await platform.remove()
                return result
            } catch {
                try? await harness.stop()
                throw error
            }
        } catch {
            await platform.remove()
            throw error
        }
    }

    private func measure(
        host: ServiceHost, platform: ThrowawayPlatform, claims: URL, identity: DevelopmentIdentityProvider
    ) async throws -> Result {
        let catalog = platform.catalog
        let postgres = platform.postgres(poolSize: 2)
        let port = try await host.httpPort()
        let base = "http://127.0.0.1:\(port)"
        let tender = UUID().uuidString.lowercased()
        let rc = try DemoClaims(directory: claims).file("RC.pdf", "Règlement de la consultation\n")
        var logger = Logger(label: "passerelle.bench")
        logger.logLevel = .error
        let feeder = try await AMQPConnection.connect(try platform.amqp(service: nil, connectionName: "bench portal"), logger: logger)
        let publisher = TypedPublisher(publisher: try await feeder.makePublisher(), catalog: catalog, source: "/bench/portal")
        _ = try await publisher.publish(TenderPublish(
            tenderId: tender, reference: "BENCH-1", title: "Deadline-day burst", buyerSiret: DemoCast.dijon.siret,
            buyerKind: .local, nature: .works, procedure: .adapted, mainCpv: "45233000", estimatedValueHtCents: 50_000_000,
            lots: [.init(lotNumber: 1, title: "Lot 1"), .init(lotNumber: 2, title: "Lot 2")],
            tenderDeadline: Date().addingTimeInterval(3600),
            dceFiles: [.init(kind: .rc, fileName: "RC.pdf", uri: rc.uri, sha256: rc.sha256, sizeBytes: rc.sizeBytes)],
            requestedBy: .init(userId: "bench")))
        await feeder.close()
        try await DemoHTTP.poll("the tender to be published", timeout: .seconds(30)) {
            let reply = try await ServiceHTTP.request("GET", "\(base)/tenders/\(tender)")
            return reply.status == 200
        }
        let bidders = Self.bidders(self.settings.bidders)
        // One company token per bidder, minted before the clock starts (as a portal session would hold it).
        var tokens: [String: String] = [:]
        for siret in bidders {
            tokens[siret] = try await identity.issue(subject: "bench-\(siret)", email: "bid@\(siret).bench.example", siret: siret)
        }
        let companyTokens = tokens
        let payload = Data((0..<self.settings.bidBytes).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        self.progress("burst: \(self.settings.bids) deposits from \(bidders.count) bidders, \(self.settings.concurrency) in flight")
        let started = ContinuousClock.now
        var latencies: [Double] = []
        latencies.reserveCapacity(self.settings.bids)
        let total = self.settings.bids
        let concurrency = self.settings.concurrency
        try await withThrowingTaskGroup(of: Double.self) { group in
            var next = 0
            func add() {
                let index = next
                next += 1
                let siret = bidders[index % bidders.count]
                group.addTask {
                    let url =
                        "\(base)/tenders/\(tender)/bids?email=bid\(index % 1000)@bench.example"
                        + "&contactName=Bench&lots=\(index % 2 + 1)&bidId=\(UUID().uuidString.lowercased())"
                    let sent = ContinuousClock.now
                    let reply = try await ServiceHTTP.request(
                        "POST", url, body: payload, contentType: "application/octet-stream", token: companyTokens[siret])
                    guard reply.status == 201 else { throw BenchFailure("deposit \(index): \(reply.status) \(reply.text)") }
                    let elapsed = ContinuousClock.now - sent
                    return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
                }
            }
            for _ in 0..<min(concurrency, total) { add() }
            while let latency = try await group.next() {
                latencies.append(latency)
                if latencies.count % 1000 == 0 { self.progress("  \(latencies.count) receipts") }
                if next < total { add() }
            }
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let probe = PostgresClient(configuration: postgres)
        defer { Task { await probe.close() } }
        let stored = try await probe.query("SELECT count(*)::int8 FROM procurement.bids WHERE tender_id = \(tender)::uuid")[0]
            .decode(Int64.self, at: 0)
        let drainStart = ContinuousClock.now
        _ = try await DemoHTTP.poll("the outbox to drain", timeout: .seconds(300)) { try await host.outboxDue() == 0 }
        let drain = ContinuousClock.now - drainStart
        let percentiles = Percentiles(latencies)
        return Result(
            bids_per_s: Double(total) / max(seconds, 0.001), receipt_p50_ms: percentiles.value(at: 50),
            receipt_p99_ms: percentiles.value(at: 99), receipt_max_ms: latencies.max() ?? 0, bids: total,
            bidders: bidders.count, concurrency: concurrency, bid_bytes: self.settings.bidBytes, seconds: seconds,
            stored_bids: Int(stored),
            events_drained_seconds: Double(drain.components.seconds) + Double(drain.components.attoseconds) / 1e18)
    }

    /// `count` distinct Luhn-valid SIRETs (synthetic).
    static func bidders(_ count: Int) -> [String] {
        var result: [String] = []
        var base = 40_000_000
        while result.count < count {
            base += 1
            let siren = Self.completeLuhn(String(base))
            for nic in 1...99 {
                let siret = Self.completeLuhn(siren + String(format: "%04d", nic))
                if siret.count == 14 {
                    result.append(siret)
                    break
                }
            }
        }
        return result
    }

    /// Appends the Luhn check digit.
    static func completeLuhn(_ digits: String) -> String {
        for check in 0...9 {
            let candidate = digits + String(check)
            var sum = 0
            for (index, character) in candidate.reversed().enumerated() {
                var digit = character.wholeNumberValue ?? 0
                if index % 2 == 1 {
                    digit *= 2
                    if digit > 9 { digit -= 9 }
                }
                sum += digit
            }
            if sum % 10 == 0 { return candidate }
        }
        return digits + "0"
    }
}
