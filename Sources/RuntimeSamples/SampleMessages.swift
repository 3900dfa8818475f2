public import ContractMessaging

/// `feeder.item.submitted.v1` (samples/contracts/feeder).
public struct ItemSubmitted: ContractMessage, Equatable {
    /// The contract message type.
    public static let messageType = "feeder.item.submitted.v1"

    /// What alpha's handler does with the item.
    public enum Behaviour: String, Codable, Sendable {
        /// Records it.
        case succeed
        /// Throws a transient error while the ``SampleFaults`` give it failures to use up.
        case failTransient
        /// Throws a permanent error until ``SampleFaults/fixPermanentFailures()``.
        case failPermanent
    }

    /// The item id (also the aggregate key of what alpha publishes).
    public var itemId: String
    /// Position in its flow.
    public var sequence: Int
    /// Amount in cents.
    public var amount: Int
    /// What alpha does with it.
    public var behaviour: Behaviour?

    /// Creates an item.
    public init(itemId: String, sequence: Int, amount: Int, behaviour: Behaviour? = nil) {
        self.itemId = itemId
        self.sequence = sequence
        self.amount = amount
        self.behaviour = behaviour
    }
}

/// `alpha.item.recorded.v1` (samples/contracts/alpha).
public struct ItemRecorded: ContractMessage, Equatable {
    /// The contract message type.
    public static let messageType = "alpha.item.recorded.v1"

    /// The item id.
    public var itemId: String
    /// Position in its flow.
    public var sequence: Int
    /// Amount in cents.
    public var amount: Int
    /// The database clock when alpha's transaction ran, in microseconds since 1970.
    public var committedAtMicros: Int64

    /// Creates the event.
    public init(itemId: String, sequence: Int, amount: Int, committedAtMicros: Int64) {
        self.itemId = itemId
        self.sequence = sequence
        self.amount = amount
        self.committedAtMicros = committedAtMicros
    }
}
