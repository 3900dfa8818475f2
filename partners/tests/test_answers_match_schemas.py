"""Every answer the simulators build validates against its contract schema, with python-jsonschema through
scripts/lib/partner_contracts.py --validate (the check a partner runs on the contracts' examples).
PASSERELLE_PARTNER_CONTRACTS_DIR points it at another contracts or bundle directory."""

import datetime
import os
import unittest

import support
from prefecture import answers as prefecture_answers
from treasury import answers as treasury_answers

ID = "021-212102313-20260504-MP2026_014-CC"


class AnswersMatchSchemasTests(unittest.TestCase):
    def test_every_answer_validates(self):
        files = os.path.join(support.temporary_directory(self), "files")
        transmit = support.example("prefecture", "ActTransmitV1")
        pes = support.example("treasury", "PesTransmitV1")
        today = datetime.date(2026, 12, 7)
        information = [{"domain": "depense", "code": "INF01", "message": "Pièce 12 transmise hors flux."}]
        items = [
            ("prefecture.act.acknowledged.v1", prefecture_answers.acknowledged(transmit, today, files)),
            ("prefecture.act.anomaly-reported.v1",
             prefecture_answers.anomaly(ID, "classification: x" * 300, files, transmit["act"])),
            ("prefecture.act.cancellation-acknowledged.v1", prefecture_answers.cancellation_acknowledged(ID, today)),
            ("prefecture.classification.returned.v1",
             prefecture_answers.classification_returned(
                 support.example("prefecture", "ClassificationRequestV1")["emitter"], "2026-01-15", files)),
            *[("prefecture.letter.sent.v1", prefecture_answers.letter(ID, letter_type, f"PREF21-2026-000{letter_type}",
                                                                      files)) for letter_type in (2, 3, 4, 5)],
            *[("prefecture.letter.answer-acknowledged.v1",
               prefecture_answers.letter_answer_acknowledged(support.example("prefecture", "LetterAnswerV1", n), today))
              for n in range(3)],
            ("treasury.pes.acquitted.v1", treasury_answers.acquitted(pes, files)),
            ("treasury.pes.acquitted.v1", treasury_answers.acquitted(pes, files, information)),
            ("treasury.pes.refused.v1", treasury_answers.refused(pes, [("signature", "x" * 3000)] * 2, files)),
            ("treasury.pes.return.v1",
             treasury_answers.pes_return("PESRETOUR_20261207_0001.xml", pes["idColl"], pes["codCol"], files,
                                         cod_bud=pes["codBud"])),
            ("treasury.pes.return.v1",
             treasury_answers.pes_return("PESRETOUR_20261207_0002", "35600000000048", "A1", files,
                                         typ_fic="PESRETOUR")),
        ]
        code, output = support.validate([{"type": t, "payload": p, "name": f"{t} #{n}"}
                                         for n, (t, p) in enumerate(items)])
        self.assertEqual(code, 0, output)
        self.assertEqual(output.count("ok   "), len(items), output)

    def test_the_check_catches_a_wrong_answer(self):
        wrong = prefecture_answers.cancellation_acknowledged("21-212102313-20260504-MP2026_014-CC",
                                                             datetime.date(2026, 12, 7))
        code, output = support.validate([{"type": "prefecture.act.cancellation-acknowledged.v1", "payload": wrong}])
        self.assertEqual(code, 1, output)
        self.assertIn("idActe", output)


if __name__ == "__main__":
    unittest.main()
