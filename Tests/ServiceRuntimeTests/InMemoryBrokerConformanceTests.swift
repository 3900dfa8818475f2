import ServiceRuntimeTesting
import Testing

/// The transport conformance checks, run against the in-memory broker (the same checks run against
/// RabbitMQ in `IntegrationTests/RuntimeTransportConformanceTests.swift`).
@Suite struct InMemoryBrokerConformanceTests {
    let broker = InMemoryBroker()

    @Test func routesAndConfirms() async throws {
        try await TransportConformance.routesAndConfirms(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func unroutableMandatoryFails() async throws {
        try await TransportConformance.unroutableMandatoryFails(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func prefetchIsHonoured() async throws {
        try await TransportConformance.prefetchIsHonoured(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func requeueRedelivers() async throws {
        try await TransportConformance.requeueRedelivers(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func cancelRequeuesUnsettled() async throws {
        try await TransportConformance.cancelRequeuesUnsettled(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func rejectDeadLetters() async throws {
        try await TransportConformance.rejectDeadLetters(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func deliveryLimitDeadLetters() async throws {
        try await TransportConformance.deliveryLimitDeadLetters(self.broker.transport(), admin: .inMemory(self.broker))
    }

    @Test func ttlReturnsToQueue() async throws {
        try await TransportConformance.ttlReturnsToQueue(self.broker.transport(), admin: .inMemory(self.broker))
    }
}
