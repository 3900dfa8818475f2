import Contracts

extension TopologyDerivation {
    /// Adds what the bridge of `partner` needs on the hub: the quarantine (a fanout exchange and a classic
    /// queue, `bridge.<partner>.quarantine`) and the bridge's user, `svc-<partner>`, with least privilege:
    ///
    /// - configure `^$`;
    /// - write: the partner's events exchange (what the partner publishes reaches the hub there) and the
    ///   quarantine exchange;
    /// - read: the partner's consumer queues (`bridge.<partner>.outbound`) and the quarantine;
    /// - topic permission on the events exchange: routing keys must start with `<partner>.`.
    func addBridge(
        for partner: String, messages: [MessageContract], queues: [PendingQueue], to topology: inout BrokerTopology
    ) {
        let quarantine = PartnerBridgeSettings.quarantine(partner)
        topology.exchanges.append(ExchangeSpec(name: quarantine, type: "fanout"))
        topology.queues.append(QueueSpec(name: quarantine, arguments: ["x-queue-type": "classic"], role: .quarantine))
        topology.bindings.append(BindingSpec(source: quarantine, destination: quarantine, routingKey: ""))
        let events = Set(messages.filter { $0.owner == partner && $0.kind == .event }.map(\.exchange)).sorted()
        let user = self.userName(partner)
        topology.users.append(UserSpec(name: user, context: partner))
        let own = queues.filter { $0.context == partner }.map(\.name)
        topology.permissions.append(
            PermissionSpec(
                user: user, configure: "^$", write: PatternText.exactly(events + [quarantine]),
                read: PatternText.exactly(own + [quarantine])))
        for exchange in events {
            topology.topicPermissions.append(
                TopicPermissionSpec(user: user, exchange: exchange, write: "^\(PatternText.escape(partner))\\.", read: "^$"))
        }
    }
}
