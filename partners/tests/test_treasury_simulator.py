"""The treasury's decisions and answers for each input, with its control file (no broker)."""

import os
import unittest

import support
from simlib.journal import Journal
from treasury.simulator import TRANSMIT, TreasurySimulator


class TreasuryTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.simulator = TreasurySimulator(os.path.join(self.directory, "files"))
        self.journal = Journal(os.path.join(self.directory, "log.jsonl"))
        self.settings = dict(self.simulator.control_defaults, refuse=[])

    def handle(self, payload, **settings):
        return self.simulator.handle(support.event(TRANSMIT, payload), payload, dict(self.settings, **settings),
                                     self.journal)

    def test_acquits_the_contract_example(self):
        reply = self.handle(support.example("treasury", "PesTransmitV1"), acquitDelayMs=1500)
        self.assertEqual((reply.outcome, reply.delay, reply.later), ("acquitted", 1.5, []))
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "treasury.pes.acquitted.v1")
        self.assertEqual((answer["nomFic"], answer["codCol"], answer["acquitElements"]),
                         ("PESALR2_21231_2026_0042.xml", "231", []))
        self.assertEqual(answer["file"]["fileName"], "PES_Acquit_PESALR2_21231_2026_0042.xml")

    def test_acquit_elements_mean_information_available(self):
        element = {"domain": "depense", "code": "INF01", "message": "Pièce 12 : pièce justificative hors flux."}
        reply = self.handle(support.example("treasury", "PesTransmitV1"), acquitElements=[element])
        self.assertEqual(reply.answers[0][1]["acquitElements"], [element])

    def test_a_later_information_message_is_logged_as_not_in_the_contract(self):
        reply = self.handle(support.example("treasury", "PesTransmitV1"), informationDelayMs=2000)
        [(delay, action)] = reply.later
        self.assertEqual(delay, 2.0)
        action()
        entry = self.journal.entries[-1]
        self.assertEqual((entry["direction"], entry["type"], entry["outcome"]),
                         ("skipped", "treasury.pes.information-available", "not-in-contract"))

    def test_refuses_with_one_error_per_rule(self):
        payload = support.example("treasury", "PesTransmitV1")
        payload["idColl"] = "21210231300014"
        reply = self.handle(payload, refuse=["signature"])
        self.assertEqual(reply.outcome, "refused")
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "treasury.pes.refused.v1")
        self.assertEqual([error["code"] for error in answer["errors"]], ["idcoll", "signature"])
        self.assertEqual(answer["file"]["fileName"], "PES_NonAcquit_PESALR2_21231_2026_0042.xml")

    def test_drops_what_it_cannot_answer(self):
        payload = support.example("treasury", "PesTransmitV1")
        del payload["codCol"]
        self.assertEqual(self.handle(payload).outcome, "dropped")


if __name__ == "__main__":
    unittest.main()
