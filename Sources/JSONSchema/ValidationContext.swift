/// A step in an instance or keyword path.
enum PathToken {
    case key(String)
    case index(Int)

    var text: String {
        switch self {
        case .key(let key): return JSONPointer.escape(key)
        case .index(let index): return String(index)
        }
    }
}

/// The mutable state of one validation run.
///
/// In the fast mode (`collecting == false`) no path is tracked and the first failure ends the
/// run; ``CompiledSchema`` re-runs a failed instance in collecting mode to gather every error.
struct ValidationContext {
    /// Nesting of `$ref` beyond which validation fails instead of overflowing the stack.
    static let maximumReferenceDepth = 200

    let program: SchemaProgram
    var collecting: Bool
    var errors: [ValidationError] = []
    var instancePath: [PathToken] = []
    var keywordPath: [PathToken] = []
    var referenceDepth = 0
    /// Schema resources entered, outermost first; only kept when the program uses `$dynamicRef`.
    var dynamicScope: [Int] = []
    /// Set when a pattern on the ICU fallback ran past its time limit (``PatternMatcher/fallbackTimeLimit``):
    /// the instance is then invalid whatever the rest of the run says (under `not`, "no match" would accept
    /// it), and no fallback pattern runs again in this run, so a run spends at most one time limit on them.
    var runaway: ValidationError?

    init(program: SchemaProgram, collecting: Bool) {
        self.program = program
        self.collecting = collecting
    }

    /// Records an error for `keyword` of `node`, at the current paths.
    mutating func report(_ node: SchemaNode, _ keyword: String, _ message: String) {
        var keywordLocation = ""
        for token in self.keywordPath { keywordLocation += "/" + token.text }
        keywordLocation += "/" + JSONPointer.escape(keyword)
        self.errors.append(
            ValidationError(
                instanceLocation: self.instanceLocation,
                keywordLocation: keywordLocation,
                absoluteKeywordLocation: node.absoluteLocation + "/" + JSONPointer.escape(keyword),
                keyword: keyword,
                message: message
            )
        )
    }

    /// Whether `matcher` (the `keyword` of `node`) matches `string`; see ``runaway``.
    mutating func matches(_ matcher: PatternMatcher, _ string: String, node: SchemaNode, keyword: String) -> Bool {
        switch matcher.match(string, fallbackAllowed: self.runaway == nil) {
        case .match:
            return true
        case .noMatch:
            return false
        case .timedOut:
            if self.runaway == nil {
                var keywordLocation = ""
                for token in self.keywordPath { keywordLocation += "/" + token.text }
                keywordLocation += "/" + JSONPointer.escape(keyword)
                self.runaway = ValidationError(
                    instanceLocation: self.instanceLocation,
                    keywordLocation: keywordLocation,
                    absoluteKeywordLocation: node.absoluteLocation + "/" + JSONPointer.escape(keyword),
                    keyword: keyword,
                    message: "pattern \(matcher.source) took too long to match "
                        + "(over \(PatternMatcher.fallbackTimeLimitMilliseconds) ms): the value is refused"
                )
            }
            return false
        }
    }

    /// Records the failure of a `false` schema, worded after the keyword that led to it.
    mutating func reportFalseSchema(_ node: SchemaNode) {
        var keywordLocation = ""
        for token in self.keywordPath { keywordLocation += "/" + token.text }
        let last = self.keywordPath.last
        let parent = self.keywordPath.count > 1 ? self.keywordPath[self.keywordPath.count - 2] : nil
        let keyword: String
        let message: String
        switch (parent, last, self.instancePath.last) {
        case (_, .key("additionalProperties"), .key(let name)?):
            (keyword, message) = ("additionalProperties", "additional property '\(name)' is not allowed")
        case (_, .key("unevaluatedProperties"), .key(let name)?):
            (keyword, message) = ("unevaluatedProperties", "unevaluated property '\(name)' is not allowed")
        case (_, .key("items"), .index(let index)?):
            (keyword, message) = ("items", "no item is allowed at index \(index)")
        case (_, .key("unevaluatedItems"), .index(let index)?):
            (keyword, message) = ("unevaluatedItems", "unevaluated item at index \(index) is not allowed")
        case (.key("properties"), .key(let name), _):
            (keyword, message) = ("properties", "property '\(name)' is not allowed")
        default:
            (keyword, message) = (last?.text ?? "", "is not allowed by a false schema")
        }
        self.errors.append(
            ValidationError(
                instanceLocation: self.instanceLocation,
                keywordLocation: keywordLocation,
                absoluteKeywordLocation: node.absoluteLocation,
                keyword: keyword,
                message: message
            )
        )
    }

    private var instanceLocation: String {
        var location = ""
        for token in self.instancePath { location += "/" + token.text }
        return location
    }

    /// Validates `value` against `child`, pushing `keyword`, an optional keyword `token` and an
    /// optional `instance` step onto the paths when collecting.
    @inline(__always)
    mutating func apply(
        _ child: SchemaNode,
        to value: JSONValue,
        marks: inout EvaluationMarks?,
        keyword: String,
        token: PathToken? = nil,
        instance: PathToken? = nil
    ) -> Bool {
        guard self.collecting else { return child.validate(value, &self, &marks) }
        self.keywordPath.append(.key(keyword))
        if let token { self.keywordPath.append(token) }
        if let instance { self.instancePath.append(instance) }
        let valid = child.validate(value, &self, &marks)
        if instance != nil { self.instancePath.removeLast() }
        if token != nil { self.keywordPath.removeLast() }
        self.keywordPath.removeLast()
        return valid
    }

    /// Like ``apply(_:to:marks:keyword:token:instance:)`` for a child instance (a member or an
    /// item), whose marks are its own.
    @inline(__always)
    mutating func applyToChild(
        _ child: SchemaNode,
        to value: JSONValue,
        keyword: String,
        token: PathToken? = nil,
        instance: PathToken
    ) -> Bool {
        if child.acceptsEverything { return true }
        var none: EvaluationMarks? = nil
        return self.apply(child, to: value, marks: &none, keyword: keyword, token: token, instance: instance)
    }

    /// Runs `body` in the fast mode (no errors recorded), e.g. for `not`, `if` and `contains`.
    @inline(__always)
    mutating func silently<T>(_ body: (inout ValidationContext) -> T) -> T {
        let wasCollecting = self.collecting
        self.collecting = false
        defer { self.collecting = wasCollecting }
        return body(&self)
    }
}
