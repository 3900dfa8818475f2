/// The counters `GET /api/queues/<vhost>` gives for one queue.
public struct QueueStatistics: Sendable, Hashable, Decodable {
    public struct Rates: Sendable, Hashable, Decodable {
        public struct Rate: Sendable, Hashable, Decodable {
            public var rate: Double
        }

        public var publishDetails: Rate?
        public var deliverGetDetails: Rate?

        enum CodingKeys: String, CodingKey {
            case publishDetails = "publish_details"
            case deliverGetDetails = "deliver_get_details"
        }
    }

    public var name: String
    public var messages: Int?
    public var messagesReady: Int?
    public var messagesUnacknowledged: Int?
    public var consumers: Int?
    public var messageStats: Rates?

    public init(name: String, messages: Int, ready: Int, unacknowledged: Int, consumers: Int) {
        self.name = name
        self.messages = messages
        self.messagesReady = ready
        self.messagesUnacknowledged = unacknowledged
        self.consumers = consumers
    }

    enum CodingKeys: String, CodingKey {
        case name, messages, consumers
        case messagesReady = "messages_ready"
        case messagesUnacknowledged = "messages_unacknowledged"
        case messageStats = "message_stats"
    }
}

/// One consumer queue's health, with its retry and parking queues summed.
public struct ServiceStatus: Sendable, Hashable, Encodable {
    public var service: String
    public var queue: String
    /// Whether the queue exists on the broker.
    public var present: Bool
    public var ready: Int
    public var unacknowledged: Int
    public var consumers: Int
    public var publishRate: Double
    public var deliverRate: Double
    /// Messages waiting in the retry delay queues.
    public var retrying: Int
    /// Messages in `.dlq`.
    public var deadLettered: Int
    /// Messages in `.invalid`.
    public var invalid: Int

    /// One row per consumer queue of `topology`, plus one for the unroutable queue.
    ///
    /// - Parameters:
    ///   - topology: The desired topology.
    ///   - statistics: The live counters.
    /// - Returns: The rows, by service then queue.
    public static func rows(for topology: BrokerTopology, statistics: [QueueStatistics]) -> [ServiceStatus] {
        let byName = Dictionary(statistics.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func depth(_ name: String) -> Int { byName[name]?.messages ?? 0 }
        var rows: [ServiceStatus] = []
        for service in topology.services {
            for queue in service.queues {
                let stats = byName[queue.name]
                let retry = topology.queues.filter { $0.role == .retry && $0.parent == queue.name }.map {
                    depth($0.name)
                }
                rows.append(
                    ServiceStatus(
                        service: service.context, queue: queue.name, present: stats != nil,
                        ready: stats?.messagesReady ?? 0, unacknowledged: stats?.messagesUnacknowledged ?? 0,
                        consumers: stats?.consumers ?? 0,
                        publishRate: stats?.messageStats?.publishDetails?.rate ?? 0,
                        deliverRate: stats?.messageStats?.deliverGetDetails?.rate ?? 0,
                        retrying: retry.reduce(0, +), deadLettered: depth("\(queue.name).dlq"),
                        invalid: depth("\(queue.name).invalid")
                    ))
            }
        }
        if let unroutable = topology.queues.first(where: { $0.role == .unroutable }) {
            let stats = byName[unroutable.name]
            rows.append(
                ServiceStatus(
                    service: "-", queue: unroutable.name, present: stats != nil, ready: stats?.messagesReady ?? 0,
                    unacknowledged: stats?.messagesUnacknowledged ?? 0, consumers: stats?.consumers ?? 0,
                    publishRate: stats?.messageStats?.publishDetails?.rate ?? 0,
                    deliverRate: stats?.messageStats?.deliverGetDetails?.rate ?? 0, retrying: 0, deadLettered: 0,
                    invalid: 0))
        }
        return rows
    }
}
