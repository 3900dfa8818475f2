public import Messaging

/// What the ``TransportConformance`` checks need besides the transport: declaring their own (uniquely
/// named) topology, and how long to wait for the broker.
public struct TransportConformanceAdmin: Sendable {
    /// The settings of a queue a check declares.
    public struct QueueOptions: Sendable, Hashable {
        /// The dead-letter exchange.
        public var deadLetterExchange: String?
        /// The dead-letter routing key.
        public var deadLetterRoutingKey: String?
        /// The message TTL.
        public var messageTTL: Duration?
        /// The delivery limit.
        public var deliveryLimit: Int?

        /// Creates queue settings.
        ///
        /// - Parameters:
        ///   - deadLetterExchange: The dead-letter exchange.
        ///   - deadLetterRoutingKey: The dead-letter routing key.
        ///   - messageTTL: The message TTL.
        ///   - deliveryLimit: The delivery limit.
        public init(
            deadLetterExchange: String? = nil, deadLetterRoutingKey: String? = nil, messageTTL: Duration? = nil,
            deliveryLimit: Int? = nil
        ) {
            self.deadLetterExchange = deadLetterExchange
            self.deadLetterRoutingKey = deadLetterRoutingKey
            self.messageTTL = messageTTL
            self.deliveryLimit = deliveryLimit
        }
    }

    /// Makes a name no other test uses from a short label.
    public var uniqueName: @Sendable (String) -> String
    /// Declares an exchange: name, type, alternate exchange.
    public var declareExchange: @Sendable (String, AMQPExchangeType, String?) async throws -> Void
    /// Declares a queue with its settings.
    public var declareQueue: @Sendable (String, QueueOptions) async throws -> Void
    /// Binds a queue (first argument) to an exchange (second) with a key (third).
    public var bind: @Sendable (String, String, String) async throws -> Void
    /// How long a check waits to be sure nothing more arrives.
    public var quietPeriod: Duration
    /// How long a check waits for something that must happen.
    public var timeout: Duration

    /// Creates an admin.
    ///
    /// - Parameters:
    ///   - uniqueName: Makes a unique name from a label.
    ///   - declareExchange: Declares an exchange.
    ///   - declareQueue: Declares a queue.
    ///   - bind: Binds a queue to an exchange.
    ///   - quietPeriod: How long to wait to be sure nothing more arrives.
    ///   - timeout: How long to wait for something that must happen.
    public init(
        uniqueName: @escaping @Sendable (String) -> String,
        declareExchange: @escaping @Sendable (String, AMQPExchangeType, String?) async throws -> Void,
        declareQueue: @escaping @Sendable (String, QueueOptions) async throws -> Void,
        bind: @escaping @Sendable (String, String, String) async throws -> Void,
        quietPeriod: Duration,
        timeout: Duration
    ) {
        self.uniqueName = uniqueName
        self.declareExchange = declareExchange
        self.declareQueue = declareQueue
        self.bind = bind
        self.quietPeriod = quietPeriod
        self.timeout = timeout
    }

    /// The admin of an in-memory broker (short waits: it delivers synchronously).
    ///
    /// - Parameter broker: The broker.
    /// - Returns: The admin.
    public static func inMemory(_ broker: InMemoryBroker) -> TransportConformanceAdmin {
        TransportConformanceAdmin(
            uniqueName: { "test.\($0)" },
            declareExchange: { name, type, alternate in
                broker.declareExchange(name: name, type: type, alternateExchange: alternate)
            },
            declareQueue: { name, options in
                broker.declareQueue(
                    name: name, deadLetterExchange: options.deadLetterExchange,
                    deadLetterRoutingKey: options.deadLetterRoutingKey, messageTTL: options.messageTTL,
                    deliveryLimit: options.deliveryLimit)
            },
            bind: { queue, exchange, key in try broker.bind(queue: queue, exchange: exchange, routingKey: key) },
            quietPeriod: .milliseconds(20),
            // Generous: on a loaded 2-core machine the suites running beside this one can hold the threads that
            // fire the broker's expiry timers for seconds.
            timeout: .seconds(20))
    }
}
