"""CloudEvents in AMQP headers, both conventions, and the W3C trace context carried on."""

import unittest

import pika

import support  # noqa: F401  (import paths)
from simlib.cloudevents import continue_traceparent, properties_for, read_event

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class ReadTests(unittest.TestCase):
    def test_reads_the_amqp_binding(self):
        properties = pika.BasicProperties(headers={
            "cloudEvents_id": "a", "cloudEvents_type": "t.v1", "cloudEvents_source": "/s",
            "cloudEvents_specversion": "1.0", "cloudEvents_correlationid": "c", "traceparent": TRACE})
        event = read_event(properties, b"{}")
        self.assertEqual((event.id, event.type, event.get("correlationid"), event.get("traceparent")),
                         ("a", "t.v1", "c", TRACE))
        self.assertEqual((event.binding, event.problems), ("amqp", []))

    def test_reads_the_ce_convention_and_the_older_separators(self):
        for prefix, binding in (("ce-", "ce"), ("ce_", "ce"), ("cloudEvents:", "amqp")):
            headers = {f"{prefix}{name}": value for name, value in
                       {"id": "a", "type": "t.v1", "source": "/s", "specversion": "1.0", "traceparent": TRACE}.items()}
            event = read_event(pika.BasicProperties(headers=headers), b"")
            self.assertEqual((event.id, event.get("traceparent"), event.binding, event.problems),
                             ("a", TRACE, binding, []), prefix)

    def test_falls_back_on_the_amqp_properties(self):
        properties = pika.BasicProperties(message_id="m", type="t.v1", correlation_id="c",
                                          headers={"ce-source": "/s", "ce-specversion": "1.0"})
        event = read_event(properties, b"")
        self.assertEqual((event.id, event.type, event.get("correlationid")), ("m", "t.v1", "c"))

    def test_reports_missing_attributes_and_bytes_values(self):
        event = read_event(pika.BasicProperties(headers={"ce-id": b"a", "ce-specversion": "0.3"}), b"")
        self.assertEqual(event.id, "a")
        self.assertIn("CloudEvents attribute source is missing", event.problems)
        self.assertIn("specversion must be 1.0, got 0.3", event.problems)


class WriteTests(unittest.TestCase):
    def test_ce_binding_headers_and_properties(self):
        properties = properties_for("ce", type="p.v1", source="/partner/prefecture", subject="S",
                                    correlationid="req", traceparent=TRACE)
        headers = properties.headers
        self.assertEqual(headers["ce-type"], "p.v1")
        self.assertEqual(headers["ce-specversion"], "1.0")
        self.assertEqual(headers["ce-correlationid"], "req")
        self.assertEqual(headers["ce-traceparent"], TRACE)
        self.assertEqual(headers["traceparent"], TRACE)
        self.assertRegex(headers["ce-time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual((properties.message_id, properties.type, properties.content_type, properties.delivery_mode,
                          properties.correlation_id), (headers["ce-id"], "p.v1", "application/json", 2, "req"))
        self.assertFalse(any(key.startswith("cloudEvents_") for key in headers))

    def test_amqp_binding_headers(self):
        headers = properties_for("amqp", type="t.v1", source="/partner/treasury").headers
        self.assertEqual(sorted(headers), ["cloudEvents_id", "cloudEvents_source", "cloudEvents_specversion",
                                           "cloudEvents_time", "cloudEvents_type"])

    def test_written_events_read_back(self):
        properties = properties_for("amqp", type="t.v1", source="/s", correlationid="c", traceparent=TRACE)
        event = read_event(properties, b"")
        self.assertEqual((event.type, event.get("correlationid"), event.get("traceparent"), event.problems),
                         ("t.v1", "c", TRACE, []))


class TraceContextTests(unittest.TestCase):
    def test_same_trace_new_parent_same_flags(self):
        continued = continue_traceparent(TRACE)
        version, trace_id, parent_id, flags = continued.split("-")
        self.assertEqual((version, trace_id, flags), ("00", "4bf92f3577b34da6a3ce929d0e0e4736", "01"))
        self.assertRegex(parent_id, r"^[0-9a-f]{16}$")
        self.assertNotEqual(parent_id, "00f067aa0ba902b7")
        self.assertNotEqual(continue_traceparent(TRACE), continued)

    def test_invalid_contexts_are_not_carried_on(self):
        for value in (None, "", "garbage", "00-" + "0" * 32 + "-00f067aa0ba902b7-01",
                      "00-4bf92f3577b34da6a3ce929d0e0e4736-" + "0" * 16 + "-01",
                      "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", TRACE.upper(), TRACE + "-extra"):
            self.assertIsNone(continue_traceparent(value), value)

    def test_a_future_version_keeps_its_trace(self):
        continued = continue_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more")
        self.assertTrue(continued.startswith("00-4bf92f3577b34da6a3ce929d0e0e4736-"))
        self.assertTrue(continued.endswith("-00"))


if __name__ == "__main__":
    unittest.main()
