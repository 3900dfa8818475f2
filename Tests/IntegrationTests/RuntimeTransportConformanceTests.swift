import Messaging
import ServiceRuntime
import ServiceRuntimeTesting
import Synchronization
import Testing

extension AMQPIntegration {
    /// The transport conformance checks the in-memory broker passes, run against RabbitMQ through
    /// ``AMQPRuntimeTransport``: one semantics for unit and integration tests.
    @Suite(.timeLimit(.minutes(2)))
    struct RuntimeTransportConformanceTests {
        @Test func routesAndConfirms() async throws {
            try await withConformanceBed("routing") { try await TransportConformance.routesAndConfirms($0, admin: $1) }
        }

        @Test func unroutableMandatoryFails() async throws {
            try await withConformanceBed("unroutable") {
                try await TransportConformance.unroutableMandatoryFails($0, admin: $1)
            }
        }

        @Test func prefetchIsHonoured() async throws {
            try await withConformanceBed("prefetch") { try await TransportConformance.prefetchIsHonoured($0, admin: $1) }
        }

        @Test func requeueRedelivers() async throws {
            try await withConformanceBed("requeue") { try await TransportConformance.requeueRedelivers($0, admin: $1) }
        }

        @Test func cancelRequeuesUnsettled() async throws {
            try await withConformanceBed("cancel") {
                try await TransportConformance.cancelRequeuesUnsettled($0, admin: $1)
            }
        }

        @Test func rejectDeadLetters() async throws {
            try await withConformanceBed("reject") { try await TransportConformance.rejectDeadLetters($0, admin: $1) }
        }

        @Test func deliveryLimitDeadLetters() async throws {
            try await withConformanceBed("limit") {
                try await TransportConformance.deliveryLimitDeadLetters($0, admin: $1)
            }
        }

        @Test func ttlReturnsToQueue() async throws {
            try await withConformanceBed("ttl") { try await TransportConformance.ttlReturnsToQueue($0, admin: $1) }
        }
    }
}

/// Connects an ``AMQPRuntimeTransport`` and an admin connection that declares quorum queues (as Passerelle
/// does) and exchanges under unique names, runs `body`, then deletes everything it declared.
private func withConformanceBed(
    _ name: String, _ body: (AMQPRuntimeTransport, TransportConformanceAdmin) async throws -> Void
) async throws {
    let configuration = try IntegrationEnvironment.configuration(name: "conformance \(name)")
    let logger = IntegrationEnvironment.logger
    let connection = try await AMQPConnection.connect(configuration, logger: logger)
    let transport: AMQPRuntimeTransport
    do {
        transport = try await AMQPRuntimeTransport.connect(configuration, logger: logger)
    } catch {
        await connection.close()
        throw error
    }
    let declared = DeclaredObjects()
    let admin = TransportConformanceAdmin(
        uniqueName: { IntegrationEnvironment.uniqueName("\(name).\($0)") },
        declareExchange: { exchange, type, alternate in
            declared.exchanges.withLock { $0.append(exchange) }
            let arguments: AMQPTable = alternate.map { ["alternate-exchange": .string($0)] } ?? [:]
            try await connection.declareExchange(AMQPExchangeSpec(exchange, type: type, arguments: arguments))
        },
        declareQueue: { queue, options in
            declared.queues.withLock { $0.append(queue) }
            var arguments: AMQPTable = [:]
            arguments["x-dead-letter-exchange"] = options.deadLetterExchange.map { .string($0) }
            arguments["x-dead-letter-routing-key"] = options.deadLetterRoutingKey.map { .string($0) }
            arguments["x-message-ttl"] = options.messageTTL.map { .int64(Int64($0 / .milliseconds(1))) }
            arguments["x-delivery-limit"] = options.deliveryLimit.map { .int64(Int64($0)) }
            try await connection.declareQueue(.quorum(queue, arguments: arguments))
        },
        bind: { queue, exchange, key in
            try await connection.bindQueue(AMQPBinding(source: exchange, destination: queue, routingKey: key))
        },
        quietPeriod: .milliseconds(300),
        timeout: .seconds(15))
    var failure: (any Error)?
    do {
        try await body(transport, admin)
    } catch {
        failure = error
    }
    await transport.close()
    for queue in declared.queues.withLock({ $0 }) {
        _ = try? await connection.deleteQueue(queue)
    }
    for exchange in declared.exchanges.withLock({ $0 }) {
        try? await connection.deleteExchange(exchange)
    }
    await connection.close()
    if let failure {
        throw failure
    }
}

/// What a conformance check declared, to delete afterwards.
private final class DeclaredObjects: Sendable {
    let exchanges = Mutex<[String]>([])
    let queues = Mutex<[String]>([])
}
