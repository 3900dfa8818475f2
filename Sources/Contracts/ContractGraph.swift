/// Who sends which message to whom, drawn as Mermaid or Graphviz DOT (`passerelle contracts graph`).
public struct ContractGraph: Sendable {
    /// One arrow: a sender, a receiver and the message types between them.
    public struct Edge: Sendable, Hashable {
        /// The sending context (or an outside sender such as `portal`).
        public var from: String
        /// The receiving context.
        public var to: String
        /// The message types, sorted.
        public var messages: [String]
    }

    /// The arrows, sorted.
    public let edges: [Edge]
    /// The contexts that have a document.
    public let contexts: [String]
    /// Senders outside the hub.
    public let outside: [String]

    /// Builds the graph of a hub.
    ///
    /// - Parameter hub: The contracts.
    public init(hub: ContractHub) {
        var pairs: [String: [String: Set<String>]] = [:]
        var outside: Set<String> = []
        for message in hub.sortedMessages {
            let senders = message.senders + message.externalSenders
            outside.formUnion(message.externalSenders)
            for sender in senders {
                for receiver in message.receivers {
                    pairs[sender, default: [:]][receiver.context, default: []].insert(message.type)
                }
            }
        }
        self.edges = pairs.flatMap { from, targets in
            targets.map { Edge(from: from, to: $0.key, messages: $0.value.sorted()) }
        }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        self.contexts = hub.documents.keys.sorted()
        self.outside = outside.subtracting(self.contexts).sorted()
    }

    /// A Mermaid flowchart.
    public func mermaid() -> String {
        var text = "flowchart LR\n"
        for context in self.contexts {
            text += "    \(Self.identifier(context))[\(context)]\n"
        }
        for sender in self.outside {
            text += "    \(Self.identifier(sender))([\(sender)])\n"
        }
        for edge in self.edges {
            let label = edge.messages.map { Self.short($0, of: edge.from) }.joined(separator: "<br/>")
            text += "    \(Self.identifier(edge.from)) -->|\"\(label)\"| \(Self.identifier(edge.to))\n"
        }
        return text
    }

    /// A Graphviz DOT digraph.
    public func dot() -> String {
        var text = "digraph passerelle {\n    rankdir=LR;\n    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
        text += "    edge [fontname=\"Helvetica\", fontsize=9];\n"
        for context in self.contexts {
            text += "    \"\(context)\";\n"
        }
        for sender in self.outside {
            text += "    \"\(sender)\" [shape=ellipse, style=dashed];\n"
        }
        for edge in self.edges {
            let label = edge.messages.map { Self.short($0, of: edge.from) }.joined(separator: "\\n")
            text += "    \"\(edge.from)\" -> \"\(edge.to)\" [label=\"\(label)\"];\n"
        }
        return text + "}\n"
    }

    /// A message type without the sender's context prefix when it is the sender's own.
    static func short(_ type: String, of sender: String) -> String {
        type.hasPrefix(sender + ".") ? String(type.dropFirst(sender.count + 1)) : type
    }

    static func identifier(_ name: String) -> String {
        String(name.map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }
}
