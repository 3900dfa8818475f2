import Contracts

extension TopologyDerivation {
    /// Adds the service user of `context` with least privilege (messaging §10).
    ///
    /// - configure `^$`: the CLI declares everything, services declare nothing;
    /// - write: its own events exchange (when it owns events), its retry exchange (when it consumes),
    ///   and the commands exchange of every context whose commands it sends; never `amq.default`;
    /// - read: exactly its consumer queues;
    /// - topic permission on its events exchange: routing keys must start with `<context>.`.
    func addUser(
        for context: String, messages: [MessageContract], queues: [PendingQueue], to topology: inout BrokerTopology
    ) {
        let user = self.userName(context)
        var writable: [String] = []
        var ownEvents: String?
        for message in messages {
            switch message.kind {
            case .event where message.owner == context:
                writable.append(message.exchange)
                ownEvents = message.exchange
            case .command where message.owner != context:
                if message.senders.contains(context) || message.externalSenders.contains(context) {
                    writable.append(message.exchange)
                }
            default:
                break
            }
        }
        let own = queues.filter { $0.context == context }
        if !own.isEmpty {
            writable.append(Self.retryExchange(context))
        }
        topology.users.append(UserSpec(name: user, context: context))
        topology.permissions.append(
            PermissionSpec(
                user: user, configure: "^$", write: PatternText.exactly(writable),
                read: PatternText.exactly(own.map(\.name))))
        if let ownEvents {
            topology.topicPermissions.append(
                TopicPermissionSpec(
                    user: user, exchange: ownEvents, write: "^\(PatternText.escape(context))\\.", read: "^$"))
        }
    }
}
