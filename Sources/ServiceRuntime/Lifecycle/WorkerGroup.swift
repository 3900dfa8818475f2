import Logging
import ServiceLifecycle

/// Runs a service's ``ServiceDefinition/Worker``s as one lifecycle `Service`, after the runtime core in the
/// group, so a graceful stop cancels them before the core flushes the outbox.
struct WorkerGroup: Service {
    let host: ServiceHost
    let workers: [ServiceDefinition.Worker]
    let logger: Logger

    func run() async throws {
        guard !self.workers.isEmpty else {
            try? await gracefulShutdown()
            return
        }
        try await self.host.waitUntilStarted(timeout: .seconds(120))
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for worker in self.workers {
                    group.addTask { await self.loop(worker) }
                }
            }
        }
    }

    private func loop(_ worker: ServiceDefinition.Worker) async {
        while !Task.isCancelled {
            do {
                try await worker.run(self.host)
                return
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                self.logger.warning("worker \(worker.name) failed; starting it again", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
