import Logging
import Messaging
import ServiceLifecycle
import Synchronization
import Topology

/// The runtime's long-running part as one lifecycle `Service`: a consumer pipeline per queue, the outbox
/// relay and the housekeeping.
///
/// On graceful shutdown: readiness drops, consumers are cancelled (unsettled deliveries go back to their
/// queues), in-flight handlers finish (bounded by the shutdown timeout), the outbox is flushed until every
/// due row is confirmed, and the transport closes.
final class RuntimeCore: Service, Sendable {
    let context: RuntimeContext
    let queues: [BrokerTopology.ConsumerQueue]
    let relay: OutboxRelay
    private let streams = Mutex<[String: InboundStream]>([:])
    private let onStarted: @Sendable () -> Void

    init(context: RuntimeContext, queues: [BrokerTopology.ConsumerQueue], onStarted: @escaping @Sendable () -> Void = {}) {
        self.context = context
        self.queues = queues
        self.onStarted = onStarted
        self.relay = OutboxRelay(context: context)
    }

    func run() async throws {
        let relayTask = Task { try await self.relay.run() }
        let housekeepingTask = Task { await Housekeeping(context: self.context).run() }
        let consumerTasks = self.queues.map { queue in
            Task { await self.consume(queue) }
        }
        self.context.health.setConsuming(true)
        self.context.health.setConnected(self.context.transport.isConnected)
        self.onStarted()
        self.context.logger.info("service started", metadata: ["queues": "\(self.queues.map(\.name))"])

        try? await gracefulShutdown()

        let started = ContinuousClock.now
        let timeout = self.context.configuration.shutdownTimeout
        self.context.stopping.store(true, ordering: .sequentiallyConsistent)
        self.context.health.setStopping(true)
        self.context.health.setConsuming(false)
        self.context.logger.info("stopping: cancelling consumers")
        for stream in self.streams.withLock({ Array($0.values) }) {
            await stream.cancel()
        }
        // In-flight handlers finish, within the first part of the budget.
        let handlersDone = await Self.wait(for: consumerTasks, timeout: timeout / 2)
        if !handlersDone {
            self.context.logger.warning("handlers still running at the deadline; their messages return to the queue")
        }
        relayTask.cancel()
        _ = await relayTask.result
        let remaining = max(.seconds(1), timeout - (ContinuousClock.now - started))
        let flushed = await self.relay.flush(timeout: remaining)
        self.context.logger.info("stopping: outbox \(flushed ? "flushed" : "not empty; the next start sends the rest")")
        housekeepingTask.cancel()
        await self.context.transport.close()
        self.context.health.setConnected(false)
    }

    /// Consumes one queue until the service stops; consumes again after a failure.
    private func consume(_ queue: BrokerTopology.ConsumerQueue) async {
        let pipeline = ConsumerPipeline(queue: queue, context: self.context)
        let prefetch = self.context.configuration.consumer.prefetch ?? queue.prefetch
        while !self.context.stopping.load(ordering: .sequentiallyConsistent) && !Task.isCancelled {
            do {
                let stream = try await self.context.transport.consume(queue: queue.name, prefetch: prefetch)
                self.streams.withLock { $0[queue.name] = stream }
                if self.context.stopping.load(ordering: .sequentiallyConsistent) {
                    await stream.cancel()
                }
                try await pipeline.run(stream)
            } catch is CancellationError {
                return
            } catch {
                self.context.logger.warning("consumer of \(queue.name) failed; consuming again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }

    private static func wait(for tasks: [Task<Void, Never>], timeout: Duration) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for task in tasks { await task.value }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            if !first {
                tasks.forEach { $0.cancel() }
            }
            group.cancelAll()
            return first
        }
    }
}
