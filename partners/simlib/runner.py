"""The `run` loop shared by the simulators: consume the partner's inbox, answer on its events exchange.

- Reconnects with back-off (0.5 s doubling to 5 s) whenever the broker goes away.
- Publisher confirms: an input is acked only after every answer to it is confirmed (an unroutable or
  nacked answer leaves the input unacked; it is requeued after a pause).
- Idempotent on the input's CloudEvents id and on the payload's transmissionId or requestId (the contracts'
  dedup key at the partner): a seen input is acked and logged as "duplicate", never answered twice. The ids
  come from the journal, so a restart keeps them.
- The control file is re-read before each message; `paused` cancels the consumer until it turns false.
"""

import json
import signal
import sys
import time
import traceback
from dataclasses import dataclass, field

import pika

from simlib import broker
from simlib.cloudevents import continue_traceparent, properties_for, read_event
from simlib.control import seconds
from simlib.journal import DEDUP_KEYS

MAX_BACKOFF = 5.0


@dataclass
class Reply:
    """What a simulator decided for one input: the outcome logged, and the events to publish."""

    outcome: str
    reason: str = None
    subject: str = None
    business: dict = field(default_factory=dict)
    answers: list = field(default_factory=list)  # (type, payload) pairs
    delay: float = 0.0  # seconds to wait before publishing the answers
    later: list = field(default_factory=list)  # (seconds, callable()) run after the ack


def log(message):
    print(f"{time.strftime('%H:%M:%S')} {message}", file=sys.stderr, flush=True)


def parse_payload(event):
    """The JSON `data` as an object, or None."""
    try:
        payload = json.loads(event.data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def dedup_key_of(payload):
    """(key, value) of the payload's dedup key at the partner (transmissionId, requestId), or (None, None)."""
    for key in DEDUP_KEYS:
        value = payload.get(key) if payload else None
        if isinstance(value, str) and value:
            return key, value
    return None, None


class Runner:
    def __init__(self, simulator, parameters, journal, control, binding):
        self.simulator = simulator
        self.parameters = parameters
        self.journal = journal
        self.control = control
        self.binding = binding
        self.stopping = False

    def stop(self, *_):
        self.stopping = True

    def run(self):
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        backoff = 0.5
        while not self.stopping:
            connection = None
            try:
                connection = pika.BlockingConnection(self.parameters)
                backoff = 0.5
                self.serve(connection)
            except (pika.exceptions.AMQPError, OSError, RuntimeError) as error:
                log(f"broker unavailable ({error!r}); retrying in {backoff:.1f} s")
            finally:
                if connection is not None and connection.is_open:
                    try:
                        connection.close()
                    except Exception:  # the connection may die while closing
                        pass
            deadline = time.monotonic() + backoff
            while not self.stopping and time.monotonic() < deadline:
                time.sleep(0.1)
            backoff = min(backoff * 2, MAX_BACKOFF)
        log("stopped")

    def serve(self, connection):
        channel = connection.channel()
        partner = self.simulator.partner
        broker.declare_exchanges(channel, partner)
        queue = broker.declare_inbox(channel, partner, self.simulator.input_types)
        channel.confirm_delivery()
        channel.basic_qos(prefetch_count=1)
        log(f"ready: consuming {queue} on {self.parameters.host}:{self.parameters.port}/{self.parameters.virtual_host}")
        consumer = None
        while not self.stopping:
            settings = self.control.read()
            if settings.get("paused"):
                if consumer is not None:
                    channel.cancel()
                    consumer = None
                    log("paused by the control file")
                connection.sleep(0.5)
                continue
            if consumer is None:
                consumer = channel.consume(queue, inactivity_timeout=0.5)
            try:
                method, properties, body = next(consumer)
            except StopIteration:
                raise RuntimeError("the broker cancelled the consumer") from None
            if method is None:
                continue
            settings = self.control.read()
            if settings.get("paused"):
                channel.basic_reject(method.delivery_tag, requeue=True)
                continue
            self.handle(connection, channel, method, properties, body, settings)
        if consumer is not None:
            channel.cancel()

    def handle(self, connection, channel, method, properties, body, settings):
        self.journal.refresh()  # what send-letter or send-raw appended meanwhile
        event = read_event(properties, body)
        payload = parse_payload(event)
        dedup_key, transmission_id = dedup_key_of(payload)
        traceparent = event.get("traceparent")
        if event.id and self.journal.seen(event.id, transmission_id):
            self.journal.write("received", event.type, event.id, correlationid=event.get("correlationid"),
                               traceparent=traceparent, outcome="duplicate",
                               reason=f"already answered (same CloudEvents id or {dedup_key or 'transmissionId'})")
            channel.basic_ack(method.delivery_tag)
            return
        connection.sleep(seconds(settings, "delayMs"))
        try:
            reply = self.simulator.handle(event, payload, settings, self.journal)
        except Exception as error:  # a malformed input must not stop the loop nor come back forever
            traceback.print_exc()
            reply = Reply("dropped", f"the simulator failed on this input: {error!r}")
        if reply.delay:
            connection.sleep(reply.delay)
        answer_trace = continue_traceparent(traceparent)
        sent = []
        try:
            for answer_type, answer in reply.answers:
                out = properties_for(self.binding, type=answer_type, source=self.simulator.source,
                                     subject=reply.subject, correlationid=event.id, traceparent=answer_trace,
                                     tracestate=event.get("tracestate") if answer_trace else None)
                broker.publish(channel, f"{self.simulator.partner}.events", answer_type,
                               json.dumps(answer, ensure_ascii=False).encode("utf-8"), out)
                sent.append((answer_type, out.message_id))
        except (pika.exceptions.UnroutableError, pika.exceptions.NackError) as error:
            returned = isinstance(error, pika.exceptions.UnroutableError)
            outcome = "unroutable" if returned else "nacked"
            self.journal.write("sent", answer_type, out.message_id, correlationid=event.id, traceparent=answer_trace,
                               outcome=outcome, reason=f"the broker {'returned' if returned else 'nacked'} the answer "
                                                       f"to {event.id}; the input is requeued")
            log(f"answer {answer_type} to {event.id} {outcome}; the input goes back to the queue in {MAX_BACKOFF} s")
            connection.sleep(MAX_BACKOFF)
            channel.basic_nack(method.delivery_tag, requeue=True)
            return
        business = dict(reply.business)
        if transmission_id:
            business.setdefault(dedup_key, transmission_id)
        self.journal.write("received", event.type, event.id, correlationid=event.get("correlationid"),
                           traceparent=traceparent, outcome=reply.outcome, reason=reply.reason,
                           subject=reply.subject, business=business)
        for answer_type, answer_id in sent:
            self.journal.write("sent", answer_type, answer_id, correlationid=event.id, traceparent=answer_trace,
                               outcome="confirmed", subject=reply.subject)
        channel.basic_ack(method.delivery_tag)
        log(f"{event.type} {event.id}: {reply.outcome}{' (' + reply.reason + ')' if reply.reason else ''}")
        for delay, action in reply.later:
            connection.call_later(delay, action)


def publish_once(parameters, partner, routing_key, body, properties, journal=None, reason=None, subject=None,
                 business=None, outcome="confirmed"):
    """One confirmed publish to `<partner>.events` (send-raw, send-letter, send-return); logs it, with `outcome`,
    when a journal is given."""
    connection = pika.BlockingConnection(parameters)
    try:
        channel = connection.channel()
        broker.declare_exchanges(channel, partner)
        channel.confirm_delivery()
        broker.publish(channel, f"{partner}.events", routing_key, body, properties)
    except pika.exceptions.UnroutableError:
        raise SystemExit(f"unroutable: no queue is bound to {partner}.events for {routing_key}") from None
    finally:
        if connection.is_open:
            connection.close()
    if journal is not None:
        headers = properties.headers or {}
        correlationid = (properties.correlation_id or headers.get("ce-correlationid")
                         or headers.get("cloudEvents_correlationid"))
        journal.write("sent", properties.type or routing_key, properties.message_id, correlationid=correlationid,
                      traceparent=headers.get("traceparent") or headers.get("ce-traceparent")
                      or headers.get("cloudEvents_traceparent"), outcome=outcome, reason=reason, subject=subject,
                      business=business)
