import ArgumentParser
import Foundation
import PasserelleOps

/// `passerelle dlq sync`: drains the parking queues into the tables and says what it did.
struct DLQSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Drain the parking queues into parked_messages (the other subcommands do it first, too).")

    @OptionGroup var options: DLQOptions

    @Option(help: "Only this service (context).")
    var service: String?

    @Flag(help: "Print JSON instead of text.")
    var json = false

    init() {}

    func run() async throws {
        var options = self.options
        options.noSync = true
        let session = try await options.open(service: self.service)
        let report: ParkingDrainer.Report
        do {
            report = try await session.sync()
            await session.close()
            if self.json {
                try JSONOutput.print(report)
            } else {
                print(report.summary)
                for queue in report.missingQueues {
                    print("missing parking queue: \(queue)")
                }
            }
        } catch {
            await session.close()
            throw error
        }
        // A message PostgreSQL refused even sanitised stays in its queue: a failure found.
        if report.unstorable > 0 {
            throw ExitCode(1)
        }
    }
}
