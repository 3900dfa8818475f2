public import ContractMessaging

/// The originator of an ACTES transmission, as documents echoes it.
public struct ActOrigin: Codable, Sendable, Hashable {
    /// `procurement`, `desk` or `portal`.
    public var service: String
    /// The originator's id (for procurement: the contract id).
    public var reference: String
}

/// `documents.act.acknowledged.v1`, as procurement reads it.
public struct ActAcknowledged: ContractMessage {
    /// The contract message type.
    public static let messageType = "documents.act.acknowledged.v1"
    /// Act id.
    public var actId: String
    /// ACTES identifier.
    public var idActe: String
    /// Originator.
    public var origin: ActOrigin
    /// When the prefecture acknowledged it.
    public var acknowledgedAt: String
}

/// `documents.act.rejected.v1`, as procurement reads it.
public struct ActRejected: ContractMessage {
    /// The contract message type.
    public static let messageType = "documents.act.rejected.v1"
    /// Act id.
    public var actId: String
    /// ACTES identifier.
    public var idActe: String
    /// Originator.
    public var origin: ActOrigin
    /// When.
    public var rejectedAt: String
}

/// `documents.act.cancelled.v1`, as procurement reads it.
public struct ActCancelled: ContractMessage {
    /// The contract message type.
    public static let messageType = "documents.act.cancelled.v1"
    /// Act id.
    public var actId: String
    /// ACTES identifier.
    public var idActe: String
    /// Originator.
    public var origin: ActOrigin
    /// When.
    public var cancelledAt: String
}
