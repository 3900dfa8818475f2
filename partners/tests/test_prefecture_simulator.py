"""The prefecture's decisions and answers for each input, with its journal and control file (no broker)."""

import json
import os
import unittest
import xml.etree.ElementTree as ET

import support
from prefecture import answers
from prefecture.simulator import (CANCEL, CLASSIFICATION_REQUEST, LETTER_ANSWER, TRANSMIT, PrefectureSimulator,
                                  letter_business, letters_state)
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
        key = "requestId" if "requestId" in payload else "transmissionId"
        business = dict(reply.business, **{key: payload.get(key)})  # as the runner logs it
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

    def test_checks_the_xml_of_a_package_it_can_read(self):
        payload = support.build_package(self.directory, support.example("prefecture", "ActTransmitV1"))
        self.assertEqual(self.handle(TRANSMIT, payload).outcome, "acknowledged")
        other = support.example("prefecture", "ActTransmitV1")
        other["transmissionId"] = "8b9c0d1e-2f3a-4b4c-9d5e-6f7a8b9c0d2f"
        other = json.loads(json.dumps(other).replace("MP2026_014", "MP2026_015"))
        business = f"{other['idActe']}-1-1_0.xml"
        wrong = support.package_members(other)[business].replace(b'CodeNatureActe="4"', b'CodeNatureActe="1"')
        other = support.build_package(self.directory, other, {business: wrong})
        reply = self.handle(TRANSMIT, other, id="other")
        self.assertEqual((reply.outcome, reply.business["rules"]), ("anomaly", ["business-xml"]))
        self.assertTrue(reply.reason.startswith(f"business-xml: {business}: actes:CodeNatureActe is '1'"),
                        reply.reason)


class ClassificationTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.simulator = PrefectureSimulator(os.path.join(self.directory, "files"))
        self.journal = Journal(os.path.join(self.directory, "log.jsonl"))

    def handle(self, payload, settings=None, id="22222222-2222-4333-8444-555555555555"):
        return PrefectureTests.handle(self, CLASSIFICATION_REQUEST, payload, settings, id)

    def test_returns_the_default_tree_with_its_file(self):
        request = support.build_package(self.directory, support.example("prefecture", "ClassificationRequestV1"))
        reply = self.handle(request)
        self.assertEqual((reply.outcome, reply.subject), ("classification-returned", "212102313"))
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "prefecture.classification.returned.v1")
        self.assertEqual((answer["siren"], answer["departement"], answer["classificationDate"]),
                         ("212102313", "021", "2026-01-15"))
        self.assertEqual([(n["code"], n["abbrev"]) for n in answer["natures"]],
                         [("1", "DE"), ("2", "AR"), ("3", "AI"), ("4", "CC"), ("5", "BF"), ("6", "AU")])
        self.assertTrue(all(n["attachmentTypes"] for n in answer["natures"]))
        paths = [m["path"] for m in answer["matters"]]
        self.assertEqual([p for p in paths if "." not in p], [str(n) for n in range(1, 10)])
        for path in ("1.1", "1.7", "2.1", "3.1", "4.1", "5.1", "7.1", "7.10"):
            self.assertIn(path, paths)
        self.assertLess(paths.index("7.9"), paths.index("7.10"))
        for path in paths:  # parents before children
            if "." in path:
                self.assertLess(paths.index(path.rsplit(".", 1)[0]), paths.index(path))
        file = answer["file"]
        self.assertEqual(file["fileName"], "021-212102313----7-2.xml")
        with open(file["uri"][len("file://"):], "rb") as handle:
            content = handle.read()
        self.assertEqual(len(content), file["sizeBytes"])
        self.assertTrue(content.startswith(b"<?xml version='1.0' encoding='ISO-8859-1'?>"), content[:60])
        root = ET.fromstring(content)
        ns = {"actes": "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"}
        self.assertEqual(root.tag, "{%s}RetourClassification" % ns["actes"])
        self.assertEqual(root.findtext("actes:DateClassification", namespaces=ns), "2026-01-15")
        a = "{%s}" % ns["actes"]
        finances = root.find("actes:Matieres/actes:Matiere1[@actes:CodeMatiere='7']", ns)
        self.assertEqual(finances.get(a + "Libelle"), "Finances locales")
        self.assertEqual([m.get(a + "CodeMatiere") for m in finances.findall("actes:Matiere2", ns)],
                         [str(n) for n in range(1, 11)])
        deliberations = root.find("actes:NaturesActes/actes:NatureActe[@actes:CodeNatureActe='1']", ns)
        self.assertEqual((deliberations.get(a + "TypeAbrege"), deliberations.get(a + "Libelle")),
                         ("DE", "Délibérations"))
        self.assertEqual(deliberations.find("actes:TypePJNatureActe", ns).get(a + "CodeTypePJ"), "99_DE")

    def test_the_control_file_sets_the_classification_date(self):
        reply = self.handle(support.example("prefecture", "ClassificationRequestV1"),
                            {"classificationDate": "2026-03-02"})
        self.assertEqual(reply.answers[0][1]["classificationDate"], "2026-03-02")
        self.assertEqual(reply.business["classificationDate"], "2026-03-02")

    def test_an_invalid_request_is_dropped_with_its_findings(self):
        request = support.example("prefecture", "ClassificationRequestV1")
        request["emitter"]["siren"] = "213400000"
        request["lastClassificationDate"] = "2999-01-01"
        reply = self.handle(request)
        self.assertEqual((reply.outcome, reply.answers), ("dropped", []))
        self.assertEqual(reply.business["rules"], ["classification-request", "package-name", "siren"])
        dated = {"021-212102313----7-1_0.xml": support.classification_request_xml("2025-01-01")}
        bad_xml = support.build_package(self.directory, support.example("prefecture", "ClassificationRequestV1", 1),
                                        dated)
        reply = self.handle(bad_xml, id="33333333-2222-4333-8444-555555555555")
        self.assertEqual((reply.outcome, reply.business["rules"]), ("dropped", ["classification-request"]))
        forced = self.handle(support.example("prefecture", "ClassificationRequestV1", 1),
                             {"refuse": ["classification-request"]}, id="44444444-2222-4333-8444-555555555555")
        self.assertEqual(forced.outcome, "dropped")
        self.assertIn("classification-request: refused on purpose", forced.reason)

    def test_a_seen_request_id_is_a_duplicate(self):
        self.handle(support.example("prefecture", "ClassificationRequestV1"))
        reopened = Journal(self.journal.path)
        self.assertTrue(reopened.seen("other", "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f30"))
        self.assertFalse(reopened.seen("other", "0d1e2f3a-4b5c-4d6e-8f7a-8b9c0d1e2f31"))


class LetterAnswerTests(unittest.TestCase):
    """Answers to the prefecture's letters (3-3, 3-4, 4-3, 4-4), acknowledged (3-5, 4-5) or dropped."""

    ID = "021-212102313-20260504-MP2026_014-CC"
    SENT_AT = "2026-06-12T21:30:00.000Z"  # 23:30 in Paris (CEST): the letter is of 2026-06-12

    def setUp(self):
        self.directory = support.temporary_directory(self)
        self.simulator = PrefectureSimulator(os.path.join(self.directory, "files"))
        self.journal = Journal(os.path.join(self.directory, "log.jsonl"))

    def send_letter(self, letter_type, letter_ref, id_acte=ID, sent_at=SENT_AT):
        """The journal line send-letter writes once the letter is confirmed."""
        self.journal.write("sent", answers.LETTER, f"letter-{letter_ref}", outcome="confirmed",
                           reason=f"letter type {letter_type}", subject=id_acte,
                           business=letter_business(id_acte, letter_type, letter_ref, sent_at))

    def handle(self, payload, settings=None, id="55555555-2222-4333-8444-555555555555"):
        return PrefectureTests.handle(self, LETTER_ANSWER, payload, settings, id)

    def answer(self, index=0, **changes):
        payload = support.example("prefecture", "LetterAnswerV1", index)
        payload.update(changes)
        return payload

    def test_the_letter_date_is_its_paris_calendar_date(self):
        self.assertEqual(letter_business(self.ID, 4, "R", "2026-06-12T22:30:00.000Z")["letterDate"], "2026-06-13")
        self.assertEqual(letter_business(self.ID, 4, "R", self.SENT_AT)["letterDate"], "2026-06-12")

    def test_acknowledges_an_answer_to_a_letter_it_sent(self):
        self.send_letter(4, "PREF21-2026-0481")
        payload = support.build_package(self.directory, self.answer(), letter_date="2026-06-12")
        reply = self.handle(payload)
        self.assertEqual((reply.outcome, reply.reason, reply.subject), ("letter-answer-acknowledged", None, self.ID))
        [(answer_type, answer)] = reply.answers
        self.assertEqual(answer_type, "prefecture.letter.answer-acknowledged.v1")
        self.assertEqual({k: answer[k] for k in ("idActe", "letterRef", "answerType")},
                         {"idActe": self.ID, "letterRef": "PREF21-2026-0481", "answerType": 4})
        self.assertRegex(answer["receptionDate"], r"^\d{4}-\d\d-\d\d$")
        self.assertEqual(reply.business["rules"], [])
        code, output = support.validate([{"type": answer_type, "payload": answer}])
        self.assertEqual(code, 0, output)

    def test_each_kind_of_answer(self):
        self.send_letter(3, "PREF21-2026-0455", sent_at="2026-05-28T08:00:00.000Z")
        self.send_letter(4, "PREF21-2026-0481")
        documents = support.build_package(self.directory, self.answer(1), letter_date="2026-05-28")
        self.assertEqual(self.handle(documents).outcome, "letter-answer-acknowledged")
        refusal = support.build_package(self.directory, self.answer(2), letter_date="2026-06-12")
        reply = self.handle(refusal, id="66666666-2222-4333-8444-555555555555")
        self.assertEqual((reply.outcome, reply.answers[0][1]["answerType"]), ("letter-answer-acknowledged", 3))

    def test_drops_an_answer_to_an_unknown_letter_or_of_another_type(self):
        reply = self.handle(self.answer())
        self.assertEqual((reply.outcome, reply.answers), ("dropped", []))
        self.assertEqual(reply.reason, "letter-answer: letter PREF21-2026-0481 was not sent by this prefecture")
        self.send_letter(2, "PREF21-2026-0481")
        self.assertIn("is a simple letter (type 2), which this contract does not answer",
                      self.handle(self.answer(), id="77777777-2222-4333-8444-555555555555").reason)

    def test_drops_an_answer_that_does_not_fit_the_letter_or_comes_before_it(self):
        self.send_letter(3, "PREF21-2026-0481", id_acte="021-212102313-20260504-MP2026_015-CC")
        reply = self.handle(self.answer())
        self.assertEqual(reply.outcome, "dropped")
        self.assertIn("letter PREF21-2026-0481 is of type 3, the answer says letterType 4", reply.reason)
        self.assertIn("is about act 021-212102313-20260504-MP2026_015-CC", reply.reason)
        wrong = self.answer(answerType=2, fileNames=["x.pdf"])
        reply = self.handle(wrong, id="77777777-2222-4333-8444-555555555555")
        self.assertIn("letter-answer: answerType 2 is not 4 (the answer) or 3 (the refusal)", reply.reason)
        self.assertEqual(reply.business["rules"], ["letter-answer"])
        self.send_letter(4, "PREF21-2026-0500")
        early = self.answer(letterRef="PREF21-2026-0500", sentAt="2026-06-11T10:00:00.000Z")
        reply = self.handle(early, id="88888888-2222-4333-8444-555555555555")
        self.assertEqual(reply.reason, "letter-answer: sentAt 2026-06-11T10:00:00.000Z is before the letter (2026-06-12)")

    def test_file_names_and_counts(self):
        self.send_letter(4, "PREF21-2026-0481")
        two = self.answer(fileNames=[f"{self.ID}-4-4_1.pdf", f"{self.ID}-4-4_2.pdf"])
        reply = self.handle(two)
        self.assertIn("letter-answer: a ReponseLettreObservations carries exactly one document", reply.reason)
        misnamed = self.answer(fileNames=[f"99_CC-{self.ID}-4-4_1.pdf"])
        reply = self.handle(misnamed, id="77777777-2222-4333-8444-555555555555")
        self.assertIn(f"fileNames[0] '99_CC-{self.ID}-4-4_1.pdf' is not {self.ID}-4-4_1.pdf", reply.reason)
        self.assertEqual(self.handle(self.answer(fileNames=[]), id="88888888-2222-4333-8444-555555555555")
                         .business["rules"], ["field-format"])

    def test_checks_the_emitter_and_the_package(self):
        self.send_letter(4, "PREF21-2026-0481")
        payload = self.answer()
        payload["emitter"]["siren"] = "213100001"
        reply = self.handle(payload)
        self.assertEqual(reply.business["rules"], ["package-name", "siren"])
        late = support.build_package(self.directory, self.answer(), letter_date="2026-06-11")
        reply = self.handle(late, id="77777777-2222-4333-8444-555555555555")
        self.assertEqual((reply.outcome, reply.business["rules"]), ("dropped", ["business-xml"]))
        self.assertIn("actes:DateCourrierPref is '2026-06-11', the letter is of '2026-06-12'", reply.reason)

    def test_one_answer_per_letter_even_after_a_restart(self):
        self.send_letter(4, "PREF21-2026-0481")
        self.assertEqual(self.handle(self.answer()).outcome, "letter-answer-acknowledged")
        self.journal = Journal(self.journal.path)  # a restart: letters and answers come back from the log
        letters, answered = letters_state(self.journal)
        self.assertEqual(letters, {"PREF21-2026-0481": {"idActe": self.ID, "letterType": 4,
                                                        "letterDate": "2026-06-12"}})
        self.assertEqual(answered, {"PREF21-2026-0481"})
        self.assertTrue(self.journal.seen("other", "2f3a4b5c-6d7e-4f80-9a1b-2c3d4e5f6a71"))  # the transmissionId
        again = self.answer(2, transmissionId="5c6d7e8f-9a0b-4cd3-8e4f-5a6b7c8d9e04")
        reply = self.handle(again, id="77777777-2222-4333-8444-555555555555")
        self.assertEqual((reply.outcome, reply.reason),
                         ("dropped", "letter-answer: letter PREF21-2026-0481 was already answered (one answer per "
                                     "letter)"))

    def test_a_letter_logged_by_another_process_is_seen_after_a_refresh(self):
        other = Journal(self.journal.path)  # send-letter's journal, in its own process
        other.write("sent", answers.LETTER, "letter-1", outcome="confirmed",
                    business=letter_business(self.ID, 4, "PREF21-2026-0481", self.SENT_AT))
        self.assertEqual(letters_state(self.journal)[0], {})
        self.journal.refresh()
        self.assertIn("PREF21-2026-0481", letters_state(self.journal)[0])
        self.assertEqual(self.handle(self.answer()).outcome, "letter-answer-acknowledged")
        self.journal.refresh()  # its own lines are not read twice
        self.assertEqual(len(Journal(self.journal.path).entries), len(self.journal.entries))

    def test_refused_on_purpose_is_dropped(self):
        self.send_letter(4, "PREF21-2026-0481")
        reply = self.handle(self.answer(), {"refuse": ["letter-answer"]})
        self.assertEqual((reply.outcome, reply.reason),
                         ("dropped", "letter-answer: refused on purpose (simulator control file)"))


if __name__ == "__main__":
    unittest.main()
