import ServiceRuntime
import Synchronization

/// Reads a consumer's stream in the background and keeps every delivery, so a check can wait for a number
/// of deliveries, or make sure no more arrive.
final class DeliveryRecorder: Sendable {
    private final class Storage: Sendable {
        let deliveries = Mutex<[InboundMessage]>([])
        let ending = Mutex<String?>(nil)
    }

    private let storage = Storage()
    private let stream: InboundStream
    private let reader: Task<Void, Never>

    init(_ stream: InboundStream) {
        self.stream = stream
        let storage = self.storage
        self.reader = Task {
            do {
                for try await batch in stream {
                    storage.deliveries.withLock { $0 += batch }
                }
                storage.ending.withLock { $0 = "ended" }
            } catch {
                storage.ending.withLock { $0 = "failed: \(error)" }
            }
        }
    }

    /// Every delivery so far.
    var deliveries: [InboundMessage] {
        self.storage.deliveries.withLock { $0 }
    }

    /// How the stream ended (`nil` while it runs).
    var ending: String? {
        self.storage.ending.withLock { $0 }
    }

    /// Waits until at least `count` deliveries arrived.
    ///
    /// - Returns: Every delivery so far.
    /// - Throws: ``ConformanceFailure`` after `timeout`.
    @discardableResult
    func wait(for count: Int, timeout: Duration, _ what: String) async throws -> [InboundMessage] {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while true {
            let deliveries = self.deliveries
            if deliveries.count >= count {
                return deliveries
            }
            guard ContinuousClock.now < deadline else {
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw ConformanceFailure("\(what): \(self.deliveries.count) of \(count) deliveries after \(timeout)")
    }

    /// Stops the consumer and waits for the reader to finish.
    func stop() async {
        await self.stream.cancel()
        await self.reader.value
    }
}
