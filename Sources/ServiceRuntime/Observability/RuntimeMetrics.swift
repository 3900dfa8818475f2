import Metrics
public import Prometheus
import Synchronization

/// The metrics of one service's runtime, recorded into a Prometheus registry that this instance owns.
///
/// Every metric carries the label `service`. Counters and histograms that take a message type (and a
/// retry level or a park reason) are created on first use and then cached per label set, so the hot
/// path costs one lock and one dictionary lookup.
///
/// The instance does not depend on `MetricsSystem.bootstrap`: tests may create many runtimes in one
/// process, each with its own registry. A service's `@main` may call ``bootstrapMetricsSystem()`` so
/// that libraries recording through swift-metrics land in the same registry.
///
/// > Note: Every method is thread-safe and may be called from any thread or task.
public final class RuntimeMetrics: Sendable {
    /// The value of the `service` label on every metric.
    public let service: String
    /// The registry the metrics are recorded into; ``exposition()`` renders it.
    public let registry: PrometheusCollectorRegistry

    private let counters = Mutex<[SeriesKey: Prometheus.Counter]>([:])
    private let refusals = Mutex<[[String]: Prometheus.Counter]>([:])
    private let handlerDurations = Mutex<[String: DurationHistogram]>([:])
    private let outboxLag: Prometheus.Gauge
    private let outboxDepth: Prometheus.Gauge
    private let circuit: Prometheus.Gauge
    private let relayedMessages: Prometheus.Counter
    private let confirmLatencies: DurationHistogram

    /// The histogram buckets of the handler duration and the confirm latency: 1 ms to 10 s.
    public static let durationBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Creates the metrics of one service, with a registry of their own.
    ///
    /// - Parameter service: The service name, the value of the `service` label.
    public init(service: String) {
        let registry = PrometheusCollectorRegistry()
        let labels = [("service", service)]
        self.service = service
        self.registry = registry
        self.outboxLag = registry.makeGauge(descriptor: MetricFamily.outboxLag.descriptor, labels: labels)
        self.outboxDepth = registry.makeGauge(descriptor: MetricFamily.outboxDepth.descriptor, labels: labels)
        self.circuit = registry.makeGauge(descriptor: MetricFamily.circuitOpen.descriptor, labels: labels)
        self.relayedMessages = registry.makeCounter(descriptor: MetricFamily.relayed.descriptor, labels: labels)
        self.confirmLatencies = registry.makeDurationHistogram(
            descriptor: MetricFamily.confirmLatency.descriptor,
            labels: labels,
            buckets: Self.durationBuckets
        )
    }

    /// Counts a message whose handler succeeded (`passerelle_messages_handled_total`).
    ///
    /// - Parameter type: The message type (CloudEvents `type`).
    public func handled(type: String) {
        self.counter(.handled, [("type", type)]).increment()
    }

    /// Counts a message whose handler failed (`passerelle_messages_failed_total`).
    ///
    /// - Parameter type: The message type.
    public func failed(type: String) {
        self.counter(.failed, [("type", type)]).increment()
    }

    /// Counts a retry (`passerelle_messages_retried_total`).
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - level: `in-process`, or the name of the broker delay level (for example `5s`).
    public func retried(type: String, level: String) {
        self.counter(.retried, [("type", type), ("level", level)]).increment()
    }

    /// Counts a parked message (`passerelle_messages_parked_total`).
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - reason: `failed`, `invalid` or `delivery-limit`.
    public func parked(type: String, reason: String) {
        self.counter(.parked, [("type", type), ("reason", reason)]).increment()
    }

    /// The family of ``republishRefused(queue:path:)``: `passerelle_republish_refused_total`.
    static var republishRefusedDescriptor: MetricNameDescriptor {
        MetricNameDescriptor(
            namespace: "passerelle", metricName: "republish_refused", unitName: "total",
            helpText: "Copies of a delivery the broker refused (nack, return, channel error), by queue and path (retry or parking).")
    }

    /// Counts one refused publish of the consumer's own copy of a delivery
    /// (`passerelle_republish_refused_total`): every refused attempt counts, the first and each retry.
    ///
    /// - Parameters:
    ///   - queue: The consumer queue the delivery came from.
    ///   - path: `retry` (a delay level) or `parking` (`.dlq` or `.invalid`).
    public func republishRefused(queue: String, path: String) {
        let counter = self.refusals.withLock { cache in
            if let existing = cache[[queue, path]] {
                return existing
            }
            let created = self.registry.makeCounter(
                descriptor: Self.republishRefusedDescriptor,
                labels: [("service", self.service), ("queue", queue), ("path", path)])
            cache[[queue, path]] = created
            return created
        }
        counter.increment()
    }

    /// Counts a delivery the inbox recognised as already processed (`passerelle_inbox_duplicates_total`).
    ///
    /// - Parameter type: The message type.
    public func duplicateSkipped(type: String) {
        self.counter(.duplicates, [("type", type)]).increment()
    }

    /// Records how long a handler ran (`passerelle_handler_duration_seconds`).
    ///
    /// - Parameters:
    ///   - type: The message type.
    ///   - duration: The handler's run time.
    public func handlerDuration(type: String, _ duration: Duration) {
        let histogram = self.handlerDurations.withLock { cache in
            if let existing = cache[type] {
                return existing
            }
            let created = self.registry.makeDurationHistogram(
                descriptor: MetricFamily.handlerDuration.descriptor,
                labels: [("service", self.service), ("type", type)],
                buckets: Self.durationBuckets
            )
            cache[type] = created
            return created
        }
        histogram.record(duration)
    }

    /// Sets the outbox gauges (`passerelle_outbox_lag_seconds`, `passerelle_outbox_depth`).
    ///
    /// - Parameters:
    ///   - lag: The age of the oldest unsent row (zero when the outbox is empty).
    ///   - depth: How many rows wait to be relayed.
    public func outbox(lag: Duration, depth: Int) {
        self.outboxLag.set(lag.secondsAsDouble)
        self.outboxDepth.set(Double(depth))
    }

    /// Records the time between a publish and its broker confirm (`passerelle_confirm_latency_seconds`).
    ///
    /// - Parameter duration: The publish-to-confirm time.
    public func confirmLatency(_ duration: Duration) {
        self.confirmLatencies.record(duration)
    }

    /// Counts outbox rows relayed to the broker (`passerelle_outbox_relayed_total`).
    ///
    /// - Parameter count: How many rows were confirmed and marked sent; zero or less records nothing.
    public func relayed(count: Int) {
        guard count > 0 else { return }
        self.relayedMessages.increment(by: Int64(count))
    }

    /// Sets the consumer circuit gauge (`passerelle_consumer_circuit_open`): 1 when open, 0 when closed.
    ///
    /// - Parameter open: Whether the circuit breaker stopped consumption.
    public func circuitOpen(_ open: Bool) {
        self.circuit.set(open ? 1.0 : 0.0)
    }

    /// Renders every metric of the registry in the Prometheus text exposition format (version 0.0.4).
    ///
    /// - Returns: The exposition text, as served on `GET /metrics`.
    public func exposition() -> String {
        self.registry.emitToString()
    }

    /// Bootstraps swift-metrics with a Prometheus factory over this instance's registry, so metrics
    /// recorded through the swift-metrics API (by Hummingbird or other libraries) appear in ``exposition()``.
    ///
    /// > Warning: Call this at most once per process, from a service's `@main` only, never in a test:
    /// > swift-metrics stops the process on a second bootstrap.
    public func bootstrapMetricsSystem() {
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: self.registry))
    }

    private func counter(_ family: MetricFamily, _ labels: [(String, String)]) -> Prometheus.Counter {
        let key = SeriesKey(family: family, values: labels.map(\.1))
        return self.counters.withLock { cache in
            if let existing = cache[key] {
                return existing
            }
            let created = self.registry.makeCounter(
                descriptor: family.descriptor,
                labels: [("service", self.service)] + labels
            )
            cache[key] = created
            return created
        }
    }
}

/// One cached series: a metric family and its label values, in declaration order after `service`.
private struct SeriesKey: Hashable, Sendable {
    var family: MetricFamily
    var values: [String]
}
