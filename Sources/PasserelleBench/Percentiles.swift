/// Nearest-rank percentiles of a sample.
struct Percentiles {
    private let sorted: [Double]

    /// Sorts the sample once.
    init(_ sample: [Double]) {
        self.sorted = sample.sorted()
    }

    /// The value at percentile `p` (0…100), by the nearest-rank method; 0 for an empty sample.
    func value(at p: Double) -> Double {
        guard !self.sorted.isEmpty else { return 0 }
        let rank = Int((p / 100 * Double(self.sorted.count)).rounded(.up))
        return self.sorted[min(max(rank, 1), self.sorted.count) - 1]
    }
}
