import Foundation

/// An ECMA-262 regular expression used by `pattern` and `patternProperties`.
///
/// Patterns run on the built-in engine (``RegexProgram``), which follows ECMA-262 with the `u`
/// flag: `\d` and `\w` are ASCII-only, `.` matches any scalar but line terminators, `$` matches
/// only at the very end. Patterns it does not run — backreferences, lookbehind, `\p{…}` property
/// escapes — fall back to `NSRegularExpression` (ICU), whose `\d`, `\w` and `\b` are
/// Unicode-aware and whose `$` also matches before a final newline.
///
/// The built-in engine runs in linear time. ICU backtracks, and a pattern such as `^(a+)+(?<=a)b$` takes
/// exponential time on `aaa…c`: one string could hold a validation for hours. A match on ICU that has not
/// ended within ``fallbackTimeLimit`` stops and is ``MatchOutcome/timedOut``; the validation run then refuses
/// the instance (see ``ValidationContext/runaway``). Found by the `schema` fuzz target (docs/fuzzing.md).
final class PatternMatcher: Sendable {
    private enum Engine: Sendable {
        case native(RegexProgram)
        case foundation(FoundationRegex)
    }

    /// The longest one match on the ICU fallback may run (ordinary matches take microseconds).
    static let fallbackTimeLimit: Duration = .milliseconds(fallbackTimeLimitMilliseconds)
    static let fallbackTimeLimitMilliseconds = 100

    /// How a match ended.
    enum MatchOutcome {
        case match
        case noMatch
        /// The ICU fallback ran past ``fallbackTimeLimit`` (or was not allowed to run): no answer.
        case timedOut
    }

    /// The pattern as written in the schema.
    let source: String
    private let engine: Engine

    /// Compiles `source`; throws a description of the syntax error if neither engine accepts it.
    init(_ source: String) throws(PatternSyntaxError) {
        self.source = source
        do throws(RegexSyntaxError) {
            self.engine = .native(try RegexProgram(try RegexParser.parse(source)))
        } catch .invalid(let reason) {
            throw PatternSyntaxError(reason: reason)
        } catch {
            do {
                self.engine = .foundation(FoundationRegex(try NSRegularExpression(pattern: source)))
            } catch {
                throw PatternSyntaxError(reason: "not supported by the regular expression engine")
            }
        }
    }

    /// Whether the pattern matches anywhere in `string` (patterns are not implicitly anchored); a match that
    /// timed out counts as none. Validation uses ``match(_:fallbackAllowed:)``.
    func matches(_ string: String) -> Bool {
        self.match(string) == .match
    }

    /// Matches `string`. With `fallbackAllowed` false, a pattern on the ICU fallback does not run and is
    /// ``MatchOutcome/timedOut`` at once.
    func match(_ string: String, fallbackAllowed: Bool = true) -> MatchOutcome {
        switch self.engine {
        case .native(let program):
            let found =
                string.utf8.withContiguousStorageIfAvailable { program.search($0) }
                ?? Array(string.utf8).withUnsafeBufferPointer { program.search($0) }
            return found ? .match : .noMatch
        case .foundation(let box):
            guard fallbackAllowed else { return .timedOut }
            return box.firstMatch(in: string, within: Self.fallbackTimeLimit)
        }
    }

    /// Whether the built-in engine runs this pattern (used by tests).
    var usesBuiltInEngine: Bool {
        if case .native = self.engine { return true }
        return false
    }
}

/// Why a pattern was rejected.
struct PatternSyntaxError: Error {
    let reason: String
}

/// Wraps an `NSRegularExpression`.
///
/// `@unchecked Sendable` is sound because `NSRegularExpression` is immutable once created and
/// documented as safe to use from several threads.
private final class FoundationRegex: @unchecked Sendable {
    let regex: NSRegularExpression

    init(_ regex: NSRegularExpression) {
        self.regex = regex
    }

    /// Whether the expression matches somewhere in `string`, stopping at `limit`. ICU calls the block back
    /// periodically while it searches (`.reportProgress`), which lets it stop.
    func firstMatch(in string: String, within limit: Duration) -> PatternMatcher.MatchOutcome {
        let range = NSRange(string.startIndex..<string.endIndex, in: string)
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: limit)
        var outcome = PatternMatcher.MatchOutcome.noMatch
        self.regex.enumerateMatches(in: string, options: [.reportProgress], range: range) { match, _, stop in
            if match != nil {
                outcome = .match
                stop.pointee = true
            } else if clock.now >= deadline {
                outcome = .timedOut
                stop.pointee = true
            }
        }
        return outcome
    }
}
