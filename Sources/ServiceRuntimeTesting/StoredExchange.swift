import Messaging

/// An exchange of the in-memory broker: its type, alternate exchange and bindings.
struct StoredExchange: Sendable {
    /// A binding from this exchange to a queue or to another exchange.
    struct Binding: Sendable, Hashable {
        var destination: String
        var toExchange: Bool
        var routingKey: String
    }

    var name: String
    var type: AMQPExchangeType
    var alternateExchange: String?
    var bindings: [Binding] = []

    /// The bindings a message with `routingKey` matches, in binding order. A headers exchange matches
    /// nothing (the in-memory broker does not implement header matching).
    func matches(_ routingKey: String) -> [Binding] {
        switch self.type {
        case .fanout:
            return self.bindings
        case .direct:
            return self.bindings.filter { $0.routingKey == routingKey }
        case .topic:
            let words = routingKey.split(separator: ".", omittingEmptySubsequences: false)
            return self.bindings.filter { binding in
                let pattern = binding.routingKey.split(separator: ".", omittingEmptySubsequences: false)
                return Self.topicMatches(pattern[...], words[...])
            }
        default:
            return []
        }
    }

    /// AMQP topic matching: `*` stands for exactly one word, `#` for zero or more words.
    static func topicMatches(_ pattern: ArraySlice<Substring>, _ words: ArraySlice<Substring>) -> Bool {
        guard let head = pattern.first else {
            return words.isEmpty
        }
        if head == "#" {
            let rest = pattern.dropFirst()
            if rest.isEmpty {
                return true
            }
            var remaining = words
            while true {
                if self.topicMatches(rest, remaining) {
                    return true
                }
                guard !remaining.isEmpty else {
                    return false
                }
                remaining = remaining.dropFirst()
            }
        }
        guard let word = words.first, head == "*" || head == word else {
            return false
        }
        return self.topicMatches(pattern.dropFirst(), words.dropFirst())
    }
}
