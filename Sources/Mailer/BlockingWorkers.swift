import Dispatch
import Synchronization

/// A few serial dispatch queues for blocking libcurl transfers, so that they never occupy a thread of
/// Swift's cooperative pool. Each queue runs one transfer at a time (a serial queue gets its own thread
/// while it has work); a new job goes to the queue with the fewest jobs.
final class BlockingWorkers: Sendable {
    private let queues: [DispatchQueue]
    private let load: Mutex<[Int]>

    /// Creates `count` (at least 1) queues named `label.N`.
    init(count: Int, label: String) {
        let count = max(1, count)
        self.queues = (0..<count).map { DispatchQueue(label: "\(label).\($0)") }
        self.load = Mutex(Array(repeating: 0, count: count))
    }

    /// Runs `body` on a worker queue and returns its result to the calling task.
    func run<Value: Sendable>(_ body: @escaping @Sendable () -> Value) async -> Value {
        let index = self.load.withLock { load in
            let index = load.indices.min { load[$0] < load[$1] } ?? 0
            load[index] += 1
            return index
        }
        return await withCheckedContinuation { continuation in
            self.queues[index].async {
                let value = body()
                self.load.withLock { $0[index] -= 1 }
                continuation.resume(returning: value)
            }
        }
    }
}
