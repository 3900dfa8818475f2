"""The prefecture's checks of a package reachable through a file:// claim check (domain §3.4, §3.5): its
members, and the content of its envelope and business XML against the message."""

import unittest

import support
from prefecture import actes_package

ID = "021-212102313-20260504-MP2026_014-CC"
ENVELOPE = "PAS--212102313--20260505-1.xml"
BUSINESS = f"{ID}-1-1_0.xml"


def latin1(text):
    return text.encode("iso-8859-1")


class PackageTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)

    def check(self, payload, message=True):
        path = actes_package.archive_path(payload["package"])
        self.assertIsNotNone(path)
        act = payload["act"]
        return sorted({rule for rule, _ in actes_package.check_archive(
            path, payload["package"], payload["idActe"], "1-1", act["documentFileName"], act["annexFileNames"],
            message=payload if message else None)})

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

    def test_without_the_message_only_the_members_are_checked(self):
        payload = self.transmission({ENVELOPE: b"<?xml version='1.0'?><E/>", BUSINESS: b"<Acte/>"})
        self.assertEqual(self.check(payload, message=False), [])
        self.assertEqual(self.check(payload), ["business-xml", "envelope"])


class XMLCase(unittest.TestCase):
    """One changed file against the example transmission; `findings` gives the rules and messages."""

    def setUp(self):
        self.directory = support.temporary_directory(self)

    def original(self, name, payload=None):
        return support.package_members(payload or support.example("prefecture", "ActTransmitV1"))[name]

    def findings(self, name, content, payload=None):
        payload = support.build_package(self.directory, payload or support.example("prefecture", "ActTransmitV1"),
                                        {name: content})
        act = payload["act"]
        return actes_package.check_archive(actes_package.archive_path(payload["package"]), payload["package"],
                                           payload["idActe"], "1-1", act["documentFileName"], act["annexFileNames"],
                                           message=payload)

    def assertFinding(self, rule, fragment, name, content, payload=None):
        findings = self.findings(name, content, payload)
        self.assertEqual(sorted({r for r, _ in findings}), [rule], findings)
        self.assertTrue(any(fragment in message for _, message in findings), findings)

    def replaced(self, name, old, new, payload=None):
        original = self.original(name, payload)
        self.assertIn(old, original)
        return original.replace(old, new)


class EnvelopeTests(XMLCase):
    def test_declaration_and_encoding(self):
        utf8_declared = self.replaced(ENVELOPE, b'encoding="ISO-8859-1"', b'encoding="UTF-8"')
        self.assertFinding("envelope", "does not start with", ENVELOPE, utf8_declared)
        utf8_content = self.original(ENVELOPE).decode("iso-8859-1").encode("utf-8")
        self.assertFinding("envelope", "encoded UTF-8", ENVELOPE, utf8_content)
        self.assertFinding("envelope", "not well-formed", ENVELOPE, self.original(ENVELOPE)[:-30])

    def test_root_element_and_namespace(self):
        self.assertFinding("envelope", "root element", ENVELOPE,
                           self.replaced(ENVELOPE, b"EnveloppeCLMISILL", b"EnveloppeMISILLCL"))
        self.assertFinding("envelope", "root element", ENVELOPE,
                           self.replaced(ENVELOPE, b"ACTES#v1.1-20040216", b"ACTES#v2"))

    def test_idcl_equals_the_emitter(self):
        for old, new in ((b'insee:SIREN="212102313"', b'insee:SIREN="213100001"'),
                         (b'actes:Departement="021"', b'actes:Departement="025"'),
                         (b'actes:Arrondissement="2"', b'actes:Arrondissement="1"'),
                         (b'actes:Nature="31"', b'actes:Nature="44"'),
                         (b'xmlns:insee="http://xml.insee.fr/schema"', b'xmlns:insee="urn:other"')):
            with self.subTest(new=new):
                self.assertFinding("envelope", "IDCL", ENVELOPE, self.replaced(ENVELOPE, old, new))

    def test_referent_equals_the_message(self):
        self.assertFinding("envelope", "Referent/Nom", ENVELOPE,
                           self.replaced(ENVELOPE, latin1("Service des assemblées"), b"Jeanne Martin"))
        self.assertFinding("envelope", "Referent/Email", ENVELOPE,
                           self.replaced(ENVELOPE, b"<actes:Email>actes@mairie-exemple.example</actes:Email>\n    </",
                                         b"<actes:Email>other@example.org</actes:Email>\n    </"))
        self.assertFinding("envelope", "Referent/Telephone", ENVELOPE,
                           self.replaced(ENVELOPE, b"+33 3 80 00 00 01", b"+33 3 80 00 00 02"))

    def test_return_addresses(self):
        self.assertFinding("envelope", "AdressesRetour lists", ENVELOPE,
                           self.replaced(ENVELOPE, b"commande-publique@", b"marches@"))
        self.assertFinding("envelope", "not de-duplicated", ENVELOPE,
                           self.replaced(ENVELOPE, b"commande-publique@", b"actes@"))
        empty = self.original(ENVELOPE)
        start, end = empty.index(b"<actes:AdressesRetour>"), empty.index(b"</actes:AdressesRetour>")
        self.assertFinding("envelope", "at least one", ENVELOPE,
                           empty[:start] + b"<actes:AdressesRetour>" + empty[end:])

    def test_formulaires_envoyes_lists_the_business_xml(self):
        self.assertFinding("envelope", "FormulairesEnvoyes", ENVELOPE,
                           self.replaced(ENVELOPE, b"-CC-1-1_0.xml", b"-CC-1-1_1.xml"))
        twice = self.replaced(ENVELOPE, b"</actes:FormulairesEnvoyes>",
                              b"<actes:Formulaire><actes:NomFichier>x.xml</actes:NomFichier></actes:Formulaire>"
                              b"</actes:FormulairesEnvoyes>")
        self.assertFinding("envelope", "FormulairesEnvoyes", ENVELOPE, twice)


class ActXMLTests(XMLCase):
    def test_declaration_and_root(self):
        self.assertFinding("business-xml", "does not start with", BUSINESS,
                           self.replaced(BUSINESS, b'<?xml version="1.0" encoding="ISO-8859-1"?>\n', b""))
        self.assertFinding("business-xml", "root element", BUSINESS,
                           self.replaced(BUSINESS, b"<actes:Acte ", b"<actes:ActeRecu ").replace(
                               b"</actes:Acte>", b"</actes:ActeRecu>"))

    def test_attributes_equal_the_act(self):
        for old, new, what in ((b'actes:Date="2026-05-04"', b'actes:Date="2026-05-03"', "actes:Date"),
                               (b'actes:NumeroInterne="MP2026_014"', b'actes:NumeroInterne="MP2026_015"',
                                "NumeroInterne"),
                               (b'actes:CodeNatureActe="4"', b'actes:CodeNatureActe="1"', "CodeNatureActe")):
            with self.subTest(what=what):
                self.assertFinding("business-xml", what, BUSINESS, self.replaced(BUSINESS, old, new))

    def test_matter_levels(self):
        self.assertFinding("business-xml", "the matter", BUSINESS,
                           self.replaced(BUSINESS, b'CodeMatiere2 actes:CodeMatiere="1"',
                                         b'CodeMatiere2 actes:CodeMatiere="10"'))
        self.assertFinding("business-xml", "no gap", BUSINESS,
                           self.replaced(BUSINESS, b"CodeMatiere2 ", b"CodeMatiere3 "))
        payload = support.example("prefecture", "ActTransmitV1")
        payload["act"]["matter"] = "7.10"
        self.assertEqual(self.findings(BUSINESS, self.original(BUSINESS, payload), payload), [])

    def test_texts_equal_the_act(self):
        self.assertFinding("business-xml", "Objet", BUSINESS,
                           self.replaced(BUSINESS, latin1("infogérance"), b"infogerance"))
        self.assertFinding("business-xml", "ClassificationDateVersion", BUSINESS,
                           self.replaced(BUSINESS, b">2025-11-03<", b">2026-01-15<"))
        self.assertFinding("business-xml", "Document/NomFichier", BUSINESS,
                           self.replaced(BUSINESS, b"99_CC-", b"99_CO-"))

    def test_annexes(self):
        self.assertFinding("business-xml", "Nombre", BUSINESS,
                           self.replaced(BUSINESS, b'actes:Nombre="2"', b'actes:Nombre="3"'))
        original = self.original(BUSINESS)
        first = b"<actes:Annexe><actes:NomFichier>021-212102313-20260504-MP2026_014-CC-1-1_2.pdf"
        second = b"<actes:Annexe><actes:NomFichier>021-212102313-20260504-MP2026_014-CC-1-1_3.pdf"
        swapped = original.replace(first, b"@@").replace(second, first).replace(b"@@", second)
        self.assertFinding("business-xml", "in order", BUSINESS, swapped)

    def test_document_papier(self):
        self.assertFinding("business-xml", "DocumentPapier", BUSINESS,
                           self.replaced(BUSINESS, b">N</actes:DocumentPapier>", b">O</actes:DocumentPapier>"))
        self.assertFinding("business-xml", "not O or N", BUSINESS,
                           self.replaced(BUSINESS, b">N</actes:DocumentPapier>", b">non</actes:DocumentPapier>"))
        absent = self.replaced(BUSINESS, b"  <actes:DocumentPapier>N</actes:DocumentPapier>\n", b"")
        self.assertEqual(self.findings(BUSINESS, absent), [])  # absent reads as N
        paper = support.example("prefecture", "ActTransmitV1")
        paper["act"]["paperDocument"] = True
        self.assertFinding("business-xml", "DocumentPapier is missing", BUSINESS,
                           self.replaced(BUSINESS, b"  <actes:DocumentPapier>O</actes:DocumentPapier>\n", b"", paper),
                           paper)

    def test_shape(self):
        self.assertFinding("business-xml", "not in the order", BUSINESS,
                           self.replaced(BUSINESS, b"  <actes:Objet>",
                                         b"  <actes:DocumentPapier>N</actes:DocumentPapier>\n  <actes:Objet>"))
        self.assertFinding("business-xml", "unexpected element", BUSINESS,
                           self.replaced(BUSINESS, b"</actes:Acte>", b"<actes:Signature/></actes:Acte>"))
        self.assertFinding("business-xml", "Annexes is missing", BUSINESS,
                           self.original(BUSINESS)[:self.original(BUSINESS).index(b"  <actes:Annexes")]
                           + b"  <actes:DocumentPapier>N</actes:DocumentPapier>\n</actes:Acte>\n")


class CancellationPackageTests(unittest.TestCase):
    def setUp(self):
        self.directory = support.temporary_directory(self)

    def check(self, members=None):
        payload = support.build_package(self.directory, support.example("prefecture", "ActCancelV1"), members)
        return actes_package.check_archive(actes_package.archive_path(payload["package"]), payload["package"],
                                           payload["idActe"], "6-1", message=payload)

    def test_a_complete_package_passes(self):
        self.assertEqual(self.check(), [])

    def test_annulation_names_the_act(self):
        name = "021-212102313-20260115-DEL2026_001-DE-6-1_0.xml"
        wrong = support.cancellation_xml("021-212102313-20260115-DEL2026_002-DE")
        self.assertEqual([rule for rule, _ in self.check({name: wrong})], ["business-xml"])
        acte = support.package_members(support.example("prefecture", "ActTransmitV1"))[BUSINESS]
        self.assertEqual([rule for rule, _ in self.check({name: acte})], ["business-xml"])

    def test_envelope_idcl_is_the_acts_authority(self):
        envelope = "PAS--212102313--20260202-3.xml"
        other = support.envelope_xml({"siren": "213100001", "departement": "021", "arrondissement": "2",
                                      "nature": "31"}, support.DEFAULT_REFERENT, ["a@example.org"],
                                     ["021-212102313-20260115-DEL2026_001-DE-6-1_0.xml"])
        findings = self.check({envelope: other})
        self.assertEqual([rule for rule, _ in findings], ["envelope"], findings)
        self.assertIn("insee:SIREN", findings[0][1])


class ClassificationPackageTests(unittest.TestCase):
    REQUEST = "021-212102313----7-1_0.xml"

    def setUp(self):
        self.directory = support.temporary_directory(self)

    def check(self, members=None, index=0, **changes):
        payload = support.example("prefecture", "ClassificationRequestV1", index)
        payload.update(changes)
        payload = support.build_package(self.directory, payload, members)
        return actes_package.check_classification_archive(actes_package.archive_path(payload["package"]),
                                                          payload["package"], payload)

    def test_complete_packages_pass(self):
        self.assertEqual(self.check(), [])
        self.assertEqual(self.check(index=1), [])  # no lastClassificationDate, no DateClassification

    def test_date_classification_equals_last_classification_date(self):
        for members, index in (({self.REQUEST: support.classification_request_xml(None)}, 0),
                               ({self.REQUEST: support.classification_request_xml("2025-11-03")}, 1),
                               ({self.REQUEST: support.classification_request_xml("2025-11-04")}, 0)):
            with self.subTest(index=index, members=members):
                self.assertEqual([rule for rule, _ in self.check(members, index)], ["classification-request"])
        wrong_root = support.cancellation_xml("021-212102313-20260115-DEL2026_001-DE")
        self.assertEqual([rule for rule, _ in self.check({self.REQUEST: wrong_root})], ["classification-request"])

    def test_members_and_envelope(self):
        self.assertEqual(sorted({rule for rule, _ in self.check({self.REQUEST: None})}), ["package-content"])
        other = support.envelope_xml(support.example("prefecture", "ClassificationRequestV1")["emitter"],
                                     support.DEFAULT_REFERENT, ["a@example.org"], ["021-212102313----7-1_1.xml"])
        findings = self.check({"PAS--212102313--20260116-1.xml": other})
        self.assertEqual([rule for rule, _ in findings], ["envelope"], findings)
        self.assertIn("FormulairesEnvoyes", findings[0][1])


class LetterAnswerPackageTests(unittest.TestCase):
    """The package of an answer to a letter: the envelope, {IDActe}-{t}-{a}_0.xml as actesv1_1.xsd has it, and
    the documents."""

    DATE = "2026-06-12"

    def setUp(self):
        self.directory = support.temporary_directory(self)

    def payload(self, index=0):
        return support.example("prefecture", "LetterAnswerV1", index)

    def check(self, members=None, index=0, letter_date=DATE, payload=None, **changes):
        payload = payload or self.payload(index)
        payload.update(changes)
        payload = support.build_package(self.directory, payload, members, letter_date=self.DATE)
        return actes_package.check_letter_answer_archive(actes_package.archive_path(payload["package"]),
                                                         payload["package"], payload, letter_date)

    def business(self, index=0):
        payload = self.payload(index)
        return f"{payload['idActe']}-{payload['letterType']}-{payload['answerType']}_0.xml"

    def replaced(self, old, new, index=0):
        original = support.package_members(self.payload(index), self.DATE)[self.business(index)]
        self.assertIn(old, original)
        return {self.business(index): original.replace(old, new)}

    def assertRules(self, rules, findings, fragment=None):
        self.assertEqual(sorted({rule for rule, _ in findings}), rules, findings)
        if fragment:
            self.assertTrue(any(fragment in message for _, message in findings), findings)

    def test_complete_packages_pass(self):
        for index in range(3):  # ReponseLettreObservations, PieceComplementaire (two documents), RejetLettreObservations
            with self.subTest(index=index):
                self.assertEqual(self.check(index=index), [])
        refusal = self.payload(1)
        refusal.update(answerType=3, fileNames=[refusal["fileNames"][0].replace("-3-4_", "-3-3_")])
        self.assertEqual(self.check(payload=refusal), [])  # RefusPieceComplementaire
        self.assertEqual(self.check(letter_date=None), [])  # letter date unknown: any DateCourrierPref

    def test_the_xml_is_the_xsd_shape(self):
        xml = support.package_members(self.payload(1), self.DATE)[self.business(1)].decode("iso-8859-1")
        self.assertIn('<actes:PieceComplementaire xmlns:actes="http://www.interieur.gouv.fr/ACTES#v1.1-20040216"', xml)
        self.assertIn('actes:DateCourrierPref="2026-06-12"', xml)
        self.assertIn("<actes:Documents>\n    <actes:Document><actes:NomFichier>", xml)

    def test_root_element_names_the_kind(self):
        wrong = self.replaced(b"actes:ReponseLettreObservations", b"actes:RejetLettreObservations")
        self.assertRules(["business-xml"], self.check(wrong), "root element is RejetLettreObservations")

    def test_attributes(self):
        self.assertRules(["business-xml"], self.check(self.replaced(b'DateCourrierPref="2026-06-12"',
                                                                    b'DateCourrierPref="2026-06-22"')),
                         "DateCourrierPref is '2026-06-22', the letter is of '2026-06-12'")
        self.assertRules(["business-xml"], self.check(self.replaced(b' actes:DateCourrierPref="2026-06-12"', b"")),
                         "DateCourrierPref (the date of the letter) is missing")
        self.assertRules(["business-xml"], self.check(self.replaced(b'IDActe="021-212102313-20260504-MP2026_014-CC"',
                                                                    b'IDActe="021-212102313-20260504-MP2026_015-CC"')),
                         "actes:IDActe")

    def test_documents_of_a_piece_complementaire(self):
        name = b"021-212102313-20260504-MP2026_014-CC-3-4_2.pdf"
        swapped = self.replaced(b"3-4_1.pdf</actes:NomFichier>", b"3-4_9.pdf</actes:NomFichier>", 1)
        self.assertRules(["business-xml"], self.check(swapped, 1), "Documents/Document/NomFichier, in order")
        bare = self.replaced(b"<actes:Document><actes:NomFichier>" + name + b"</actes:NomFichier></actes:Document>",
                             b"<actes:NomFichier>" + name + b"</actes:NomFichier>", 1)
        self.assertRules(["business-xml"], self.check(bare, 1), "unexpected element NomFichier in Documents")
        unwrapped = self.replaced(b"<actes:Documents>", b"", 1)
        unwrapped[self.business(1)] = unwrapped[self.business(1)].replace(b"</actes:Documents>", b"")
        self.assertRules(["business-xml"], self.check(unwrapped, 1), "not one Documents")

    def test_one_document_for_the_others(self):
        wrapped = self.replaced(b"<actes:Document>", b"<actes:Documents><actes:Document>")
        wrapped[self.business()] = wrapped[self.business()].replace(b"</actes:Document>",
                                                                    b"</actes:Document></actes:Documents>")
        self.assertRules(["business-xml"], self.check(wrapped), "not one Document")
        motif = self.replaced(b"</actes:ReponseLettreObservations>",
                              b"<actes:Motif>texte</actes:Motif></actes:ReponseLettreObservations>")
        self.assertRules(["business-xml"], self.check(motif), "holds Document, Motif")
        renamed = self.replaced(b"4-4_1.pdf</actes:NomFichier>", b"4-4_2.pdf</actes:NomFichier>")
        self.assertRules(["business-xml"], self.check(renamed), "Document/NomFichier")
        signed = self.replaced(b"</actes:NomFichier>", b"</actes:NomFichier><actes:Signature>MII=</actes:Signature>")
        self.assertEqual(self.check(signed), [])

    def test_members_and_envelope(self):
        document = self.payload()["fileNames"][0]
        self.assertRules(["package-content"], self.check({document: None}), "is missing")
        self.assertRules(["package-content"], self.check({document: b"\x89PNG\r\n\x1a\n"}), "not PDF")
        self.assertRules(["package-content"], self.check({"extra.pdf": b"%PDF-1.4"}), "not declared")
        envelope = "PAS--212102313--20260622-2.xml"
        other = support.envelope_xml(self.payload()["emitter"], support.DEFAULT_REFERENT, ["a@example.org"],
                                     [self.business().replace("_0.xml", "_1.xml")])
        self.assertRules(["envelope"], self.check({envelope: other}), "FormulairesEnvoyes")
        utf8 = support.package_members(self.payload(), self.DATE)[self.business()].replace(
            b'encoding="ISO-8859-1"', b'encoding="UTF-8"')
        self.assertRules(["business-xml"], self.check({self.business(): utf8}), "does not start with")

    def test_an_unknown_kind_checks_the_members_only(self):
        payload = support.build_package(self.directory, self.payload(), letter_date=self.DATE)
        payload["answerType"] = 5  # the letter-answer rule says so; no XML check without a root to expect
        findings = actes_package.check_letter_answer_archive(actes_package.archive_path(payload["package"]),
                                                             payload["package"], payload, self.DATE)
        self.assertRules(["package-content"], findings, "4-5_0.xml is missing")


if __name__ == "__main__":
    unittest.main()
