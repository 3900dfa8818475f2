extension JSONNumber {
    /// A `multipleOf` value prepared for fast checks: its decimal form and, for divisors such as
    /// `0.01`, the power of ten that turns a valid amount into a whole number.
    struct Divisor: Sendable {
        /// The divisor as written in the schema.
        let number: JSONNumber
        /// The integer the divisor is a power-of-ten fraction of (`1` for `0.01`, `25` for `0.25`).
        private let significand: Int64?
        /// `10^decimals` for a divisor with `decimals` fractional digits (up to 15), else `nil`.
        private let scale: Double?

        init(_ number: JSONNumber) {
            self.number = number
            guard case .double(let value) = number, let decimal = JSONNumber.decimal(of: value),
                decimal.exponent < 0, decimal.exponent >= -15, decimal.significand < 1 << 52
            else {
                self.significand = nil
                self.scale = nil
                return
            }
            self.significand = Int64(decimal.significand)
            var scale = 1.0
            for _ in 0..<(-decimal.exponent) { scale *= 10 }
            self.scale = scale
        }

        /// Whether `value` is an integer multiple of the divisor.
        func divides(_ value: JSONNumber) -> Bool {
            let double: Double
            switch value {
            case .double(let fraction): double = fraction
            case .integer(let integer) where integer.magnitude < 1 << 52: double = Double(integer)
            default: return value.isMultiple(of: self.number)
            }
            if let scale = self.scale, let significand = self.significand {
                // `double` has at most `decimals` fractional digits exactly when the decimal
                // `round(double × scale) / scale` reads back as `double`.
                let scaled = (double * scale).rounded()
                if abs(scaled) < 4_503_599_627_370_496 {  // 2^52: `scaled` is an exact integer
                    guard scaled / scale == double else { return false }
                    return Int64(scaled) % significand == 0
                }
            }
            return value.isMultiple(of: self.number)
        }
    }
}
