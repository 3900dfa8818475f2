/// How many procurement services the suites run at once. Swift Testing runs the suites side by side; each
/// bed holds a database, a pool and a listener, and PostgreSQL has a connection limit that other test
/// targets share.
actor BedLimiter {
    static let shared = BedLimiter(limit: 4)

    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    func acquire() async {
        guard self.running >= self.limit else {
            self.running += 1
            return
        }
        await withCheckedContinuation { self.waiting.append($0) }
    }

    /// Hands the place to the next waiting bed, if any.
    func release() {
        if self.waiting.isEmpty {
            self.running -= 1
        } else {
            self.waiting.removeFirst().resume()
        }
    }
}
