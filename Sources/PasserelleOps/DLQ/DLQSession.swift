import Foundation
public import Logging
public import Messaging
import Storage
public import Topology

/// An open `dlq` session: the selected services, their parked-message store and the broker settings.
/// Call ``close()`` when done.
public struct DLQSession: Sendable {
    /// A selected service and its consumer queues.
    public struct Service: Sendable, Hashable {
        /// The service (its contract context, and its schema).
        public var context: String
        /// Its consumer queues; each has a `.dlq` and an `.invalid` parking queue.
        public var queues: [BrokerTopology.ConsumerQueue]

        /// Creates a selection entry.
        public init(context: String, queues: [BrokerTopology.ConsumerQueue]) {
            self.context = context
            self.queues = queues
        }
    }

    /// The selected services' parked messages.
    public let store: ParkedStore
    /// The services selected (every service with a broker user, or the one `--service` names), with their
    /// consumer queues.
    public let services: [Service]
    /// The broker, with administrator credentials, on the topology's vhost.
    public let amqp: AMQPConfiguration
    /// Who acts, for the history.
    public let actor: String
    /// The logger of the broker connections.
    public let logger: Logger

    /// Creates a session over an open store.
    public init(store: ParkedStore, services: [Service], amqp: AMQPConfiguration, actor: String, logger: Logger) {
        self.store = store
        self.services = services
        self.amqp = amqp
        self.actor = actor
        self.logger = logger
    }

    /// Drains the selected services' parking queues into their tables (``ParkingDrainer``), as
    /// `dlq-sync:<actor>`.
    ///
    /// - Returns: What was drained.
    /// - Throws: ``AMQPError`` or ``PostgresError``.
    @discardableResult
    public func sync() async throws -> ParkingDrainer.Report {
        try await self.withConnection { connection in
            let drainer = ParkingDrainer(connection: connection, store: self.store, actor: "dlq-sync:\(self.actor)")
            return try await drainer.drain(services: self.services)
        }
    }

    /// Runs `body` with a broker connection to the topology's vhost, closed afterwards.
    public func withConnection<T: Sendable>(_ body: (AMQPConnection) async throws -> T) async throws -> T {
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

    /// Closes the database pool; the store cannot be used afterwards.
    public func close() async {
        await self.store.client.close()
    }
}
