public import ContractMessaging
public import Foundation

/// What notifications reads of `notifications.notice.request.v1`: a generic notice another service asks for.
public struct NoticeRequest: ContractMessage {
    /// The contract message type.
    public static let messageType = "notifications.notice.request.v1"

    /// A recipient.
    public struct Recipient: Codable, Sendable {
        /// Address.
        public var email: String
        /// Display name.
        public var name: String?
    }

    /// A template variable value (string, number or boolean).
    public enum Variable: Codable, Sendable, Equatable, CustomStringConvertible {
        /// A string.
        case string(String)
        /// A number.
        case number(Double)
        /// A boolean.
        case bool(Bool)

        /// Decodes whichever of the three it is.
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                self = .string(try container.decode(String.self))
            }
        }

        /// Encodes the value.
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .string(let value): try container.encode(value)
            case .number(let value): try container.encode(value)
            case .bool(let value): try container.encode(value)
            }
        }

        /// The value as shown in a mail (`oui`/`non` for booleans, integers without decimals).
        public var description: String {
            switch self {
            case .string(let value): value
            case .number(let value): value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
            case .bool(let value): value ? "oui" : "non"
            }
        }
    }

    /// Request id (part of the idempotency key).
    public var requestId: String
    /// Template name.
    public var template: String
    /// Preference category.
    public var category: String
    /// Mandatory notice.
    public var mandatory: Bool
    /// `email` or `inApp`.
    public var channel: String
    /// Recipients.
    public var recipients: [Recipient]
    /// Template variables.
    public var variables: [String: Variable]?
    /// What it is about.
    public var relatedTo: RelatedTo
    /// Do not send before this instant.
    public var notBefore: Date?
}
