/// The kind of an exchange.
public struct AMQPExchangeType: RawRepresentable, Sendable, Hashable {
    /// The name the broker knows, e.g. `topic`.
    public var rawValue: String

    /// Creates an exchange type from its broker name (plugins add types such as `x-consistent-hash`).
    ///
    /// - Parameter rawValue: The broker's name for the type.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Routes by exact routing key.
    public static let direct = AMQPExchangeType(rawValue: "direct")
    /// Routes by routing-key pattern (`*` one word, `#` zero or more).
    public static let topic = AMQPExchangeType(rawValue: "topic")
    /// Copies to every bound queue.
    public static let fanout = AMQPExchangeType(rawValue: "fanout")
    /// Routes by header values.
    public static let headers = AMQPExchangeType(rawValue: "headers")
}

/// An exchange to declare.
public struct AMQPExchangeSpec: Sendable, Hashable {
    /// The exchange name.
    public var name: String
    /// The exchange type.
    public var type: AMQPExchangeType
    /// Survives a broker restart. Default `true`.
    public var durable: Bool
    /// Deleted when its last binding goes. Default `false`.
    public var autoDelete: Bool
    /// Only reachable through exchange-to-exchange bindings. Default `false`.
    public var `internal`: Bool
    /// Arguments, e.g. `alternate-exchange`.
    public var arguments: AMQPTable

    /// Creates an exchange specification.
    ///
    /// - Parameters:
    ///   - name: The exchange name.
    ///   - type: The exchange type.
    ///   - durable: Survives a broker restart.
    ///   - autoDelete: Deleted when its last binding goes.
    ///   - internal: Only reachable through exchange-to-exchange bindings.
    ///   - arguments: Declare arguments.
    public init(
        _ name: String,
        type: AMQPExchangeType,
        durable: Bool = true,
        autoDelete: Bool = false,
        internal: Bool = false,
        arguments: AMQPTable = [:]
    ) {
        self.name = name
        self.type = type
        self.durable = durable
        self.autoDelete = autoDelete
        self.internal = `internal`
        self.arguments = arguments
    }
}

/// A queue to declare.
public struct AMQPQueueSpec: Sendable, Hashable {
    /// The queue name; `""` asks the broker for a generated name (`amq.gen-…`).
    public var name: String
    /// Survives a broker restart. Default `true`.
    public var durable: Bool
    /// Used by one connection only and deleted with it. Default `false`.
    public var exclusive: Bool
    /// Deleted when its last consumer goes. Default `false`.
    public var autoDelete: Bool
    /// Arguments: `x-queue-type`, `x-dead-letter-exchange`, `x-delivery-limit`, `x-message-ttl`, `x-overflow`, …
    public var arguments: AMQPTable

    /// Creates a queue specification.
    ///
    /// - Parameters:
    ///   - name: The queue name.
    ///   - durable: Survives a broker restart.
    ///   - exclusive: Used by this connection only.
    ///   - autoDelete: Deleted when its last consumer goes.
    ///   - arguments: Declare arguments.
    public init(
        _ name: String,
        durable: Bool = true,
        exclusive: Bool = false,
        autoDelete: Bool = false,
        arguments: AMQPTable = [:]
    ) {
        self.name = name
        self.durable = durable
        self.exclusive = exclusive
        self.autoDelete = autoDelete
        self.arguments = arguments
    }

    /// A durable quorum queue (`x-queue-type: quorum`) with the given extra arguments.
    ///
    /// - Parameters:
    ///   - name: The queue name.
    ///   - arguments: Further arguments, e.g. `x-delivery-limit`.
    /// - Returns: The specification.
    public static func quorum(_ name: String, arguments: AMQPTable = [:]) -> AMQPQueueSpec {
        var all = arguments
        all["x-queue-type"] = "quorum"
        return AMQPQueueSpec(name, arguments: all)
    }
}

/// What `queue.declare-ok` reported.
public struct AMQPQueueInfo: Sendable, Hashable {
    /// The queue name (the generated one for a server-named queue).
    public var name: String
    /// Ready messages.
    public var messageCount: Int
    /// Active consumers.
    public var consumerCount: Int
}

/// A binding from a source exchange to a destination queue or exchange.
public struct AMQPBinding: Sendable, Hashable {
    /// The source exchange.
    public var source: String
    /// The destination queue or exchange.
    public var destination: String
    /// The binding key (a pattern for topic exchanges).
    public var routingKey: String
    /// Binding arguments (for headers exchanges).
    public var arguments: AMQPTable

    /// Creates a binding.
    ///
    /// - Parameters:
    ///   - source: The source exchange.
    ///   - destination: The destination queue or exchange.
    ///   - routingKey: The binding key.
    ///   - arguments: Binding arguments.
    public init(source: String, destination: String, routingKey: String, arguments: AMQPTable = [:]) {
        self.source = source
        self.destination = destination
        self.routingKey = routingKey
        self.arguments = arguments
    }
}
