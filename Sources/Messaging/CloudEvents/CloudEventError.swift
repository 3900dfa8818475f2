/// A delivery that is not a valid CloudEvent. Safe to log: it names the attribute, never the data.
public struct CloudEventError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The attribute at fault, e.g. `id` or `time`.
    public var attribute: String
    /// What is wrong with it.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - attribute: The attribute at fault.
    ///   - message: What is wrong with it.
    public init(attribute: String, message: String) {
        self.attribute = attribute
        self.message = message
    }

    /// `CloudEventError(time): …`.
    public var description: String { "CloudEventError(\(self.attribute)): \(self.message)" }
}
