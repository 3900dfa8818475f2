import Foundation
import Logging
import Messaging
import Storage
import Topology

/// An open `dlq` session: the selected services, their parked-message store and the broker settings.
/// Call ``close()`` when done.
struct DLQSession: Sendable {
    /// A selected service and its consumer queues.
    struct Service: Sendable, Hashable {
        var context: String
        var queues: [BrokerTopology.ConsumerQueue]
    }

    let store: ParkedStore
    /// The selected services.
    let services: [Service]
    let amqp: AMQPConfiguration
    let actor: String
    let logger: Logger

    /// Drains the selected services' parking queues into their tables (``ParkingDrainer``) and reports what
    /// it did on standard error when it did anything.
    @discardableResult
    func sync(quiet: Bool = false) async throws -> ParkingDrainer.Report {
        let report = try await self.withConnection { connection in
            let drainer = ParkingDrainer(connection: connection, store: self.store, actor: "dlq-sync:\(self.actor)")
            return try await drainer.drain(services: self.services)
        }
        if !quiet, report.stored + report.acknowledged + report.duplicates > 0 {
            let text =
                "dlq sync: \(report.stored) new row(s), \(report.acknowledged) already stored, "
                + "\(report.duplicates) duplicate(s) acknowledged\n"
            FileHandle.standardError.write(Data(text.utf8))
        }
        return report
    }

    /// Runs `body` with a broker connection to the topology's vhost, closed afterwards.
    func withConnection<T: Sendable>(_ body: (AMQPConnection) async throws -> T) async throws -> T {
        let connection = try await AMQPConnection.connect(self.amqp, logger: self.logger)
        do {
            let result = try await body(connection)
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    /// Closes the database pool.
    func close() async {
        await self.store.client.close()
    }
}
