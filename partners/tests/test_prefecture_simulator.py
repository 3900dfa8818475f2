"""The prefecture's decisions and answers for each input, with its journal and control file (no broker)."""

import json
import os
import unittest

import support
from prefecture.simulator import CANCEL, TRANSMIT, PrefectureSimulator
from simlib.control import Control
from simlib.journal import Journal

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


class PrefectureTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.simulator = PrefectureSimulator(os.path.join(self.directory, "files"))
        self.journal = Journal(os.path.join(self.directory, "log.jsonl"))

    def handle(self, type, payload, settings=None, id="11111111-2222-4333-8444-555555555555"):
        reply = self.simulator.handle(support.event(type, payload, id=id), payload, settings or {"refuse": []},
                                      self.journal)
        business = dict(reply.business, transmissionId=payload.get("transmissionId"))  # as the runner logs it
        self.journal.write("received", type, id, outcome=reply.outcome, reason=reply.reason, subject=reply.subject,
                           business=business)
        return reply

    def test_acknowledges_the_contract_example_with_its_aracte_file(self):
        reply = self.handle(TRANSMIT, support.example("prefecture", "ActTransmitV1"))
        self.assertEqual(reply.outcome, "acknowledged")
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "prefecture.act.acknowledged.v1")
        self.assertEqual(answer["idActe"], "021-212102313-20260504-MP2026_014-CC")
        self.assertRegex(answer["receptionDate"], r"^\d{4}-\d\d-\d\d$")
        ack = answer["acknowledgement"]
        self.assertEqual(ack["fileName"], "021-212102313-20260504-MP2026_014-CC-1-2.xml")
        with open(ack["uri"][len("file://"):], "rb") as handle:
            content = handle.read()
        self.assertIn(b'DateReception="' + answer["receptionDate"].encode(), content)
        self.assertEqual(len(content), ack["sizeBytes"])

    def test_refuses_with_the_rule_in_the_detail(self):
        payload = support.example("prefecture", "ActTransmitV1")
        payload["act"]["natureCode"] = "1"
        reply = self.handle(TRANSMIT, payload)
        self.assertEqual(reply.outcome, "anomaly")
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "prefecture.act.anomaly-reported.v1")
        self.assertTrue(answer["detail"].startswith("nature: "), answer["detail"])
        self.assertEqual(answer["anomaly"]["fileName"], "021-212102313-20260504-MP2026_014-CC-1-3.xml")
        self.assertEqual(reply.business["rules"], ["nature"])

    def test_refuses_on_purpose_through_the_control_file(self):
        control_path = os.path.join(self.directory, "control.json")
        with open(control_path, "w") as handle:
            json.dump({"refuse": ["classification"]}, handle)
        reply = self.handle(TRANSMIT, support.example("prefecture", "ActTransmitV1"), Control(control_path).read())
        self.assertEqual(reply.outcome, "anomaly")
        self.assertIn("classification: refused on purpose", reply.reason)
        all_refused = self.handle(CANCEL, support.example("prefecture", "ActCancelV1"), {"refuse": "all"})
        self.assertIn("all: refused on purpose", all_refused.reason)

    def test_a_rule_of_the_other_message_kind_does_not_refuse(self):
        reply = self.handle(TRANSMIT, support.example("prefecture", "ActTransmitV1"), {"refuse": ["cancellation"]})
        self.assertEqual(reply.outcome, "acknowledged")

    def test_cancels_only_what_it_acknowledged_and_only_once(self):
        cancel = support.example("prefecture", "ActCancelV1")
        self.assertEqual(self.handle(CANCEL, cancel).outcome, "anomaly")
        transmit = json.loads(json.dumps(support.example("prefecture", "ActTransmitV1"))
                              .replace("MP2026_014", "DEL2026_001").replace("20260504", "20260115")
                              .replace("2026-05-04", "2026-01-15").replace("-CC", "-DE"))
        transmit["act"].update(natureCode="1", documentFileName=f"99_DE-{cancel['idActe']}-1-1_1.pdf")
        self.assertEqual(self.handle(TRANSMIT, transmit).outcome, "acknowledged")
        cancel["transmissionId"] = "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e21"
        reply = self.handle(CANCEL, cancel)
        self.assertEqual(reply.outcome, "cancellation-acknowledged")
        [(answer_type, answer)] = reply.answers
        self.assertEqual((answer_type, answer["idActe"]), ("prefecture.act.cancellation-acknowledged.v1",
                                                           cancel["idActe"]))
        cancel["transmissionId"] = "9c0d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e22"
        self.assertIn("already cancelled", self.handle(CANCEL, cancel).reason)

    def test_state_survives_a_restart_through_the_journal(self):
        self.handle(TRANSMIT, support.example("prefecture", "ActTransmitV1"))
        reopened = Journal(self.journal.path)
        self.assertTrue(reopened.seen("11111111-2222-4333-8444-555555555555"))
        self.assertTrue(reopened.seen("other", "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1e"))
        self.assertFalse(reopened.seen("other"))
        again = support.example("prefecture", "ActTransmitV1")
        again["transmissionId"] = "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d1f"
        self.journal = reopened
        self.assertIn("numero-interne", self.handle(TRANSMIT, again, id="other").business["rules"])

    def test_drops_what_it_cannot_answer(self):
        self.assertEqual(self.handle("prefecture.act.unknown.v1", {}).outcome, "dropped")
        self.assertEqual(self.simulator.handle(support.event(TRANSMIT, b"not json"), None, {}, self.journal).outcome,
                         "dropped")
        payload = support.example("prefecture", "ActTransmitV1")
        payload["idActe"] = "21-212102313-20260504-MP2026_014-CC"
        self.assertEqual(self.handle(TRANSMIT, payload).outcome, "dropped")


if __name__ == "__main__":
    unittest.main()
