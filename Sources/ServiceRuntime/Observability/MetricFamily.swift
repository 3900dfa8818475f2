import Prometheus

/// The metric families the runtime records: name, unit suffix and help text, declared in one place.
enum MetricFamily: Hashable, Sendable {
    case handled
    case failed
    case retried
    case parked
    case duplicates
    case handlerDuration
    case outboxLag
    case outboxDepth
    case confirmLatency
    case relayed
    case circuitOpen

    /// The full name, as it appears in the exposition (for example `passerelle_messages_handled_total`).
    var name: String { self.descriptor.name }

    /// The registry descriptor: namespace `passerelle`, the base name, the unit and the help text.
    var descriptor: MetricNameDescriptor {
        switch self {
        case .handled:
            Self.make("messages_handled", "total", "Messages whose handler succeeded.")
        case .failed:
            Self.make("messages_failed", "total", "Messages whose handler failed.")
        case .retried:
            Self.make("messages_retried", "total", "Retries, by level (in-process or a broker delay level).")
        case .parked:
            Self.make("messages_parked", "total", "Messages parked, by reason (failed, invalid, delivery-limit).")
        case .duplicates:
            Self.make("inbox_duplicates", "total", "Deliveries skipped because the inbox had already processed them.")
        case .handlerDuration:
            Self.make("handler_duration", "seconds", "Handler run time.")
        case .outboxLag:
            Self.make("outbox_lag", "seconds", "Age of the oldest unsent outbox row.")
        case .outboxDepth:
            Self.make("outbox_depth", "", "Outbox rows waiting to be relayed.")
        case .confirmLatency:
            Self.make("confirm_latency", "seconds", "Time from publish to broker confirm.")
        case .relayed:
            Self.make("outbox_relayed", "total", "Outbox rows relayed and confirmed.")
        case .circuitOpen:
            Self.make("consumer_circuit_open", "", "1 while the consumer circuit breaker is open, else 0.")
        }
    }

    private static func make(_ base: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "passerelle", metricName: base, unitName: unit, helpText: help)
    }
}
