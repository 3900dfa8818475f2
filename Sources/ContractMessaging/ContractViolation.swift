import JSONSchema

/// A payload that does not match its contract. Names every field at fault and the rule it breaks; never
/// quotes the values.
public struct ContractViolation: Error, Sendable, Hashable, CustomStringConvertible {
    /// The message type.
    public var messageType: String
    /// The broken rules, each with the field (instance location) and the schema keyword.
    public var errors: [ValidationError]

    /// Creates a violation.
    ///
    /// - Parameters:
    ///   - messageType: The message type.
    ///   - errors: The broken rules.
    public init(messageType: String, errors: [ValidationError]) {
        self.messageType = messageType
        self.errors = errors
    }

    /// The first field at fault, as a JSON pointer (`/buyer/siret`); `""` for the whole payload.
    public var field: String? { self.errors.first?.instanceLocation }

    /// `notifications.notice.sent.v1 is invalid: /recipientRef: must match pattern … (at /properties/recipientRef/pattern)`.
    public var description: String {
        "\(self.messageType) is invalid: " + self.errors.map(\.description).joined(separator: "; ")
    }
}

/// A delivery that could not be turned into a typed message.
public struct ContractDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable, Hashable {
        /// The CloudEvents envelope is missing or malformed.
        case invalidEnvelope
        /// The event's type is not the expected message type.
        case unexpectedType
        /// The body is not JSON.
        case invalidJSON
        /// The payload breaks its contract.
        case contractViolation
        /// The payload matches the contract but not the Swift type.
        case decodingFailed
        /// The message type is not in the contracts.
        case unknownType
    }

    /// What went wrong.
    public var code: Code
    /// The message type concerned.
    public var messageType: String
    /// A plain explanation, safe to log.
    public var detail: String

    /// `ContractDecodingError(contractViolation, procurement.tender.published.v1): …`.
    public var description: String { "ContractDecodingError(\(self.code.rawValue), \(self.messageType)): \(self.detail)" }
}
