"""The run loop's handling of one delivery: answer, confirm, then ack; duplicates; unroutable answers."""

import contextlib
import io
import json
import os
import unittest

import support
from prefecture import answers
from prefecture.simulator import CLASSIFICATION_REQUEST, LETTER_ANSWER, TRANSMIT, PrefectureSimulator, letter_business
from simlib.cloudevents import properties_for
from simlib.control import Control
from simlib.journal import Journal
from simlib.runner import Runner

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class RunnerTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.log = os.path.join(self.directory, "log.jsonl")
        self.runner = self.make_runner()

    def make_runner(self):
        simulator = PrefectureSimulator(os.path.join(self.directory, "files"))
        return Runner(simulator, None, Journal(self.log), Control(None), "ce")

    def deliver(self, channel, id="aaaaaaaa-2222-4333-8444-555555555555", payload=None, tag=1, settings=None,
                type=TRANSMIT):
        payload = payload or support.example("prefecture", "ActTransmitV1")
        properties = properties_for("amqp", id=id, type=type, source="/passerelle/documents", traceparent=TRACE)
        connection = support.FakeConnection()
        self.runner.handle(connection, channel, support.FakeMethod(tag), properties, json.dumps(payload).encode(),
                           settings or {"delayMs": 250})
        return connection

    def log_lines(self):
        with open(self.log) as handle:
            return [json.loads(line) for line in handle]

    def test_answers_with_correlation_and_trace_then_acks(self):
        channel = support.FakeChannel()
        connection = self.deliver(channel)
        [published] = channel.published
        self.assertEqual((published["exchange"], published["routing_key"], published["mandatory"]),
                         ("prefecture.events", "prefecture.act.acknowledged.v1", True))
        headers = published["properties"].headers
        self.assertEqual(headers["ce-correlationid"], "aaaaaaaa-2222-4333-8444-555555555555")
        self.assertEqual(published["properties"].correlation_id, "aaaaaaaa-2222-4333-8444-555555555555")
        self.assertEqual(headers["ce-traceparent"].split("-")[1], TRACE.split("-")[1])
        self.assertNotEqual(headers["ce-traceparent"], TRACE)
        self.assertEqual(channel.acked, [1])
        self.assertIn(0.25, connection.slept)
        received, sent = self.log_lines()
        self.assertEqual((received["direction"], received["outcome"], received["traceparent"]),
                         ("received", "acknowledged", TRACE))
        self.assertEqual((sent["direction"], sent["outcome"], sent["correlationid"], sent["id"]),
                         ("sent", "confirmed", received["id"], published["properties"].message_id))
        self.assertEqual(received["business"]["transmissionId"], "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e")

    def test_a_redelivery_or_duplicate_is_answered_once_even_after_a_restart(self):
        self.deliver(support.FakeChannel())
        self.runner = self.make_runner()  # a restart: the seen ids come back from the log
        channel = support.FakeChannel()
        self.deliver(channel, tag=2)
        self.deliver(channel, id="bbbbbbbb-2222-4333-8444-555555555555", tag=3)  # same transmissionId
        self.assertEqual((channel.published, channel.acked), ([], [2, 3]))
        self.assertEqual([line["outcome"] for line in self.log_lines()[2:]], ["duplicate", "duplicate"])

    def test_a_classification_request_is_deduplicated_on_its_request_id(self):
        request = support.example("prefecture", "ClassificationRequestV1")
        channel = support.FakeChannel()
        self.deliver(channel, payload=request, type=CLASSIFICATION_REQUEST)
        self.deliver(channel, id="bbbbbbbb-2222-4333-8444-555555555555", payload=request, tag=2,
                     type=CLASSIFICATION_REQUEST)
        [published] = channel.published
        self.assertEqual(published["routing_key"], "prefecture.classification.returned.v1")
        self.assertEqual(channel.acked, [1, 2])
        received, _, duplicate = self.log_lines()
        self.assertEqual(received["business"]["requestId"], request["requestId"])
        self.assertEqual(duplicate["outcome"], "duplicate")
        self.assertIn("requestId", duplicate["reason"])

    def test_a_letter_sent_meanwhile_by_send_letter_is_known_and_answered_once(self):
        idacte = "021-212102313-20260504-MP2026_014-CC"
        with contextlib.redirect_stderr(io.StringIO()):
            self.deliver(support.FakeChannel())  # the runner's journal is now open on the log
        Journal(self.log).write("sent", answers.LETTER, "letter-1", outcome="confirmed",  # send-letter's process
                                business=letter_business(idacte, 4, "PREF21-2026-0481", "2026-06-12T09:00:00.000Z"))
        answer = support.example("prefecture", "LetterAnswerV1")
        channel = support.FakeChannel()
        with contextlib.redirect_stderr(io.StringIO()):
            self.deliver(channel, id="cccccccc-2222-4333-8444-555555555555", payload=answer, tag=2, type=LETTER_ANSWER)
            self.deliver(channel, id="dddddddd-2222-4333-8444-555555555555", payload=answer, tag=3, type=LETTER_ANSWER)
        [published] = channel.published
        self.assertEqual((published["routing_key"], published["body"]["letterRef"]),
                         ("prefecture.letter.answer-acknowledged.v1", "PREF21-2026-0481"))
        self.assertEqual(channel.acked, [2, 3])
        lines = self.log_lines()
        self.assertEqual([(line["direction"], line["outcome"]) for line in lines[2:]],
                         [("sent", "confirmed"), ("received", "letter-answer-acknowledged"), ("sent", "confirmed"),
                          ("received", "duplicate")])
        self.assertEqual(lines[3]["business"]["transmissionId"], answer["transmissionId"])
        self.assertEqual(len(self.runner.journal.entries), len(lines))

    def test_an_unroutable_answer_leaves_the_input_for_later(self):
        channel = support.FakeChannel(unroutable=True)
        self.deliver(channel)
        self.assertEqual((channel.acked, channel.nacked), ([], [(1, True)]))
        [line] = self.log_lines()
        self.assertEqual((line["direction"], line["outcome"]), ("sent", "unroutable"))
        channel = support.FakeChannel()
        self.deliver(channel, tag=2)  # the redelivery is answered: nothing was recorded as seen
        self.assertEqual((len(channel.published), channel.acked), (1, [2]))

    def test_a_failure_on_one_input_drops_it_and_carries_on(self):
        def broken(*_):
            raise TypeError("unhashable type: 'list'")

        self.runner.simulator.handle = broken
        channel = support.FakeChannel()
        with contextlib.redirect_stderr(io.StringIO()):
            self.deliver(channel)
        self.assertEqual((channel.published, channel.acked), ([], [1]))
        [line] = self.log_lines()
        self.assertEqual(line["outcome"], "dropped")
        self.assertIn("unhashable", line["reason"])


if __name__ == "__main__":
    unittest.main()
