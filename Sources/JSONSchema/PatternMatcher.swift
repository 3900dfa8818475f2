import Foundation

/// An ECMA-262 regular expression used by `pattern` and `patternProperties`.
///
/// Patterns run on the built-in engine (``RegexProgram``), which follows ECMA-262 with the `u`
/// flag: `\d` and `\w` are ASCII-only, `.` matches any scalar but line terminators, `$` matches
/// only at the very end. Patterns it does not run — backreferences, lookbehind, `\p{…}` property
/// escapes — fall back to `NSRegularExpression` (ICU), whose `\d`, `\w` and `\b` are
/// Unicode-aware and whose `$` also matches before a final newline.
final class PatternMatcher: Sendable {
    private enum Engine: Sendable {
        case native(RegexProgram)
        case foundation(FoundationRegex)
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

    /// Whether the pattern matches anywhere in `string` (patterns are not implicitly anchored).
    func matches(_ string: String) -> Bool {
        switch self.engine {
        case .native(let program):
            if let result = string.utf8.withContiguousStorageIfAvailable({ program.search($0) }) {
                return result
            }
            return Array(string.utf8).withUnsafeBufferPointer { program.search($0) }
        case .foundation(let box):
            let range = NSRange(string.startIndex..<string.endIndex, in: string)
            return box.regex.firstMatch(in: string, options: [], range: range) != nil
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
}
