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
}
