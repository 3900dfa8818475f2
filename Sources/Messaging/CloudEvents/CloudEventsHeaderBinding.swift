/// Which header names carry a CloudEvent's attributes in an AMQP 0-9-1 message (binary content mode).
///
/// The hub writes ``amqp``. A partner built on a CloudEvents SDK's RabbitMQ binding (the knative
/// eventing-rabbitmq convention) reads and writes ``ce``. ``CloudEventAMQPMapping/event(properties:body:)``
/// reads both, so only a writer has to choose: ``CloudEventAMQPMapping/properties(for:binding:headers:)`` for a
/// new message, ``CloudEventAMQPMapping/rewrite(_:to:)`` for one that crosses from one side to the other.
///
/// | Attribute | ``amqp`` | ``ce`` |
/// |---|---|---|
/// | `id`, `source`, `type`, `specversion`, `time`, `subject`, `dataschema`, `datacontenttype`, extensions | `cloudEvents_<name>` | `ce-<name>` |
/// | `traceparent`, `tracestate` | `traceparent`, `tracestate` | `traceparent`, `tracestate` and `ce-traceparent`, `ce-tracestate` |
///
/// The unprefixed trace headers are written in both bindings because W3C propagators read them there; the
/// ``ce`` binding also carries them as `ce-` extension attributes, which is where CloudEvents SDKs look.
public enum CloudEventsHeaderBinding: String, Sendable, Hashable, CaseIterable {
    /// The CloudEvents AMQP binding as RabbitMQ maps it to AMQP 1.0 application properties:
    /// `cloudEvents_<name>`. The hub's default.
    case amqp
    /// The RabbitMQ binding of the CloudEvents SDKs (knative eventing-rabbitmq): `ce-<name>`, e.g. `ce-id`,
    /// `ce-source`, `ce-type`, `ce-specversion`, `ce-traceparent`.
    case ce

    /// The prefix of every CloudEvents header in this binding: `cloudEvents_` or `ce-`.
    public var prefix: String {
        switch self {
        case .amqp: "cloudEvents_"
        case .ce: "ce-"
        }
    }

    /// Whether this binding also writes the W3C trace headers as prefixed extension attributes.
    var prefixesTraceContext: Bool { self == .ce }
}
