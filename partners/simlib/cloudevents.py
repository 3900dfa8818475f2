"""CloudEvents 1.0 in AMQP 0-9-1 binary mode: the body is the JSON `data`, the attributes are headers.

Two header conventions: the AMQP binding's `cloudEvents_` prefix ("amqp") and the knative/SDK RabbitMQ
`ce-` prefix ("ce"). Both are read, along with `cloudEvents:` and `ce_`, and unprefixed `traceparent` /
`tracestate` (W3C propagators). Written: the chosen prefix, and the trace context both prefixed (CloudEvents
distributed-tracing extension) and unprefixed.
"""

import datetime
import re
import secrets
import uuid
from dataclasses import dataclass, field

import pika

WRITE_PREFIXES = {"ce": "ce-", "amqp": "cloudEvents_"}
READ_PREFIXES = ("cloudEvents_", "cloudEvents:", "ce-", "ce_")
TRACE_HEADERS = ("traceparent", "tracestate")
_TRACEPARENT = re.compile(r"^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$")


@dataclass
class InboundEvent:
    """A received CloudEvent; `attributes` holds every attribute but `data` (extensions included)."""

    attributes: dict
    data: bytes
    binding: str = "amqp"
    problems: list = field(default_factory=list)

    @property
    def id(self):
        return self.attributes.get("id")

    @property
    def type(self):
        return self.attributes.get("type")

    def get(self, name):
        return self.attributes.get(name)


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value if value is None or isinstance(value, str) else str(value)


def read_event(properties, body):
    """Reads the attributes from headers (any accepted prefix), falling back on the AMQP properties."""
    attributes, binding, problems = {}, None, []
    for key, value in (properties.headers or {}).items():
        if key in TRACE_HEADERS:
            attributes.setdefault(key, _text(value))
            continue
        prefix = next((p for p in READ_PREFIXES if key.startswith(p)), None)
        if prefix is None:
            continue
        binding = binding or ("ce" if prefix.startswith("ce") else "amqp")
        name = key[len(prefix):]
        if not re.fullmatch(r"[a-z0-9]{1,20}", name):
            problems.append(f"header {key}: attribute names are lower-case letters and digits")
            continue
        attributes[name] = _text(value)  # a prefixed trace header wins over the unprefixed one
    fallbacks = {"id": properties.message_id, "type": properties.type, "correlationid": properties.correlation_id,
                 "datacontenttype": properties.content_type}
    for name, value in fallbacks.items():
        if not attributes.get(name) and value:
            attributes[name] = value
    for required in ("id", "type", "source", "specversion"):
        if not attributes.get(required):
            problems.append(f"CloudEvents attribute {required} is missing")
    if attributes.get("specversion") not in (None, "1.0"):
        problems.append(f"specversion must be 1.0, got {attributes['specversion']}")
    return InboundEvent(attributes, body or b"", binding or "amqp", problems)


def now_rfc3339():
    """UTC, milliseconds, Z: 2026-05-06T07:31:40.000Z."""
    now = datetime.datetime.now(datetime.timezone.utc)
    return now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"


def new_id():
    return str(uuid.uuid4())


def continue_traceparent(traceparent):
    """The W3C trace context of a message caused by one carrying `traceparent`: same trace id and flags,
    a new parent (span) id. None when `traceparent` is absent or invalid (a new trace is then not forced)."""
    match = _TRACEPARENT.match(traceparent or "")
    if not match:
        return None
    version, trace_id, parent_id, flags, rest = match.groups()
    if version == "ff" or (version == "00" and rest) or set(trace_id) == {"0"} or set(parent_id) == {"0"}:
        return None
    return f"00-{trace_id}-{_span_id()}-{flags}"


def new_traceparent():
    return f"00-{secrets.token_hex(16)}-{_span_id()}-01"


def _span_id():
    while True:
        span = secrets.token_hex(8)
        if span != "0" * 16:
            return span


def properties_for(binding, *, type, source, id=None, subject=None, correlationid=None, traceparent=None,
                   tracestate=None, extra_headers=None):
    """AMQP properties of an outgoing event (persistent, JSON) in binding "ce" or "amqp"."""
    prefix = WRITE_PREFIXES[binding]
    id = id or new_id()
    time = now_rfc3339()
    attributes = {"specversion": "1.0", "id": id, "source": source, "type": type, "time": time,
                  "subject": subject, "correlationid": correlationid, "traceparent": traceparent,
                  "tracestate": tracestate}
    headers = {prefix + name: value for name, value in attributes.items() if value is not None}
    for name in TRACE_HEADERS:
        if attributes[name]:
            headers[name] = attributes[name]
    headers.update(extra_headers or {})
    timestamp = int(datetime.datetime.now(datetime.timezone.utc).timestamp())
    return pika.BasicProperties(
        content_type="application/json", delivery_mode=2, message_id=id, type=type,
        correlation_id=correlationid, timestamp=timestamp, headers=headers)
