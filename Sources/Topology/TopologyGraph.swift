import Foundation

/// Draws a topology's exchanges, queues and bindings as Mermaid or Graphviz DOT.
public struct TopologyGraph: Sendable {
    public var topology: BrokerTopology

    public init(topology: BrokerTopology) {
        self.topology = topology
    }

    /// A Mermaid `flowchart LR`: exchanges as hexagons, queues as rectangles, bindings labelled with their key.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        var ids: [String: String] = [:]
        func id(_ name: String, _ prefix: String) -> String {
            if let existing = ids[prefix + name] { return existing }
            let new = "\(prefix)\(ids.count)"
            ids[prefix + name] = new
            return new
        }
        for exchange in self.topology.exchanges {
            lines.append("    \(id(exchange.name, "x")){{\"\(exchange.name)<br/>\(exchange.type)\"}}")
        }
        for queue in self.topology.queues {
            lines.append(
                "    \(id(queue.name, "q"))[\"\(queue.name)<br/>\(queue.effectiveArguments["x-queue-type"] ?? "classic")\"]"
            )
        }
        for binding in self.topology.bindings {
            let destination = id(binding.destination, binding.destinationType == "exchange" ? "x" : "q")
            let label = binding.routingKey.isEmpty ? "" : "|\"\(binding.routingKey)\"|"
            lines.append("    \(id(binding.source, "x")) -->\(label) \(destination)")
        }
        for exchange in self.topology.exchanges {
            if case .string(let alternate)? = exchange.arguments["alternate-exchange"] {
                lines.append("    \(id(exchange.name, "x")) -.->|unroutable| \(id(alternate, "x"))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A Graphviz digraph: exchanges as diamonds, queues as boxes.
    public func dot() -> String {
        func quote(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["digraph topology {", "    rankdir=LR;", "    node [fontname=\"Helvetica\", fontsize=10];"]
        for exchange in self.topology.exchanges {
            lines.append(
                "    \(quote("x:" + exchange.name)) [label=\(quote(exchange.name + "\n" + exchange.type)), shape=diamond];"
            )
        }
        for queue in self.topology.queues {
            let type = queue.effectiveArguments["x-queue-type"]?.description ?? "classic"
            lines.append("    \(quote("q:" + queue.name)) [label=\(quote(queue.name + "\n" + type)), shape=box];")
        }
        for binding in self.topology.bindings {
            let destination = (binding.destinationType == "exchange" ? "x:" : "q:") + binding.destination
            lines.append(
                "    \(quote("x:" + binding.source)) -> \(quote(destination)) [label=\(quote(binding.routingKey)), fontsize=8];"
            )
        }
        for exchange in self.topology.exchanges {
            if case .string(let alternate)? = exchange.arguments["alternate-exchange"] {
                lines.append(
                    "    \(quote("x:" + exchange.name)) -> \(quote("x:" + alternate)) [style=dashed, label=\"unroutable\"];"
                )
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
