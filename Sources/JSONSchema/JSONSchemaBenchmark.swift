
/// Measures validation speed on a typical event, for `passerelle bench validate`.
public enum JSONSchemaBenchmark {
    /// The measured rates, per second on the calling thread.
    public struct Measurement: Sendable, Hashable {
        /// Validations per second of an already-parsed ``JSONValue``.
        public var validationsPerSecond: Double
        /// Parses of the event's bytes followed by a validation, per second.
        public var parseAndValidatePerSecond: Double
        /// Parses alone, per second.
        public var parsesPerSecond: Double
        /// The size of the sample event in bytes.
        public var eventBytes: Int
    }

    /// Validates ``sampleEvent`` against ``sampleSchema`` `iterations` times (after a warm-up),
    /// then parses and validates it `iterations` times, on the calling thread.
    public static func run(iterations: Int) -> (validationsPerSecond: Double, parseAndValidatePerSecond: Double) {
        let measurement = JSONSchemaBenchmark.measure(iterations: iterations)
        return (measurement.validationsPerSecond, measurement.parseAndValidatePerSecond)
    }

    /// Like ``run(iterations:)`` with the parse-only rate and the event size as well; `options` carries the
    /// format checkers (the CLI passes the contracts' ones, so `siren`/`siret` are checked as in production).
    public static func measure(iterations: Int, options: SchemaOptions = .default) -> Measurement {
        let iterations = max(iterations, 1)
        let bytes = Array(JSONSchemaBenchmark.sampleEvent.utf8)
        // The samples are constants checked by the tests, so failing here is a programming error.
        let schemaValue = try! JSONValue(parsing: JSONSchemaBenchmark.sampleSchema)
        let schema = try! JSONSchema.compile(schemaValue, options: options)
        let event = try! JSONValue(parsing: bytes)
        precondition(schema.isValid(event), "the benchmark event must be valid")

        var valid = 0
        for _ in 0..<min(iterations, 1000) where schema.isValid(event) { valid += 1 }

        let validateSeconds = JSONSchemaBenchmark.time {
            for _ in 0..<iterations where schema.validate(event).isValid { valid += 1 }
        }
        let parseSeconds = JSONSchemaBenchmark.time {
            for _ in 0..<iterations {
                if case .object(let object)? = try? JSONValue(parsing: bytes) { valid += object.count }
            }
        }
        let bothSeconds = JSONSchemaBenchmark.time {
            for _ in 0..<iterations {
                if let parsed = try? JSONValue(parsing: bytes), schema.validate(parsed).isValid { valid += 1 }
            }
        }
        precondition(valid > 0)
        return Measurement(
            validationsPerSecond: Double(iterations) / validateSeconds,
            parseAndValidatePerSecond: Double(iterations) / bothSeconds,
            parsesPerSecond: Double(iterations) / parseSeconds,
            eventBytes: bytes.count
        )
    }

    private static func time(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return max(seconds, 1e-9)
    }
}
