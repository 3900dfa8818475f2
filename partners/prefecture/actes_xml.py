"""The checks on the XML files inside an ACTES package (domain §3.4): the envelope `EnveloppeCLMISILL` and the
business XML of a transmission (`Acte`, 1-1), a cancellation (`Annulation`, 6-1), a classification request
(`DemandeClassification`, 7-1) or an answer to a prefecture letter (`PieceComplementaire` 3-4,
`RefusPieceComplementaire` 3-3, `ReponseLettreObservations` 4-4, `RejetLettreObservations` 4-3), against the message
that announces the package.

Both files are encoded ISO-8859-1 and say so in their declaration; xml.etree honours the declared encoding.
Each finding is (rule, message): `envelope` for the envelope, `business-xml` for the Acte, the Annulation and the
answers to letters, `classification-request` for the DemandeClassification.
"""

import re
import xml.etree.ElementTree as ET

ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
INSEE_NS = "http://xml.insee.fr/schema"
DECLARATION = re.compile(
    rb"""^<\?xml\s+version\s*=\s*(["'])1\.0\1\s+encoding\s*=\s*(["'])ISO-8859-1\2"""
    rb"""(\s+standalone\s*=\s*(["'])(yes|no)\4)?\s*\?>""", re.IGNORECASE)
DECLARATION_TEXT = '<?xml version="1.0" encoding="ISO-8859-1"?>'
MATTER_LEVEL = re.compile(r"^CodeMatiere([1-5])$")
ACT_ORDER = ("CodeMatiere", "Objet", "ClassificationDateVersion", "Document", "Annexes", "DocumentPapier")


def q(name, namespace=ACTES_NS):
    return f"{{{namespace}}}{name}"


def _local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else str(tag)


def _text(element):
    return element.text if element is not None and element.text is not None else ""


def parse(data, name, rule, findings):
    """The root element of the ISO-8859-1 document `data`, or None after adding the findings that prevent
    reading it. A declaration other than ISO-8859-1, or bytes that are UTF-8 rather than Latin-1, are findings
    too (the document is still read when it is well-formed)."""
    if not DECLARATION.match(data):
        findings.append((rule, f"{name} does not start with {DECLARATION_TEXT} (the file must be encoded "
                               "ISO-8859-1 and declare it)"))
    elif any(byte >= 0x80 for byte in data):
        try:
            data.decode("utf-8")
            findings.append((rule, f"{name} is encoded UTF-8, not ISO-8859-1 as it declares"))
        except UnicodeDecodeError:
            pass  # Latin-1 text with accents is not valid UTF-8: as expected
    try:
        return ET.fromstring(data)
    except ET.ParseError as error:
        findings.append((rule, f"{name} is not well-formed XML ({error})"))
        return None


def _root_is(root, expected, name, rule, findings):
    if root.tag != q(expected):
        findings.append((rule, f"{name}: the root element is {_local(root.tag)} in namespace "
                               f"{root.tag[1:].split('}')[0] if root.tag.startswith('{') else 'none'}, not "
                               f"actes:{expected} in {ACTES_NS}"))
        return False
    return True


def _equal(findings, rule, name, what, found, expected):
    if found != expected:
        findings.append((rule, f"{name}: {what} is {found!r}, the message says {expected!r}"))


def check_envelope(data, name, forms, emitter=None, referent=None, return_addresses=None):
    """Findings (rule `envelope`) for the envelope `name`. `forms` are the business XML files it must list in
    FormulairesEnvoyes, exactly; `emitter` is the IDCL the message gives ({siren, departement, arrondissement,
    nature}, or only some of them: those are compared); `referent` ({name, email, phone}) and
    `return_addresses` are compared when the message carries them."""
    rule, findings = "envelope", []
    root = parse(data, name, rule, findings)
    if root is None or not _root_is(root, "EnveloppeCLMISILL", name, rule, findings):
        return findings
    idcl = root.find(f"{q('Emetteur')}/{q('IDCL')}")
    if idcl is None:
        findings.append((rule, f"{name}: Emetteur/IDCL is missing"))
    else:
        attributes = {"siren": q("SIREN", INSEE_NS), "departement": q("Departement"),
                      "arrondissement": q("Arrondissement"), "nature": q("Nature")}
        labels = {"siren": "insee:SIREN", "departement": "actes:Departement",
                  "arrondissement": "actes:Arrondissement", "nature": "actes:Nature"}
        for key, attribute in attributes.items():
            value = idcl.get(attribute)
            if value is None or value == "":
                findings.append((rule, f"{name}: IDCL has no {labels[key]}"))
            elif emitter and key in emitter:
                _equal(findings, rule, name, f"IDCL {labels[key]}", value, emitter[key])
    referent_element = root.find(f"{q('Emetteur')}/{q('Referent')}")
    if referent_element is None:
        findings.append((rule, f"{name}: Emetteur/Referent is missing"))
    else:
        for field, key in (("Nom", "name"), ("Email", "email")):
            element = referent_element.find(q(field))
            if element is None or not _text(element).strip():
                findings.append((rule, f"{name}: Referent/{field} is missing or empty"))
            elif referent and key in referent:
                _equal(findings, rule, name, f"Referent/{field}", _text(element), referent[key])
        phone = referent_element.find(q("Telephone"))
        if referent and referent.get("phone") and (phone is None or _text(phone) != referent["phone"]):
            findings.append((rule, f"{name}: Referent/Telephone is {_text(phone)!r}, the message says "
                                   f"{referent['phone']!r}"))
    addresses = [_text(e) for e in root.findall(f"{q('AdressesRetour')}/{q('Email')}")]
    if not addresses or not all(a.strip() for a in addresses):
        findings.append((rule, f"{name}: AdressesRetour must hold at least one non-empty Email"))
    elif len({a.lower() for a in addresses}) != len(addresses):
        findings.append((rule, f"{name}: AdressesRetour is not de-duplicated ({', '.join(addresses)})"))
    elif return_addresses is not None and {a.lower() for a in addresses} != {str(a).lower() for a in return_addresses}:
        findings.append((rule, f"{name}: AdressesRetour lists {sorted(addresses)}, the message says "
                               f"{sorted(return_addresses)}"))
    listed = [_text(e) for e in root.findall(f"{q('FormulairesEnvoyes')}/{q('Formulaire')}/{q('NomFichier')}")]
    if listed != list(forms):
        findings.append((rule, f"{name}: FormulairesEnvoyes lists {listed}, the package holds {list(forms)}"))
    return findings


def _matter_elements(root, name, rule, findings):
    """The codes of CodeMatiere1..5, which must come in order from 1 with no gap."""
    levels, codes = [], []
    for child in root:
        match = MATTER_LEVEL.match(_local(child.tag)) if child.tag.startswith(f"{{{ACTES_NS}}}") else None
        if match:
            levels.append(int(match.group(1)))
            codes.append(child.get(q("CodeMatiere")) or "")
    if levels != list(range(1, len(levels) + 1)):
        found = ", ".join(f"CodeMatiere{level}" for level in levels) or "none"
        findings.append((rule, f"{name}: the matter levels are {found}, not CodeMatiere1 to n in order with no gap"))
    return ".".join(codes)


def _check_act_order(root, name, rule, findings):
    seen = []
    for child in root:
        local = _local(child.tag)
        kind = "CodeMatiere" if MATTER_LEVEL.match(local) else local
        if not child.tag.startswith(f"{{{ACTES_NS}}}") or kind not in ACT_ORDER:
            findings.append((rule, f"{name}: unexpected element {local} in Acte"))
            continue
        seen.append(ACT_ORDER.index(kind))
    if seen != sorted(seen):
        findings.append((rule, f"{name}: the elements of Acte are not in the order {', '.join(ACT_ORDER)}"))


def check_act(data, name, act):
    """Findings (rule `business-xml`) for the business XML `name` of a transmission (1-1), against the
    message's `act`."""
    rule, findings = "business-xml", []
    root = parse(data, name, rule, findings)
    if root is None or not _root_is(root, "Acte", name, rule, findings):
        return findings
    _equal(findings, rule, name, "actes:Date", root.get(q("Date")), act.get("decisionDate"))
    _equal(findings, rule, name, "actes:NumeroInterne", root.get(q("NumeroInterne")), act.get("numeroInterne"))
    _equal(findings, rule, name, "actes:CodeNatureActe", root.get(q("CodeNatureActe")), act.get("natureCode"))
    _check_act_order(root, name, rule, findings)
    _equal(findings, rule, name, "the matter (CodeMatiere1..5)", _matter_elements(root, name, rule, findings),
           act.get("matter"))
    for element, key in (("Objet", "object"), ("ClassificationDateVersion", "classificationDate")):
        found = root.find(q(element))
        if found is None:
            findings.append((rule, f"{name}: {element} is missing"))
        else:
            _equal(findings, rule, name, element, _text(found), act.get(key))
    document = root.find(f"{q('Document')}/{q('NomFichier')}")
    if document is None:
        findings.append((rule, f"{name}: Document/NomFichier is missing"))
    else:
        _equal(findings, rule, name, "Document/NomFichier", _text(document), act.get("documentFileName"))
    annex_names = list(act.get("annexFileNames") or [])
    annexes = root.find(q("Annexes"))
    if annexes is None:
        findings.append((rule, f"{name}: Annexes is missing"))
    else:
        _equal(findings, rule, name, "Annexes/@actes:Nombre", annexes.get(q("Nombre")), str(len(annex_names)))
        listed = [_text(e) for e in annexes.findall(f"{q('Annexe')}/{q('NomFichier')}")]
        _equal(findings, rule, name, "the annexes (Annexe/NomFichier, in order)", listed, annex_names)
    paper = root.find(q("DocumentPapier"))
    expected = "O" if act.get("paperDocument") else "N"
    if paper is None:
        if expected == "O":  # absent reads as N
            findings.append((rule, f"{name}: DocumentPapier is missing, the message says O (paperDocument)"))
    elif _text(paper) not in ("O", "N"):
        findings.append((rule, f"{name}: DocumentPapier is {_text(paper)!r}, not O or N"))
    else:
        _equal(findings, rule, name, "DocumentPapier", _text(paper), expected)
    return findings


def check_cancellation(data, name, id_acte):
    """Findings (rule `business-xml`) for the business XML `name` of a cancellation (6-1)."""
    rule, findings = "business-xml", []
    root = parse(data, name, rule, findings)
    if root is None or not _root_is(root, "Annulation", name, rule, findings):
        return findings
    _equal(findings, rule, name, "actes:IDActe", root.get(q("IDActe")), id_acte)
    return findings


def check_classification_request(data, name, last_classification_date):
    """Findings (rule `classification-request`) for `{DDD}-{SIREN}----7-1_0.xml`: DateClassification equals
    the message's lastClassificationDate, and is absent when the message has none."""
    rule, findings = "classification-request", []
    root = parse(data, name, rule, findings)
    if root is None or not _root_is(root, "DemandeClassification", name, rule, findings):
        return findings
    dates = root.findall(q("DateClassification"))
    if last_classification_date is None:
        if dates:
            findings.append((rule, f"{name}: DateClassification is {_text(dates[0])!r}, the message has no "
                                   "lastClassificationDate"))
    elif len(dates) != 1:
        findings.append((rule, f"{name}: DateClassification is missing, the message says "
                               f"{last_classification_date!r}"))
    else:
        _equal(findings, rule, name, "DateClassification", _text(dates[0]), last_classification_date)
    return findings


def _signed_file(element, name, rule, findings, where):
    """The NomFichier of a FichierSigne (`NomFichier`, then an optional `Signature`), or None after a finding."""
    children = [child for child in element]
    locals_ = [_local(child.tag) if child.tag.startswith(f"{{{ACTES_NS}}}") else child.tag for child in children]
    if not locals_ or locals_[0] != "NomFichier" or locals_[1:] not in ([], ["Signature"]):
        findings.append((rule, f"{name}: {where} holds {', '.join(map(str, locals_)) or 'nothing'}, not NomFichier "
                               "and an optional Signature"))
        return None
    return _text(children[0])


def check_letter_answer(data, name, id_acte, root_name, file_names, letter_date):
    """Findings (rule `business-xml`) for `{IDActe}-{t}-{a}_0.xml`, the answer `root_name` to a prefecture letter
    (actesv1_1.xsd: the DonneesCourrierPref attributes actes:IDActe and actes:DateCourrierPref, then
    `Documents` > `Document`+ for PieceComplementaire, a single `Document` for RefusPieceComplementaire,
    ReponseLettreObservations and RejetLettreObservations; each Document is NomFichier and an optional Signature).
    `file_names` are the message's fileNames, in order; `letter_date` the date of the letter (YYYY-MM-DD), or None
    when unknown."""
    rule, findings = "business-xml", []
    root = parse(data, name, rule, findings)
    if root is None or not _root_is(root, root_name, name, rule, findings):
        return findings
    _equal(findings, rule, name, "actes:IDActe", root.get(q("IDActe")), id_acte)
    date = root.get(q("DateCourrierPref"))
    if date is None:
        findings.append((rule, f"{name}: actes:DateCourrierPref (the date of the letter) is missing"))
    elif letter_date is not None and date != letter_date:
        findings.append((rule, f"{name}: actes:DateCourrierPref is {date!r}, the letter is of {letter_date!r}"))
    children = list(root)
    locals_ = [_local(child.tag) if child.tag.startswith(f"{{{ACTES_NS}}}") else child.tag for child in children]
    listed = []
    if root_name == "PieceComplementaire":
        if locals_ != ["Documents"]:
            findings.append((rule, f"{name}: PieceComplementaire holds {', '.join(map(str, locals_)) or 'nothing'}, "
                                   "not one Documents"))
            return findings
        documents = list(children[0])
        if not documents:
            findings.append((rule, f"{name}: Documents holds no Document"))
        for document in documents:
            if document.tag != q("Document"):
                findings.append((rule, f"{name}: unexpected element {_local(document.tag)} in Documents"))
                continue
            listed.append(_signed_file(document, name, rule, findings, "Documents/Document"))
    else:
        if locals_ != ["Document"]:
            findings.append((rule, f"{name}: {root_name} holds {', '.join(map(str, locals_)) or 'nothing'}, "
                                   "not one Document"))
            return findings
        listed.append(_signed_file(children[0], name, rule, findings, "Document"))
    if None not in listed:
        expected = list(file_names)
        if root_name == "PieceComplementaire":
            _equal(findings, rule, name, "the documents (Documents/Document/NomFichier, in order)", listed, expected)
        else:
            _equal(findings, rule, name, "Document/NomFichier", listed[0], expected[0] if len(expected) == 1 else expected)
    return findings
