import ArgumentParser
import Foundation
import PasserelleCLI
import Storage

extension PasserelleBench {
    struct BenchProcurement: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "procurement",
            abstract: "Measure a deadline-day burst of sealed bids on one tender.",
            discussion: """
                Runs the procurement service in this process, in a throwaway vhost and database (both removed at \
                the end), publishes one tender, then posts --bids deposits from --bidders companies to \
                POST /tenders/{id}/bids with --concurrency requests in flight. Each deposit is encrypted \
                (AES-GCM), stored and answered with a timestamped receipt. Reports deposits accepted per second \
                and the time to receipt (p50, p99).
                """)

        @OptionGroup var management: ManagementOptions

        @Option(help: "Deposits to post.")
        var bids = 10_000

        @Option(help: "Distinct bidders (SIRETs).")
        var bidders = 200

        @Option(help: "Requests in flight.")
        var concurrency = 32

        @Option(name: .customLong("bid-bytes"), help: "Size of each deposit in bytes.")
        var bidBytes = 4096

        @Option(help: "The contracts folder.")
        var contracts = "contracts"

        @OptionGroup var database: BenchDatabaseOption

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        init() {}

        func validate() throws {
            guard (1...1_000_000).contains(self.bids) else { throw ValidationError("--bids must be 1…1,000,000") }
            guard (1...100_000).contains(self.bidders) else { throw ValidationError("--bidders must be 1…100,000") }
            guard (1...1000).contains(self.concurrency) else { throw ValidationError("--concurrency must be 1…1000") }
            guard (1...(50 << 20)).contains(self.bidBytes) else { throw ValidationError("--bid-bytes must be 1…52428800") }
        }

        func run() async throws {
            let postgres = try self.database.configuration()
            let settings = ProcurementBenchmark.Settings(
                amqp: try self.management.amqp(vhost: "/"), management: try self.management.client(), postgres: postgres,
                contracts: URL(fileURLWithPath: self.contracts), bids: self.bids, bidders: self.bidders,
                concurrency: self.concurrency, bidBytes: self.bidBytes)
            let result = try await ProcurementBenchmark(settings: settings) { line in
                FileHandle.standardError.write(Data("bench: \(line)\n".utf8))
            }.run()
            if self.json {
                try JSONOutput.print(result)
                return
            }
            var table = TextTable(columns: [.init("measure"), .init("value", alignment: .right)])
            table.append(["deposits accepted per second", String(format: "%.0f", result.bids_per_s)])
            table.append(["time to receipt p50 (ms)", String(format: "%.2f", result.receipt_p50_ms)])
            table.append(["time to receipt p99 (ms)", String(format: "%.2f", result.receipt_p99_ms)])
            table.append(["time to receipt max (ms)", String(format: "%.2f", result.receipt_max_ms)])
            table.append(["deposits stored", String(result.stored_bids)])
            table.append(["bid.received events drained after the burst (s)", String(format: "%.2f", result.events_drained_seconds)])
            print(table.render())
        }
    }
}
