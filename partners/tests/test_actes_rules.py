"""The prefecture's checks of a transmission and a cancellation (domain §1.4, §3.2-§3.5, §3.8)."""

import datetime
import json
import unittest

import support
from prefecture import actes_rules

TODAY = datetime.date(2026, 12, 7)
ID = "021-212102313-20260504-MP2026_014-CC"


def transmission(**changes):
    payload = support.example("prefecture", "ActTransmitV1")
    for path, value in changes.items():
        target, *keys = path.split("__")
        holder = payload
        for key in [target, *keys][:-1]:
            holder = holder[key]
        holder[[target, *keys][-1]] = value
    return payload


def renumbered(payload, old, new):
    """The payload with its IDActe part `old` replaced by `new` everywhere (idActe, act fields, file names)."""
    return json.loads(json.dumps(payload).replace(old, new))


def rules(findings):
    return sorted({rule for rule, _ in findings})


class TransmissionTests(unittest.TestCase):
    def test_the_contract_example_passes(self):
        self.assertEqual(actes_rules.check_transmission(transmission(), TODAY), [])

    def test_numero_interne_strict_rule(self):
        bad = renumbered(transmission(), "MP2026_014", "ACTE-01")
        self.assertIn("id-acte", rules(actes_rules.check_transmission(bad, TODAY)))
        self.assertIn("numero-interne", rules(actes_rules.check_transmission(bad, TODAY)))
        good = renumbered(transmission(), "MP2026_014", "ACTE_01")
        self.assertEqual(actes_rules.check_transmission(good, TODAY), [])
        trailing = renumbered(transmission(), "MP2026_014", "ACTE_")
        self.assertIn("numero-interne", rules(actes_rules.check_transmission(trailing, TODAY)))

    def test_numero_interne_is_unique_per_authority(self):
        findings = actes_rules.check_transmission(transmission(), TODAY, acknowledged=[ID])
        self.assertEqual(rules(findings), ["numero-interne"])
        other_authority = ["021-213100001-20260101-MP2026_014-DE"]
        self.assertEqual(actes_rules.check_transmission(transmission(), TODAY, acknowledged=other_authority), [])

    def test_siren_luhn_and_consistency(self):
        bad_key = renumbered(transmission(), "212102313", "213400000")
        self.assertEqual(rules(actes_rules.check_transmission(bad_key, TODAY)), ["siren"])
        other = transmission(emitter__siren="213100001")
        self.assertIn("siren", rules(actes_rules.check_transmission(other, TODAY)))

    def test_departement_table_and_consistency(self):
        corsica = renumbered(transmission(), "021-", "02A-")
        corsica["emitter"]["departement"] = "02A"
        self.assertEqual(actes_rules.check_transmission(corsica, TODAY), [])
        self.assertEqual(corsica["idActe"][:3], "02A")
        mismatch = transmission(emitter__departement="025")
        self.assertEqual(rules(actes_rules.check_transmission(mismatch, TODAY)), ["departement"])
        unknown = renumbered(transmission(), "021-", "099-")
        unknown["emitter"]["departement"] = "099"
        self.assertIn("departement", rules(actes_rules.check_transmission(unknown, TODAY)))

    def test_decision_date_matches_the_id_and_is_not_in_the_future(self):
        self.assertEqual(rules(actes_rules.check_transmission(transmission(act__decisionDate="2026-05-03"), TODAY)),
                         ["decision-date"])
        future = renumbered(transmission(), "20260504", "20270101")
        future["act"]["decisionDate"] = "2027-01-01"
        self.assertIn("decision-date", rules(actes_rules.check_transmission(future, TODAY)))

    def test_nature_code_and_abbreviation(self):
        self.assertEqual(rules(actes_rules.check_transmission(transmission(act__natureCode="1"), TODAY)), ["nature"])
        self.assertIn("nature", rules(actes_rules.check_transmission(transmission(act__natureCode="7"), TODAY)))

    def test_classification_path(self):
        for matter in ("1.1", "7.10", "9.1.2.3.4"):
            self.assertEqual(actes_rules.check_transmission(transmission(act__matter=matter), TODAY), [], matter)
        for matter in ("0.1", "1.", "1.100", "1.1.1.1.1.1", "7,1"):
            self.assertEqual(rules(actes_rules.check_transmission(transmission(act__matter=matter), TODAY)),
                             ["classification"], matter)

    def test_object_and_return_addresses(self):
        self.assertEqual(rules(actes_rules.check_transmission(transmission(act__object="a\nb"), TODAY)), ["object"])
        self.assertEqual(rules(actes_rules.check_transmission(transmission(act__object="x" * 500), TODAY)), ["object"])
        duplicated = transmission(returnAddresses=["a@b.example", "a@b.example"])
        self.assertEqual(rules(actes_rules.check_transmission(duplicated, TODAY)), ["return-addresses"])

    def test_file_names_follow_the_id_acte(self):
        bad_act = transmission(act__documentFileName="acte.pdf")
        self.assertEqual(rules(actes_rules.check_transmission(bad_act, TODAY)), ["document-file-name"])
        annex_one = transmission(act__annexFileNames=[f"{ID}-1-1_1.pdf"])
        self.assertEqual(rules(actes_rules.check_transmission(annex_one, TODAY)), ["annex-file-names"])
        twice = transmission(act__annexFileNames=[f"{ID}-1-1_2.pdf", f"99_AI-{ID}-1-1_2.pdf"])
        self.assertEqual(rules(actes_rules.check_transmission(twice, TODAY)), ["annex-file-names"])
        other_act = transmission(act__annexFileNames=["021-212102313-20260504-OTHER-CC-1-1_2.pdf"])
        self.assertEqual(rules(actes_rules.check_transmission(other_act, TODAY)), ["annex-file-names"])

    def test_xml_act_only_for_budget_in_matter_7_1(self):
        budget = renumbered(transmission(), "-CC", "-BF")
        budget["act"].update(natureCode="5", matter="7.1", documentFileName=f"{budget['idActe']}-1-1_1.xml",
                             annexFileNames=[f"{budget['idActe']}-1-1_2.pdf"])
        self.assertEqual(actes_rules.check_transmission(budget, TODAY), [])
        budget["act"]["matter"] = "7.2"
        self.assertEqual(rules(actes_rules.check_transmission(budget, TODAY)), ["document-type"])
        budget["act"]["matter"] = "7.10"
        self.assertEqual(rules(actes_rules.check_transmission(budget, TODAY)), ["document-type"])
        budget["act"].update(matter="7.1", annexFileNames=[f"{budget['idActe']}-1-1_2.png"])
        self.assertEqual(rules(actes_rules.check_transmission(budget, TODAY)), ["annex-type"])
        xml_contract = transmission(act__documentFileName=f"{ID}-1-1_1.xml")
        self.assertEqual(rules(actes_rules.check_transmission(xml_contract, TODAY)), ["document-type"])

    def test_annex_types(self):
        ok = transmission(act__annexFileNames=[f"{ID}-1-1_2.png", f"{ID}-1-1_3.jpg", f"{ID}-1-1_4.xml"])
        self.assertEqual(actes_rules.check_transmission(ok, TODAY), [])
        self.assertEqual(rules(actes_rules.check_transmission(transmission(act__annexFileNames=[f"{ID}-1-1_2.doc"]),
                                                              TODAY)), ["annex-type"])

    def test_size_limit_150_mb(self):
        self.assertEqual(actes_rules.check_transmission(transmission(package__sizeBytes=157_286_400), TODAY), [])
        over = transmission(package__sizeBytes=(149 + 2) * 1024 * 1024)
        self.assertEqual(rules(actes_rules.check_transmission(over, TODAY)), ["size"])

    def test_package_name(self):
        self.assertEqual(rules(actes_rules.check_transmission(transmission(package__fileName="paquet.tar.gz"), TODAY)),
                         ["package-name"])
        other_siren = transmission(package__fileName="pas-PAS--213100001--20260505-1.tar.gz")
        self.assertEqual(rules(actes_rules.check_transmission(other_siren, TODAY)), ["package-name"])

    def test_required_unknown_and_malformed_fields(self):
        payload = transmission()
        del payload["referent"]
        payload["extra"] = 1
        payload["act"]["signed"] = "no"
        self.assertEqual(rules(actes_rules.check_transmission(payload, TODAY)),
                         ["field-format", "required-fields", "unknown-fields"])
        self.assertIn("field-format", rules(actes_rules.check_transmission(transmission(transmissionId="x"), TODAY)))

    def test_an_id_acte_outside_the_contract_cannot_be_parsed(self):
        self.assertIsNone(actes_rules.parse_id_acte("21-212102313-20260504-MP2026_014-CC"))
        self.assertEqual(actes_rules.parse_id_acte(ID)["numero"], "MP2026_014")


class CancellationTests(unittest.TestCase):
    def cancel(self):
        return support.example("prefecture", "ActCancelV1")

    def test_only_an_acknowledged_act_can_be_cancelled(self):
        act = self.cancel()["idActe"]
        self.assertEqual(actes_rules.check_cancellation(self.cancel(), {act}, set()), [])
        self.assertEqual(rules(actes_rules.check_cancellation(self.cancel(), set(), set())), ["cancellation"])
        self.assertEqual(rules(actes_rules.check_cancellation(self.cancel(), {act}, {act})), ["cancellation"])

    def test_cancellation_package_names_the_authority(self):
        payload = self.cancel()
        payload["package"]["fileName"] = "pas-PAS--213100001--20260202-3.tar.gz"
        self.assertEqual(rules(actes_rules.check_cancellation(payload, {payload["idActe"]}, set())), ["package-name"])


if __name__ == "__main__":
    unittest.main()
