"""The simulators against the real partner node of scripts/infra: the test plays the hub's bridge (users
hub-prefecture / hub-treasury), publishes the contracts' example transmissions to <partner>.commands and reads
the answers from its own temporary queue bridge.<partner>.e2e-… bound to <partner>.events.

Skipped when PASSERELLE_PARTNER_AMQP_PORT is unset and nothing listens on 127.0.0.1:5682.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import unittest
import urllib.request

import pika

import support
from simlib import broker
from prefecture.actes_rules import paris_date
from simlib.cloudevents import new_id, new_traceparent, now_rfc3339, properties_for

PORT = int(os.environ.get("PASSERELLE_PARTNER_AMQP_PORT") or broker.DEFAULT_PORT)
MANAGEMENT_PORT = int(os.environ.get("PASSERELLE_PARTNER_MANAGEMENT_PORT") or 15682)


def setUpModule():
    try:
        socket.create_connection(("127.0.0.1", PORT), timeout=2).close()
    except OSError:
        if not os.environ.get("PASSERELLE_PARTNER_AMQP_PORT"):
            raise unittest.SkipTest("partner broker not running: PASSERELLE_PARTNER_AMQP_PORT is unset and nothing "
                                    "listens on 127.0.0.1:5682 (scripts/infra up starts it)")
        raise AssertionError(f"PASSERELLE_PARTNER_AMQP_PORT={PORT} is set but nothing listens there")


class Hub:
    """The hub's side of the partner vhost: publishes commands, collects the partner's events."""

    def __init__(self, partner):
        self.partner = partner
        parameters = broker.parameters(f"amqp://localhost:{PORT}/{partner}", f"hub-{partner}", f"hub-{partner}",
                                       name=f"partners e2e test as hub-{partner}")
        self.connection = pika.BlockingConnection(parameters)
        self.channel = self.connection.channel()
        broker.declare_exchanges(self.channel, partner)
        self.queue = f"bridge.{partner}.e2e-{secrets.token_hex(4)}"
        self.channel.queue_declare(self.queue, exclusive=True, auto_delete=True)
        self.channel.queue_bind(self.queue, f"{partner}.events", routing_key="#")
        self.channel.confirm_delivery()

    def close(self):
        if self.connection.is_open:
            self.connection.close()

    def publish(self, type, payload, id=None, traceparent=None, timeout=30):
        """Publishes like the hub (cloudEvents_ headers); retries while no queue takes it (the simulator's
        inbox not bound yet). Returns the CloudEvents id."""
        properties = properties_for("amqp", id=id or new_id(), type=type, source="/passerelle/documents",
                                    traceparent=traceparent)
        deadline = time.monotonic() + timeout
        while True:
            try:
                broker.publish(self.channel, f"{self.partner}.commands", type, json.dumps(payload).encode(), properties)
                return properties.message_id
            except pika.exceptions.UnroutableError:
                if time.monotonic() > deadline:
                    raise
                self.connection.sleep(0.2)

    def message(self, message_id, timeout=20):
        """The (properties, payload) of the event whose id is `message_id` (a letter has no correlation), or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            method, properties, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.1)
            elif properties.message_id == message_id:
                return properties, json.loads(body)
        return None

    def answers(self, correlationid, timeout=20, count=1):
        """The (properties, payload) of the events correlated to `correlationid`, once `count` came or at the
        timeout."""
        found, deadline = [], time.monotonic() + timeout
        while len(found) < count and time.monotonic() < deadline:
            method, properties, body = self.channel.basic_get(self.queue, auto_ack=True)
            if method is None:
                self.connection.sleep(0.1)
                continue
            headers = properties.headers or {}
            if correlationid in (properties.correlation_id, headers.get("ce-correlationid"),
                                 headers.get("cloudEvents_correlationid")):
                found.append((properties, json.loads(body)))
        return found


class SimulatorProcess:
    def __init__(self, testcase, partner, control=None):
        self.directory = support.temporary_directory(testcase)
        self.log = os.path.join(self.directory, "log.jsonl")
        self.control = os.path.join(self.directory, "control.json")
        self.set_control(control or {})
        self.stderr = open(os.path.join(self.directory, "stderr.txt"), "w+")
        script = os.path.join(support.PARTNERS, partner, "simulator.py")
        self.process = subprocess.Popen(
            [sys.executable, script, "run", "--log", self.log, "--control", self.control,
             "--files", os.path.join(self.directory, "files")],
            stderr=self.stderr, env=dict(os.environ, PASSERELLE_PARTNER_AMQP_PORT=str(PORT)))
        testcase.addCleanup(self.stop)

    def set_control(self, settings):
        with open(self.control, "w") as handle:
            json.dump(settings, handle)

    def entries(self, count=0, timeout=10):
        """The log's lines, once there are at least `count` of them or at the timeout: the simulator writes its
        lines after the broker confirmed the answer, so the hub may see the answer first."""
        deadline = time.monotonic() + timeout
        while True:
            lines = []
            if os.path.exists(self.log):
                with open(self.log) as handle:
                    lines = [json.loads(line) for line in handle if line.strip()]
            if len(lines) >= count or time.monotonic() > deadline:
                return lines
            time.sleep(0.1)

    def output(self):
        self.stderr.seek(0)
        return self.stderr.read()

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.stderr.close()


def unique_act(payload):
    """The example with a numéro interne of its own (numéro interne is unique per authority), a new
    transmissionId, and every file name following the new IDActe."""
    numero = "E2E" + secrets.token_hex(3).upper()
    payload = json.loads(json.dumps(payload).replace("MP2026_014", numero))
    payload["transmissionId"] = new_id()
    return payload


def management(path, method="GET"):
    request = urllib.request.Request(f"http://localhost:{MANAGEMENT_PORT}/api/{path}", method=method)
    request.add_header("Authorization", "Basic Z3Vlc3Q6Z3Vlc3Q=")  # guest:guest, loopback only
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response) if method == "GET" else None


def close_connections(user, timeout=20):
    """Closes `user`'s connections through the management API, as a broker outage would; the API lists a
    connection only after its statistics interval (5 s), hence the wait. Returns how many were closed."""
    deadline = time.monotonic() + timeout
    while True:
        names = [c["name"] for c in management("connections") if c.get("user") == user]
        if names or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    for name in names:
        management(f"connections/{urllib.request.quote(name, safe='')}", method="DELETE")
    return len(names)


class PrefectureEndToEndTests(unittest.TestCase):
    def setUp(self):
        self.hub = Hub("prefecture")
        self.addCleanup(self.hub.close)
        self.simulator = SimulatorProcess(self, "prefecture")

    def test_acknowledges_the_example_once_and_refuses_a_wrong_nature(self):
        transmission = unique_act(support.example("prefecture", "ActTransmitV1"))
        traceparent = new_traceparent()
        request = self.hub.publish("prefecture.act.transmit.v1", transmission, traceparent=traceparent)
        answers = self.hub.answers(request)
        self.assertEqual(len(answers), 1, self.simulator.output())
        [(properties, payload)] = answers
        headers = properties.headers
        self.assertEqual((properties.type, headers["ce-type"]), ("prefecture.act.acknowledged.v1",) * 2)
        self.assertEqual((headers["ce-correlationid"], properties.correlation_id), (request, request))
        self.assertEqual(headers["ce-traceparent"].split("-")[1], traceparent.split("-")[1])
        self.assertNotEqual(headers["ce-traceparent"], traceparent)
        self.assertEqual((properties.content_type, properties.delivery_mode), ("application/json", 2))
        self.assertEqual(payload["idActe"], transmission["idActe"])
        code, output = support.validate([{"type": "prefecture.act.acknowledged.v1", "payload": payload}])
        self.assertEqual(code, 0, output)

        self.hub.publish("prefecture.act.transmit.v1", transmission, id=request)  # a duplicate
        self.assertEqual(self.hub.answers(request, timeout=3), [])

        wrong = unique_act(support.example("prefecture", "ActTransmitV1"))
        wrong["act"]["natureCode"] = "1"
        refused = self.hub.publish("prefecture.act.transmit.v1", wrong)
        [(properties, payload)] = self.hub.answers(refused)
        self.assertEqual(properties.type, "prefecture.act.anomaly-reported.v1")
        self.assertTrue(payload["detail"].startswith("nature: "), payload["detail"])

        log = [(e["direction"], e["outcome"], e.get("correlationid") if e["direction"] == "sent" else e["id"])
               for e in self.simulator.entries(5)]
        self.assertEqual(log, [("received", "acknowledged", request), ("sent", "confirmed", request),
                               ("received", "duplicate", request), ("received", "anomaly", refused),
                               ("sent", "confirmed", refused)])

    def test_checks_the_package_and_its_xml_when_it_can_read_it(self):
        directory = support.temporary_directory(self)
        transmission = support.build_package(directory, unique_act(support.example("prefecture", "ActTransmitV1")))
        request = self.hub.publish("prefecture.act.transmit.v1", transmission)
        [(properties, payload)] = self.hub.answers(request)
        self.assertEqual(properties.type, "prefecture.act.acknowledged.v1", payload)

        broken = unique_act(support.example("prefecture", "ActTransmitV1"))
        envelope = broken["package"]["fileName"].split("-", 1)[1][:-len(".tar.gz")] + ".xml"
        wrong = support.package_members(broken)[envelope].replace(b'actes:Nature="31"', b'actes:Nature="44"')
        broken = support.build_package(support.temporary_directory(self), broken, {envelope: wrong})
        refused = self.hub.publish("prefecture.act.transmit.v1", broken)
        [(properties, payload)] = self.hub.answers(refused)
        self.assertEqual(properties.type, "prefecture.act.anomaly-reported.v1")
        self.assertTrue(payload["detail"].startswith(f"envelope: {envelope}: IDCL actes:Nature is '44'"),
                        payload["detail"])

    def test_returns_the_classification_once(self):
        classification = support.example("prefecture", "ClassificationRequestV1")
        classification["requestId"] = new_id()
        classification = support.build_package(support.temporary_directory(self), classification)
        traceparent = new_traceparent()
        request = self.hub.publish("prefecture.classification.request.v1", classification, traceparent=traceparent)
        answers = self.hub.answers(request)
        self.assertEqual(len(answers), 1, self.simulator.output())
        [(properties, payload)] = answers
        self.assertEqual(properties.type, "prefecture.classification.returned.v1")
        self.assertEqual(properties.headers["ce-traceparent"].split("-")[1], traceparent.split("-")[1])
        self.assertEqual((payload["siren"], payload["classificationDate"]), ("212102313", "2026-01-15"))
        code, output = support.validate([{"type": "prefecture.classification.returned.v1", "payload": payload}])
        self.assertEqual(code, 0, output)
        self.assertTrue(os.path.isfile(payload["file"]["uri"][len("file://"):]))

        again = self.hub.publish("prefecture.classification.request.v1", classification)  # same requestId
        self.assertEqual(self.hub.answers(again, timeout=3), [])
        self.simulator.set_control({"classificationDate": "2026-02-01"})
        other = dict(classification, requestId=new_id())
        later = self.hub.publish("prefecture.classification.request.v1", other)
        [(_, payload)] = self.hub.answers(later)
        self.assertEqual(payload["classificationDate"], "2026-02-01")
        log = [(e["direction"], e["outcome"]) for e in self.simulator.entries(5)]
        self.assertEqual(log, [("received", "classification-returned"), ("sent", "confirmed"),
                               ("received", "duplicate"), ("received", "classification-returned"),
                               ("sent", "confirmed")])

    def send_letter(self, id_acte, letter_type):
        """Runs `simulator.py send-letter` on the running simulator's log; returns its two output lines."""
        script = os.path.join(support.PARTNERS, "prefecture", "simulator.py")
        result = subprocess.run(
            [sys.executable, script, "send-letter", "--id-acte", id_acte, "--letter-type", str(letter_type),
             "--log", self.simulator.log, "--files", os.path.join(self.simulator.directory, "files")],
            capture_output=True, text=True, timeout=60, env=dict(os.environ, PASSERELLE_PARTNER_AMQP_PORT=str(PORT)))
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.splitlines()

    def test_acknowledges_the_answer_to_its_letter_once(self):
        id_acte = support.example("prefecture", "LetterAnswerV1")["idActe"]
        event_id, letter_ref = self.send_letter(id_acte, 4)
        found = self.hub.message(event_id)
        self.assertIsNotNone(found, self.simulator.output())
        properties, letter = found
        self.assertEqual((properties.type, letter["letterRef"], letter["letterType"]),
                         ("prefecture.letter.sent.v1", letter_ref, 4))

        answer = support.example("prefecture", "LetterAnswerV1")
        answer.update(transmissionId=new_id(), letterRef=letter_ref, sentAt=now_rfc3339())
        letter_date = paris_date(letter["sentAt"]).isoformat()
        answer = support.build_package(support.temporary_directory(self), answer, letter_date=letter_date)
        traceparent = new_traceparent()
        request = self.hub.publish("prefecture.letter.answer.v1", answer, traceparent=traceparent)
        answers = self.hub.answers(request)
        self.assertEqual(len(answers), 1, self.simulator.output())
        [(properties, payload)] = answers
        self.assertEqual(properties.type, "prefecture.letter.answer-acknowledged.v1")
        self.assertEqual(properties.headers["ce-traceparent"].split("-")[1], traceparent.split("-")[1])
        self.assertEqual((payload["idActe"], payload["letterRef"], payload["answerType"]), (id_acte, letter_ref, 4))
        code, output = support.validate([{"type": "prefecture.letter.answer-acknowledged.v1", "payload": payload}])
        self.assertEqual(code, 0, output)

        again = self.hub.publish("prefecture.letter.answer.v1", answer)  # same transmissionId
        self.assertEqual(self.hub.answers(again, timeout=3), [])
        refusal = support.example("prefecture", "LetterAnswerV1", 2)
        refusal.update(transmissionId=new_id(), letterRef=letter_ref, sentAt=now_rfc3339())
        refusal = support.build_package(support.temporary_directory(self), refusal, letter_date=letter_date)
        second = self.hub.publish("prefecture.letter.answer.v1", refusal)  # one answer per letter
        self.assertEqual(self.hub.answers(second, timeout=3), [])
        log = [(e["direction"], e["type"], e["outcome"]) for e in self.simulator.entries(5)]
        self.assertEqual(log, [("sent", "prefecture.letter.sent.v1", "confirmed"),
                               ("received", "prefecture.letter.answer.v1", "letter-answer-acknowledged"),
                               ("sent", "prefecture.letter.answer-acknowledged.v1", "confirmed"),
                               ("received", "prefecture.letter.answer.v1", "duplicate"),
                               ("received", "prefecture.letter.answer.v1", "dropped")])
        self.assertEqual(self.simulator.entries()[-1]["reason"],
                         f"letter-answer: letter {letter_ref} was already answered (one answer per letter)")

    def test_carries_on_after_losing_its_connection(self):
        example = support.example("prefecture", "ActTransmitV1")
        first = self.hub.publish("prefecture.act.transmit.v1", unique_act(example))
        self.assertEqual(len(self.hub.answers(first)), 1, self.simulator.output())
        self.assertGreater(close_connections("prefecture"), 0)
        second = self.hub.publish("prefecture.act.transmit.v1", unique_act(example))
        self.assertEqual(len(self.hub.answers(second, timeout=30)), 1, self.simulator.output())
        self.assertIn("retrying", self.simulator.output())


class TreasuryEndToEndTests(unittest.TestCase):
    def setUp(self):
        self.hub = Hub("treasury")
        self.addCleanup(self.hub.close)
        self.simulator = SimulatorProcess(self, "treasury")

    def transmission(self):
        payload = support.example("treasury", "PesTransmitV1")
        payload["nomFic"] = f"PESALR2_21231_2026_E2E{secrets.token_hex(4)}.xml"
        payload["transmissionId"] = new_id()
        return payload

    def test_acquits_the_example_then_refuses_on_purpose_and_pauses(self):
        request = self.hub.publish("treasury.pes.transmit.v1", self.transmission())
        answers = self.hub.answers(request)
        self.assertEqual(len(answers), 1, self.simulator.output())
        [(properties, payload)] = answers
        self.assertEqual(properties.headers["cloudEvents_type"], "treasury.pes.acquitted.v1")
        self.assertEqual(properties.headers["cloudEvents_correlationid"], request)
        self.assertEqual(payload["acquitElements"], [])
        code, output = support.validate([{"type": "treasury.pes.acquitted.v1", "payload": payload}])
        self.assertEqual(code, 0, output)

        self.simulator.set_control({"refuse": ["signature"]})
        refused = self.hub.publish("treasury.pes.transmit.v1", self.transmission())
        [(properties, payload)] = self.hub.answers(refused)
        self.assertEqual(properties.type, "treasury.pes.refused.v1")
        self.assertEqual([e["code"] for e in payload["errors"]], ["signature"])

        self.simulator.set_control({"paused": True})
        time.sleep(1.5)  # the consumer is cancelled within half a second
        waiting = self.hub.publish("treasury.pes.transmit.v1", self.transmission())
        self.assertEqual(self.hub.answers(waiting, timeout=3), [])
        self.simulator.set_control({})
        self.assertEqual(len(self.hub.answers(waiting)), 1, self.simulator.output())

    def send_return(self, *options):
        """Runs `simulator.py send-return` on the running simulator's log; returns its two output lines."""
        script = os.path.join(support.PARTNERS, "treasury", "simulator.py")
        result = subprocess.run(
            [sys.executable, script, "send-return", *options, "--log", self.simulator.log,
             "--files", os.path.join(self.simulator.directory, "files")],
            capture_output=True, text=True, timeout=60, env=dict(os.environ, PASSERELLE_PARTNER_AMQP_PORT=str(PORT)))
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.splitlines()

    def test_sends_a_return_once(self):
        traceparent = new_traceparent()
        event_id, nom_fic = self.send_return("--id-coll", "21210231300013", "--cod-col", "231", "--cod-bud", "00",
                                             "--traceparent", traceparent)
        found = self.hub.message(event_id)
        self.assertIsNotNone(found, self.simulator.output())
        properties, payload = found
        headers = properties.headers
        self.assertEqual((properties.type, headers["cloudEvents_type"]), ("treasury.pes.return.v1",) * 2)
        self.assertEqual((properties.message_id, headers["cloudEvents_id"]), (event_id, event_id))
        self.assertEqual((headers["cloudEvents_source"], headers["cloudEvents_subject"]),
                         ("/partner/treasury", nom_fic))
        self.assertEqual((headers["cloudEvents_traceparent"], headers["traceparent"]), (traceparent, traceparent))
        self.assertNotIn("cloudEvents_correlationid", headers)
        self.assertEqual((properties.content_type, properties.delivery_mode), ("application/json", 2))
        self.assertEqual([payload[key] for key in ("nomFic", "typFic", "idColl", "codCol", "codBud")],
                         [nom_fic, "PESRETOUR_DEP", "21210231300013", "231", "00"])
        self.assertRegex(nom_fic, r"^PESRETOUR_[0-9]{8}_[0-9]{4}\.xml$")
        self.assertTrue(os.path.isfile(payload["file"]["uri"][len("file://"):]))
        code, output = support.validate([{"type": "treasury.pes.return.v1", "payload": payload}])
        self.assertEqual(code, 0, output)
        self.assertIsNone(self.hub.message(event_id, timeout=2))  # published once

        other_id, other_name = self.send_return("--id-coll", "21210231300013", "--cod-col", "231")
        self.assertNotEqual(other_name, nom_fic)  # the default NomFic is new on every run
        other_properties, other = self.hub.message(other_id)
        self.assertNotIn("codBud", other)
        self.assertNotEqual(other_properties.headers["traceparent"].split("-")[1],
                            traceparent.split("-")[1])  # a new trace
        log = [(e["direction"], e["type"], e["outcome"], e["id"], e.get("subject")) for e in self.simulator.entries(2)]
        self.assertEqual(log, [("sent", "treasury.pes.return.v1", "return-sent", event_id, nom_fic),
                               ("sent", "treasury.pes.return.v1", "return-sent", other_id, other_name)])


if __name__ == "__main__":
    unittest.main()
