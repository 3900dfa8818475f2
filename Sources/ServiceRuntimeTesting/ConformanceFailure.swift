/// A conformance check that did not hold.
public struct ConformanceFailure: Error, CustomStringConvertible {
    /// What was expected and what happened.
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
