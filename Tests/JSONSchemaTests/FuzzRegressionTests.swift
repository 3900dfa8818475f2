import Foundation
import JSONSchema
import Testing

/// Inputs the `schema` and `json` fuzz targets found (Fuzz/regressions/), kept as tests of the behaviour that
/// replaced the hang or crash.
@Suite struct FuzzRegressionTests {
    /// Fuzz/regressions/schema/icu-fallback-exponential-backtracking.json: a pattern the built-in engine does not
    /// run (lookbehind) goes to ICU, which backtracks exponentially on `a…ac` (40 a's: hours). The match now
    /// stops after `PatternMatcher.fallbackTimeLimit` (100 ms) and the instance is refused with an error that
    /// says so, even under `not` (where "no match" would have accepted it).
    @Test func aRunawayPatternOnTheICUFallbackRefusesTheInstanceInsteadOfHanging() throws {
        let compiled = try schema(#"{"pattern": "^(a+)+(?<=a)b$"}"#)
        let runaway = JSONValue.string(String(repeating: "a", count: 40) + "c")
        let started = ContinuousClock.now
        let result = compiled.validate(runaway)
        #expect(!result.isValid)
        #expect(!compiled.isValid(runaway))
        #expect(result.errors.last?.keyword == "pattern")
        #expect(result.errors.last?.message.contains("took too long to match") == true)
        // One time limit per validation run (the fast one, then the collecting one); far from exponential.
        #expect(ContinuousClock.now - started < .seconds(10))
        let negated = try schema(#"{"items": {"not": {"pattern": "^(a+)+(?<=a)b$"}}}"#)
        let three = JSONValue.array([runaway, runaway, runaway])
        #expect(!negated.isValid(three))
        #expect(negated.validate(three).errors.contains { $0.message.contains("took too long") })
        #expect(negated.isValid(.array(["aaac", "x"])))
        #expect(!negated.isValid(.array(["aaab"])))
        // The fallback still matches what it should.
        #expect(compiled.isValid(.string("aaab")))
        #expect(!compiled.isValid(.string("aaac")))
    }
}
