import Contracts

extension TopologyDerivation {
    /// Groups the receive operations by queue and resolves each queue's settings.
    func consumerQueues(for messages: [MessageContract]) throws(TopologyError) -> [PendingQueue] {
        var queues: [String: PendingQueue] = [:]
        var order: [String] = []
        for message in messages {
            for receiver in message.receivers {
                let name = receiver.queue?.name ?? "\(receiver.context).\(message.owner)-\(message.kind.rawValue)s"
                var contract = TopologySettings.QueueOverrides()
                if let queue = receiver.queue {
                    contract.deliveryLimit = queue.deliveryLimit
                    contract.prefetch = queue.prefetch
                    if !queue.retryLevels.isEmpty {
                        var levels: [DelayLevel] = []
                        for level in queue.retryLevels {
                            levels.append(try DelayLevel(level))
                        }
                        contract.retryLevels = levels
                    }
                }
                if var existing = queues[name] {
                    guard existing.context == receiver.context else {
                        throw TopologyError(
                            .conflictingQueueSettings,
                            "queue \(name) is received by both \(existing.context) and \(receiver.context)")
                    }
                    if !existing.messages.contains(where: { $0.type == message.type }) {
                        existing.messages.append(message)
                    }
                    queues[name] = existing
                    continue
                }
                let resolved = self.settings.consumerQueues
                    .overridden(by: contract)
                    .overridden(by: self.settings.services[receiver.context])
                    .overridden(by: self.settings.queues[name])
                queues[name] = PendingQueue(
                    name: name, context: receiver.context, settings: resolved, messages: [message])
                order.append(name)
            }
        }
        return order.sorted().compactMap { queues[$0] }
    }

    /// Adds a consumer queue with its bindings, retry ladder, parking queues and policies.
    func addConsumerQueue(_ pending: PendingQueue, to topology: inout BrokerTopology) {
        let queue = pending.resolved
        let retry = Self.retryExchange(pending.context)
        let context = pending.context
        topology.queues.append(
            QueueSpec(
                name: queue.name, arguments: ["x-queue-type": .string(queue.type.rawValue)], role: .consumer,
                context: context))
        for message in pending.messages {
            topology.bindings.append(
                BindingSpec(source: message.exchange, destination: queue.name, routingKey: message.type))
        }
        // The return path from the retry queues, and the parking lots.
        topology.bindings.append(BindingSpec(source: retry, destination: queue.name, routingKey: queue.name))
        let deadLetter = "\(queue.name).dlq"
        let invalid = "\(queue.name).invalid"
        for (name, role) in [(deadLetter, QueueRole.deadLetter), (invalid, .invalid)] {
            topology.queues.append(
                QueueSpec(
                    name: name, arguments: ["x-queue-type": .string(self.settings.parkingQueueType.rawValue)],
                    role: role,
                    context: context, parent: queue.name))
            topology.bindings.append(BindingSpec(source: retry, destination: name, routingKey: name))
            if self.settings.parkingQueueType == .quorum {
                topology.policies.append(
                    self.policy(
                        for: name,
                        definition: [
                            "delivery-limit": .int(queue.deliveryLimit),
                            "dead-letter-exchange": .string(self.settings.unroutable),
                            "dead-letter-strategy": "at-least-once",
                            "overflow": "reject-publish",
                        ]))
            }
        }
        if queue.type == .quorum {
            topology.policies.append(
                self.policy(
                    for: queue.name,
                    definition: [
                        "delivery-limit": .int(queue.deliveryLimit),
                        "dead-letter-exchange": .string(retry),
                        "dead-letter-routing-key": .string(deadLetter),
                        "dead-letter-strategy": "at-least-once",
                        "overflow": "reject-publish",
                    ]))
        } else {
            topology.policies.append(
                self.policy(
                    for: queue.name,
                    definition: [
                        "dead-letter-exchange": .string(retry),
                        "dead-letter-routing-key": .string(deadLetter),
                    ]))
        }
        for level in queue.retryLevels {
            let name = "\(queue.name).retry.\(level.name)"
            topology.queues.append(
                QueueSpec(
                    name: name, arguments: ["x-queue-type": "quorum"], role: .retry, context: context,
                    parent: queue.name))
            topology.bindings.append(
                BindingSpec(source: retry, destination: name, routingKey: "\(queue.name).\(level.name)"))
            topology.policies.append(
                self.policy(
                    for: name,
                    definition: [
                        "message-ttl": .int(level.milliseconds),
                        "delivery-limit": .int(queue.deliveryLimit),
                        "dead-letter-exchange": .string(retry),
                        "dead-letter-routing-key": .string(queue.name),
                        "dead-letter-strategy": "at-least-once",
                        "overflow": "reject-publish",
                    ]))
        }
    }

    /// The policy `passerelle.<queue>` matching exactly that queue.
    func policy(for queue: String, definition: ArgumentTable) -> PolicySpec {
        PolicySpec(
            name: "passerelle.\(queue)", pattern: "^\(PatternText.escape(queue))$",
            priority: self.settings.policyPriority,
            definition: definition)
    }
}

/// Regular-expression helpers for policies and permissions (Erlang `re`, PCRE syntax).
enum PatternText {
    /// `text` with every metacharacter escaped.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) {
                escaped.append("\\")
            }
            escaped.append(character)
        }
        return escaped
    }

    /// `^(a|b)$` for exactly these names, or `^$` (nothing) when there are none.
    static func exactly(_ names: [String]) -> String {
        let unique = Array(Set(names)).sorted()
        guard !unique.isEmpty else { return "^$" }
        if unique.count == 1 { return "^\(Self.escape(unique[0]))$" }
        return "^(" + unique.map(Self.escape).joined(separator: "|") + ")$"
    }
}
