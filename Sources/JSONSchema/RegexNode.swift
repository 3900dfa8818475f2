/// The syntax tree of an ECMA-262 regular expression, restricted to what ``RegexProgram`` runs.
indirect enum RegexNode: Sendable {
    case empty
    case scalars(RegexScalarSet)
    case lineStart
    case lineEnd
    case wordBoundary(negated: Bool)
    case concatenation([RegexNode])
    case alternation([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?)
    case lookahead(RegexNode, negated: Bool)
}

/// Why a pattern could not be handled by the built-in engine.
enum RegexSyntaxError: Error {
    /// Valid ECMA-262 that the built-in engine does not run (backreferences, lookbehind, `\p{…}`).
    case unsupported(String)
    /// Not a valid pattern.
    case invalid(String)
}
