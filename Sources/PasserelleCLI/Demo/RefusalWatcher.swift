import Foundation
import Messaging
import Synchronization

/// Collects `procurement.command.rejected.v1` from a private queue, so the demo can show each refusal
/// with its rule.
final class RefusalWatcher: Sendable {
    private let refusals = Mutex<[DemoScenario.Refusal]>([])
    private let task = Mutex<Task<Void, Never>?>(nil)

    private struct Body: Decodable {
        var commandType: String
        var commandId: String?
        var tenderId: String?
        var code: String
        var rule: String
        var message: String
    }

    static func start(_ connection: AMQPConnection) async throws -> RefusalWatcher {
        let watcher = RefusalWatcher()
        let queue = "passerelle.demo.\(UUID().uuidString.lowercased().prefix(8))"
        _ = try await connection.declareQueue(AMQPQueueSpec(queue, durable: false, exclusive: true, autoDelete: true))
        try await connection.bindQueue(
            AMQPBinding(source: "procurement.events", destination: queue, routingKey: "procurement.command.rejected.v1"))
        let consumer = try await connection.consume(queue: queue, prefetch: 50)
        let task = Task {
            do {
                for try await delivery in consumer {
                    try? delivery.ack()
                    if let body = try? JSONDecoder().decode(Body.self, from: Data(delivery.body)) {
                        watcher.refusals.withLock {
                            $0.append(.init(
                                commandType: body.commandType, commandId: body.commandId ?? body.tenderId, code: body.code,
                                rule: body.rule, message: body.message))
                        }
                    }
                }
            } catch {}
        }
        watcher.task.withLock { $0 = task }
        return watcher
    }

    func all() async -> [DemoScenario.Refusal] {
        self.refusals.withLock { $0 }
    }

    /// Waits for the refusal of the command with this idempotency key.
    func wait(for commandId: String, timeout: Duration = .seconds(30)) async throws -> DemoScenario.Refusal {
        try await self.wait(timeout: timeout) { $0.commandId == commandId }
    }

    /// Waits for a refusal of a command type.
    func wait(forType type: String, timeout: Duration = .seconds(30)) async throws -> DemoScenario.Refusal {
        try await self.wait(timeout: timeout) { $0.commandType == type }
    }

    private func wait(timeout: Duration, _ match: (DemoScenario.Refusal) -> Bool) async throws -> DemoScenario.Refusal {
        var found: DemoScenario.Refusal?
        try await DemoHTTP.poll("a refusal", timeout: timeout) {
            found = self.refusals.withLock { $0.first(where: match) }
            return found != nil
        }
        return found!
    }

    deinit {
        self.task.withLock { $0?.cancel() }
    }
}
