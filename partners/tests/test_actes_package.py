"""The prefecture's checks of a package reachable through a file:// claim check (domain §3.4, §3.5)."""

import unittest

import support
from prefecture import actes_package


class PackageTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)

    def check(self, payload):
        path = actes_package.archive_path(payload["package"])
        self.assertIsNotNone(path)
        act = payload["act"]
        return sorted({rule for rule, _ in actes_package.check_archive(
            path, payload["package"], payload["idActe"], "1-1", act["documentFileName"], act["annexFileNames"])})

    def transmission(self, members=None, envelope=True):
        return support.build_package(self.directory, support.example("prefecture", "ActTransmitV1"), members, envelope)

    def test_a_complete_package_passes(self):
        self.assertEqual(self.check(self.transmission()), [])

    def test_only_file_uris_to_existing_archives_are_opened(self):
        self.assertIsNone(actes_package.archive_path(support.example("prefecture", "ActTransmitV1")["package"]))
        self.assertIsNone(actes_package.archive_path({"uri": "file:///nonexistent/x.tar.gz"}))

    def test_missing_envelope(self):
        self.assertEqual(self.check(self.transmission(envelope=False)), ["package-content"])

    def test_missing_annex_and_undeclared_member(self):
        payload = support.example("prefecture", "ActTransmitV1")
        missing = payload["act"]["annexFileNames"][1]
        payload = support.build_package(self.directory, payload, {missing: None, "notes.txt": b"x"})
        self.assertEqual(self.check(payload), ["package-content"])

    def test_type_is_detected_from_the_content(self):
        payload = support.example("prefecture", "ActTransmitV1")
        act, annex = payload["act"]["documentFileName"], payload["act"]["annexFileNames"][0]
        payload = support.build_package(self.directory, payload, {act: b"MZ not a pdf", annex: b"\x89PNG\r\n\x1a\n.."})
        self.assertEqual(self.check(payload), ["annex-type", "document-type"])

    def test_integrity_against_the_claim_check(self):
        payload = self.transmission()
        payload["package"]["sha256"] = "0" * 64
        self.assertEqual(self.check(payload), ["package-integrity"])

    def test_not_a_tar_gz(self):
        payload = self.transmission()
        with open(actes_package.archive_path(payload["package"]), "wb") as handle:
            handle.write(b"plain text")
        self.assertIn("package-content", self.check(payload))


if __name__ == "__main__":
    unittest.main()
