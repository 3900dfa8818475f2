extension JSONNumber {
    /// Whether `self` is an integer multiple of `divisor` (JSON Schema `multipleOf`).
    ///
    /// Doubles are taken at their shortest decimal representation (the text a JSON document
    /// would carry), so `19.99` is a multiple of `0.01` and `0.0075` of `0.0001`, which binary
    /// floating-point division gets wrong. The arithmetic is exact, also for `1e308` or `1e-8`.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .integer(let value) = self, case .integer(let step) = divisor {
            guard step != 0 else { return false }
            return value.remainderReportingOverflow(dividingBy: step).partialValue == 0
        }
        guard let value = self.decimal, let step = divisor.decimal, step.significand != 0 else { return false }
        if value.significand == 0 { return true }
        let steps = UInt128(step.significand)
        if value.exponent >= step.exponent {
            // (a · 10^k) mod b, with modular exponentiation so k may be large.
            var remainder = UInt128(value.significand) % steps
            var power = UInt128(10) % steps
            var exponent = value.exponent - step.exponent
            while exponent > 0 {
                if exponent & 1 == 1 { remainder = remainder * power % steps }
                power = power * power % steps
                exponent >>= 1
            }
            return remainder == 0
        }
        // a mod (b · 10^k): a < 10^17, so any k beyond 19 makes the divisor larger than a.
        let shift = step.exponent - value.exponent
        guard shift <= 19 else { return false }
        var scaled = steps
        for _ in 0..<shift { scaled *= 10 }
        return UInt128(value.significand) % scaled == 0
    }

    /// The absolute value as `significand × 10^exponent`, from the shortest decimal form.
    private var decimal: (significand: UInt64, exponent: Int)? {
        switch self {
        case .integer(let value):
            return (value.magnitude, 0)
        case .double(let value):
            guard value.isFinite else { return nil }
            if let exact = JSONNumber.exactInt64(value) { return (exact.magnitude, 0) }
            return JSONNumber.decimal(of: value)
        }
    }

    /// The absolute value of a finite double as `significand × 10^exponent`, from its shortest decimal form.
    static func decimal(of value: Double) -> (significand: UInt64, exponent: Int)? {
        guard value.isFinite else { return nil }
        return JSONNumber.parseDecimal(String(value.magnitude))
    }

    /// Parses Swift's shortest representation (`0.0075`, `1e-08`, `1.5e+300`).
    private static func parseDecimal(_ text: String) -> (significand: UInt64, exponent: Int)? {
        var significand: UInt64 = 0
        var exponent = 0
        var afterPoint = false
        var utf8 = Substring(text).utf8[...]
        while let byte = utf8.first {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                utf8 = utf8.dropFirst()
                guard let power = Int(String(Substring(utf8))) else { return nil }
                exponent += power
                break
            }
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: ".") {
                afterPoint = true
                continue
            }
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, overflow1) = significand.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            significand = sum
            if afterPoint { exponent -= 1 }
        }
        while significand != 0, significand % 10 == 0 {
            significand /= 10
            exponent += 1
        }
        return (significand, exponent)
    }
}
