extension Duration {
    /// The duration in seconds, as a floating-point number (for gauges and health details).
    public var secondsAsDouble: Double {
        let parts = self.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
