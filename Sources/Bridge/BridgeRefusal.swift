/// Why a message may not cross the bridge: the field at fault and the rule it breaks, as the quarantine
/// records them (`x-passerelle-quarantine-field`, `-rule`, `-reason`).
public struct BridgeRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending part: `body`, `cloudEvents.<attribute>`, `type`, or a JSON pointer into the payload
    /// prefixed with `data` (`data/idActe`).
    public var field: String
    /// The rule: `maxBodyBytes`, `cloudEvents`, `contract`, `datacontenttype`, `json`, a JSON Schema keyword
    /// (`pattern`, `required`…) or `businessKey`.
    public var rule: String
    /// What the rule requires, for people.
    public var message: String

    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public var description: String { "\(self.field): \(self.message) (rule \(self.rule))" }
}
