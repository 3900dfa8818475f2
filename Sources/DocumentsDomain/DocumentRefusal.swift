/// Why an act, a PES file or a return is refused: the field, the rule it breaks (domain §3.5, §4.2) and a message
/// naming the value. `code` is a stable camel-case name clients switch on; new codes may appear.
public struct DocumentRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public let code: String
    public let field: String
    public let rule: String
    public let message: String

    public init(_ code: String, field: String, rule: String, _ message: String) {
        self.code = code
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(self.field): \(self.message) (\(self.rule))" }
}
