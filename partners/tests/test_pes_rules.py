"""The treasury's checks of a PES_Aller, from the payload and from the file (domain §4.1, §4.2)."""

import hashlib
import os
import unittest

import support
from treasury import pes_file, pes_rules

PES_NS = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/aller"


def transmission(**changes):
    payload = support.example("treasury", "PesTransmitV1")
    payload.update(changes)
    return payload


def rules(findings):
    return sorted({rule for rule, _ in findings})


def pes_xml(payload, bordereaux=(("1", True),), **overrides):
    """A PES_Aller whose envelope and EnTetePES carry the payload's keys; one Bordereau per (InfoDematerialisee,
    signed) pair."""
    values = dict(payload, **overrides)
    blocks = "".join(
        f'<Bordereau><BlocBordereau><Exer V="2026"/><IdBord V="{n}"/><InfoDematerialisee V="{info}"/></BlocBordereau>'
        + ('<ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"/>' if signed else "") + "</Bordereau>"
        for n, (info, signed) in enumerate(bordereaux, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><n:PES_Aller xmlns:n="{PES_NS}"><Enveloppe><Parametres>'
            f'<Version V="2"/><TypFic V="{values["typFic"]}"/><NomFic V="{values["nomFic"]}"/></Parametres></Enveloppe>'
            f'<EnTetePES><DteStr V="2026-03-10"/><IdPost V="{values["idPost"]}"/><IdColl V="{values["idColl"]}"/>'
            f'<CodCol V="{values["codCol"]}"/><CodBud V="{values["codBud"]}"/></EnTetePES>'
            f'<PES_DepenseAller>{blocks}</PES_DepenseAller></n:PES_Aller>').encode()


class PayloadTests(unittest.TestCase):
    def test_the_contract_example_passes(self):
        self.assertEqual(pes_rules.check_transmission(transmission()), [])
        self.assertTrue(pes_rules.answerable(transmission()))

    def test_typfic(self):
        self.assertEqual(rules(pes_rules.check_transmission(transmission(typFic="PESALR1"))), ["typfic"])

    def test_entete_keys_are_mandatory(self):
        payload = transmission(codBud="123", idPost="")
        del payload["codCol"]
        self.assertEqual(rules(pes_rules.check_transmission(payload)),
                         ["codbud", "codcol", "idpost", "required-fields"])
        self.assertFalse(pes_rules.answerable(payload))

    def test_idcoll_is_a_siret(self):
        self.assertEqual(rules(pes_rules.check_transmission(transmission(idColl="21210231300014"))), ["idcoll"])
        # La Poste: a SIRET that fails Luhn is valid when its digit sum is a multiple of 5.
        self.assertEqual(pes_rules.check_transmission(transmission(idColl="35600000000001")), [])
        self.assertEqual(rules(pes_rules.check_transmission(transmission(idColl="12345678912345"))), ["idcoll"])

    def test_size_limit(self):
        payload = transmission()
        payload["file"]["sizeBytes"] = 128_000_001
        self.assertEqual(rules(pes_rules.check_transmission(payload)), ["size"])

    def test_nomfic_is_unique_per_codcol(self):
        self.assertEqual(rules(pes_rules.check_transmission(transmission(), [("231", "PESALR2_21231_2026_0042.xml")])),
                         ["nomfic"])
        self.assertEqual(pes_rules.check_transmission(transmission(), [("232", "PESALR2_21231_2026_0042.xml")]), [])


class FileTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)

    def with_file(self, payload, content):
        path = os.path.join(self.directory, payload["nomFic"])
        with open(path, "wb") as handle:
            handle.write(content)
        payload["file"].update(uri="file://" + path, sha256=hashlib.sha256(content).hexdigest(), sizeBytes=len(content))
        return payload

    def check(self, payload):
        path = pes_file.file_path(payload["file"])
        self.assertIsNotNone(path)
        return rules(pes_file.check_file(path, payload))

    def test_a_matching_signed_file_passes(self):
        payload = transmission()
        self.assertEqual(self.check(self.with_file(payload, pes_xml(payload))), [])

    def test_info_dematerialisee_against_signatures(self):
        payload = transmission()
        self.assertEqual(self.check(self.with_file(payload, pes_xml(payload, [("1", False)]))), ["signature"])
        unsigned = transmission(signed=False)
        self.assertEqual(self.check(self.with_file(unsigned, pes_xml(unsigned, [("0", True)]))), ["signature"])
        self.assertEqual(self.check(self.with_file(unsigned, pes_xml(unsigned, [("0", False)]))), [])
        self.assertEqual(self.check(self.with_file(unsigned, pes_xml(unsigned, [("1", True)]))), ["signature"])

    def test_entete_in_the_file_must_match_the_message(self):
        payload = transmission()
        self.assertEqual(self.check(self.with_file(payload, pes_xml(payload, codCol="232"))), ["pes-file"])

    def test_integrity_and_well_formedness(self):
        payload = self.with_file(transmission(), b"<PES_Aller>")
        self.assertEqual(self.check(payload), ["pes-file"])
        payload = transmission()
        payload = self.with_file(payload, pes_xml(payload))
        payload["file"]["sizeBytes"] += 1
        self.assertEqual(self.check(payload), ["file-integrity"])

    def test_https_claim_checks_are_not_fetched(self):
        self.assertIsNone(pes_file.file_path(transmission()["file"]))


if __name__ == "__main__":
    unittest.main()
