import DocumentsDomain
import Foundation
import Logging
import Metrics
import ServiceRuntime
import Storage

/// The service's background loop: moves acts whose transmission window has opened to "transmitted" (the outbox
/// relay sends their package at that time), and refreshes the stuck-acts gauges (`documents_acts_stuck{status}`,
/// `documents_acts_stuck_alert{status}`) every 30 s: their thresholds are hours, a poll a second is not needed.
struct DocumentsWorker: Sendable {
    let settings: DocumentsSettings

    func run(host: ServiceHost) async throws {
        let stuck = Gauge(label: "documents_acts_stuck", dimensions: [("status", "transmitted")])
        let errors = Gauge(label: "documents_acts_stuck", dimensions: [("status", "error")])
        let stuckAlert = Gauge(label: "documents_acts_stuck_alert", dimensions: [("status", "transmitted")])
        let errorAlert = Gauge(label: "documents_acts_stuck_alert", dimensions: [("status", "error")])
        var measured = ContinuousClock.now - .seconds(3600)
        while !Task.isCancelled {
            let now = self.settings.clock.now()
            let measure = ContinuousClock.now - measured >= .seconds(30)
            if measure { measured = ContinuousClock.now }
            try await host.withTransaction { transaction in
                let due = try await transaction.query(
                    """
                    SELECT \(unescaped: ActRecord.columns) FROM acts
                    WHERE status = \(ActStatus.awaitingTransmission.rawValue) AND transmit_at <= \(now)
                    ORDER BY transmit_at LIMIT 100 FOR UPDATE SKIP LOCKED
                    """)
                let transmitter = ActTransmitter(settings: self.settings)
                for row in due {
                    let act = try ActRecord(row: row)
                    let archive = act.package?.fileName ?? ""
                    let envelope = String(archive.dropFirst(ActesNames.trigram.count + 1).dropLast(".tar.gz".count)) + ".xml"
                    try await transmitter.transmitted(act, envelope: envelope, archive: archive, at: now, transaction)
                }
                guard measure else { return }
                let stuckActs = try await StuckActs.measure(settings: self.settings, at: now, transaction)
                stuck.record(stuckActs.transmitted.count)
                errors.record(stuckActs.error.count)
                stuckAlert.record(stuckActs.transmitted.alert ? 1 : 0)
                errorAlert.record(stuckActs.error.alert ? 1 : 0)
            }
            try await Task.sleep(for: self.settings.pollInterval)
        }
    }
}
