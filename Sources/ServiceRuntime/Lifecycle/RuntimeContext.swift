import ContractMessaging
import Foundation
import Logging
import Messaging
import Storage
import Synchronization

/// Everything the runtime's parts share: the service's identity, its connections, contracts, handlers,
/// metrics and health.
final class RuntimeContext: Sendable {
    let service: String
    let database: ServiceDatabase
    let configuration: ServiceConfiguration
    let client: PostgresClient
    let transport: any RuntimeTransport
    let catalog: MessageCatalog
    let handlers: ServiceHandlers
    let metrics: RuntimeMetrics
    let health: HealthState
    let breaker: CircuitBreaker
    let logger: Logger
    /// Set when a graceful stop begins.
    let stopping = Atomic<Bool>(false)

    init(
        service: String, schema: PostgresIdentifier, configuration: ServiceConfiguration, client: PostgresClient,
        transport: any RuntimeTransport, catalog: MessageCatalog, handlers: ServiceHandlers, metrics: RuntimeMetrics,
        health: HealthState, logger: Logger
    ) {
        self.service = service
        self.database = ServiceDatabase(client: client, schema: schema, source: "/passerelle/\(service)", catalog: catalog)
        self.configuration = configuration
        self.client = client
        self.transport = transport
        self.catalog = catalog
        self.handlers = handlers
        self.metrics = metrics
        self.health = health
        self.breaker = CircuitBreaker(settings: configuration.consumer.breaker) { open in metrics.circuitOpen(open) }
        self.logger = logger
    }

    /// The service's schema.
    var schema: PostgresIdentifier { self.database.schema }
    /// The broker user the service publishes as (RabbitMQ stamps and validates it as `user_id`).
    var ownUser: String { self.configuration.amqp.username }

    /// The service's retry exchange, which also routes to its parking queues.
    var retryExchange: String { "\(self.service).retry" }

    /// Opens a transaction on the service's schema whose publishes go to the outbox.
    func withTransaction<Result: Sendable>(
        cause: CloudEvent?, _ body: @Sendable (ServiceTransaction) async throws -> Result
    ) async throws -> Result {
        try await self.database.withTransaction(cause: cause, body)
    }

    /// Publishes one message with a confirm, retrying while the broker is unreachable (never gives up
    /// unless the task is cancelled).
    func publishConfirmed(_ message: AMQPOutboundMessage) async throws {
        var pause: Duration = .milliseconds(100)
        while true {
            try Task.checkCancellation()
            switch await self.transport.publish([message])[0] {
            case .success(let confirmation):
                self.metrics.confirmLatency(confirmation.latency)
                return
            case .failure(let error):
                self.logger.warning(
                    "publish to \(message.exchange) failed, will retry",
                    metadata: ["routing.key": "\(message.routingKey)", "error": "\(error)"])
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .seconds(5))
            }
        }
    }
}
