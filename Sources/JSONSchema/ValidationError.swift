/// One rule an instance broke.
///
/// Messages name the rule ("must match pattern ^[0-9]{9}$", "'buyer' is a required property")
/// but never quote the instance's values, so they are safe to log.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// The JSON pointer of the offending value in the instance, e.g. `/buyer/siret`; `""` is the root.
    public var instanceLocation: String
    /// The JSON pointer of the keyword along the evaluation path, through any `$ref`, e.g.
    /// `/properties/buyer/pattern` or `/properties/buyer/$ref/pattern`.
    public var keywordLocation: String
    /// The absolute location of the keyword: the schema document's URI and a JSON pointer fragment.
    public var absoluteKeywordLocation: String
    /// The keyword that failed, e.g. `pattern`.
    public var keyword: String
    /// What the rule requires.
    public var message: String

    /// Creates a validation error.
    public init(
        instanceLocation: String,
        keywordLocation: String,
        absoluteKeywordLocation: String,
        keyword: String,
        message: String
    ) {
        self.instanceLocation = instanceLocation
        self.keywordLocation = keywordLocation
        self.absoluteKeywordLocation = absoluteKeywordLocation
        self.keyword = keyword
        self.message = message
    }

    /// `/instance/location: message (keyword location)`.
    public var description: String {
        "\(self.instanceLocation.isEmpty ? "(root)" : self.instanceLocation): \(self.message) "
            + "(at \(self.keywordLocation.isEmpty ? "(root)" : self.keywordLocation))"
    }
}
