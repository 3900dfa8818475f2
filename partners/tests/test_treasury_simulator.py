"""The treasury's decisions and answers for each input, with its control file (no broker)."""

import datetime
import hashlib
import os
import unittest
import xml.etree.ElementTree as ET

import support
from simlib.claimcheck import local_path
from simlib.journal import Journal
from treasury import answers
from treasury.simulator import TRANSMIT, TreasurySimulator, main, next_return_name, returns_sent

SIRET = "21210231300013"


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


class PesReturnTests(unittest.TestCase):
    """send-return's PES_Retour file and payload (no broker)."""

    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.files = os.path.join(self.directory, "files")

    def test_the_file_is_a_latin1_pes_retour_matching_the_payload(self):
        payload = answers.pes_return("PESRETOUR_20261207_0001.xml", SIRET, "231", self.files, cod_bud="00")
        self.assertEqual(list(payload), ["nomFic", "typFic", "idColl", "codCol", "codBud", "file", "sentAt"])
        self.assertEqual((payload["typFic"], payload["file"]["fileName"], payload["file"]["mediaType"]),
                         ("PESRETOUR_DEP", "PESRETOUR_20261207_0001.xml", "application/xml"))
        path = local_path(payload["file"]["uri"])
        with open(path, "rb") as handle:
            content = handle.read()
        self.assertTrue(content.startswith(b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'), content[:60])
        self.assertIn("Données".encode("iso-8859-1"), content)  # Latin-1, not UTF-8
        self.assertEqual((payload["file"]["sha256"], payload["file"]["sizeBytes"]),
                         (hashlib.sha256(content).hexdigest(), len(content)))
        root = ET.fromstring(content)
        self.assertEqual(root.tag, f"{{{answers.RETURN_NS}}}PES_Retour")
        values = {f"{parent}/{child.tag}": child.get("V") for parent in ("Enveloppe/Parametres", "EnTetePES")
                  for child in root.find(parent)}
        sent_on = answers.paris_date(datetime.datetime.fromisoformat(payload["sentAt"].replace("Z", "+00:00")))
        self.assertEqual(values, {"Enveloppe/Parametres/Version": "2", "Enveloppe/Parametres/TypFic": "PESRETOUR_DEP",
                                  "Enveloppe/Parametres/NomFic": "PESRETOUR_20261207_0001.xml",
                                  "EnTetePES/DteStr": sent_on.isoformat(), "EnTetePES/IdPost": "021015",
                                  "EnTetePES/IdColl": SIRET, "EnTetePES/CodCol": "231", "EnTetePES/CodBud": "00"})
        self.assertEqual([child.tag for child in root], ["Enveloppe", "EnTetePES", "PES_DepenseRetour"])
        self.assertIsNotNone(root.find("PES_DepenseRetour/Bordereau/Piece/InfoPiece/IdPce"))

    def test_without_a_budget_neither_the_file_nor_the_payload_has_one(self):
        payload = answers.pes_return("RET_1", SIRET, "231", self.files, typ_fic="PESRETOUR")
        self.assertNotIn("codBud", payload)
        self.assertEqual((payload["typFic"], payload["file"]["fileName"]), ("PESRETOUR", "RET_1.xml"))
        root = ET.parse(local_path(payload["file"]["uri"])).getroot()
        self.assertEqual([child.tag for child in root.find("EnTetePES")], ["DteStr", "IdPost", "IdColl", "CodCol"])
        self.assertEqual(root.find("Enveloppe/Parametres/NomFic").get("V"), "RET_1")

    def test_the_default_nomfic_is_the_next_one_not_in_the_log(self):
        journal = Journal(os.path.join(self.directory, "log.jsonl"))
        day = datetime.date(2026, 12, 7)
        self.assertEqual(next_return_name(journal, day), "PESRETOUR_20261207_0001.xml")
        for name in ("PESRETOUR_20261207_0002.xml", "PESRETOUR_20261207_0001.xml"):
            journal.write("sent", answers.RETURN, name, outcome="return-sent", business={"nomFic": name})
        journal.write("sent", answers.RETURN, "x", outcome="confirmed",  # not a send-return line
                      business={"nomFic": "PESRETOUR_20261207_0003.xml"})
        reopened = Journal(journal.path)
        self.assertEqual(returns_sent(reopened), ["PESRETOUR_20261207_0002.xml", "PESRETOUR_20261207_0001.xml"])
        self.assertEqual(next_return_name(reopened, day), "PESRETOUR_20261207_0003.xml")

    def test_refuses_options_the_schema_would_refuse_before_connecting(self):
        log = os.path.join(self.directory, "log.jsonl")
        with self.assertRaises(SystemExit) as raised:
            main(["send-return", "--id-coll", "21210231300014", "--cod-col", "2310", "--typ-fic", "PESALR2",
                  "--log", log, "--files", self.files, "--url", "amqp://nobody:x@127.0.0.1:1/treasury"])
        message = str(raised.exception)
        for option in ("--id-coll", "--cod-col", "--typ-fic"):
            self.assertIn(option, message)
        self.assertFalse(os.path.exists(self.files))
        self.assertFalse(os.path.exists(log))


if __name__ == "__main__":
    unittest.main()
