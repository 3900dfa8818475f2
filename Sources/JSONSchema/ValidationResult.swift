/// The outcome of validating one instance.
public struct ValidationResult: Sendable, Hashable {
    /// Whether the instance is valid.
    public var isValid: Bool
    /// Every rule the instance broke, in evaluation order; empty when valid.
    ///
    /// Failing `anyOf`/`oneOf` branches are listed after the `anyOf`/`oneOf` error itself, so the
    /// list reads from the summary to the details (the "basic" output format of JSON Schema).
    public var errors: [ValidationError]

    /// Creates a result.
    public init(isValid: Bool, errors: [ValidationError]) {
        self.isValid = isValid
        self.errors = errors
    }

    /// The result for a valid instance.
    public static let valid = ValidationResult(isValid: true, errors: [])
}
