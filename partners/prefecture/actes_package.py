"""The checks on the .tar.gz package itself, when its claim check is a `file://` URI to an existing file
(domain §3.4, §3.5): integrity against the declared SHA-256 and size, the envelope, the business XML, the act
and annexes (or the documents of an answer to a letter) by name, their types by content (magic bytes) and their
total size; and the content of the envelope
and the business XML against the message (actes_xml)."""

import os
import tarfile

from prefecture import actes_xml
from prefecture.actes_rules import LETTER_ANSWER_ROOTS, MAX_ACT_BYTES, PACKAGE_NAME, parse_id_acte
from simlib.claimcheck import local_path, sha256_file

MAGIC = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "xml": (b"<?xml", b"<")}
MAX_XML_BYTES = 16 * 1024 * 1024  # an envelope or business XML is a few kB
LETTER_ANSWER_FLUXES = {f"{letter}-{answer}": root for (letter, answer), root in LETTER_ANSWER_ROOTS.items()}
_BUSINESS_RULE = {"1-1": "business-xml", "6-1": "business-xml", "7-1": "classification-request",
                  "3-3": "business-xml", "3-4": "business-xml", "4-3": "business-xml", "4-4": "business-xml"}


def archive_path(package):
    """The local path of the package when it is a file:// claim check to an existing .tar.gz, else None."""
    path = local_path(package.get("uri")) if isinstance(package, dict) else None
    if path and path.endswith(".tar.gz") and os.path.isfile(path):
        return path
    return None


def _kind(head):
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for kind, signatures in MAGIC.items():
        if any(stripped.startswith(signature) for signature in signatures):
            return kind
    return None


def check_archive(path, package, id_acte, flux, document=None, annexes=(), message=None):
    """Findings for the archive at `path`. `flux` is "1-1" (transmission) or "6-1" (cancellation). When
    `message` (the payload announcing the package) is given, the envelope and the business XML are also checked
    against it (actes_xml)."""
    return _check(path, package, f"{id_acte}-{flux}_0.xml", flux, document, annexes, message, id_acte)


def classification_request_name(departement, siren):
    """`{DDD}-{SIREN}----7-1_0.xml`: the classification request has no date, number or nature (domain §3.4)."""
    return f"{departement}-{siren}----7-1_0.xml"


def check_classification_archive(path, package, message):
    """Findings for the archive of a classification request (7-1): the envelope and
    `{DDD}-{SIREN}----7-1_0.xml`, no more, no less, checked against `message`."""
    emitter = message.get("emitter") if isinstance(message.get("emitter"), dict) else {}
    business = classification_request_name(emitter.get("departement"), emitter.get("siren"))
    return _check(path, package, business, "7-1", None, (), message, None)


def check_letter_answer_archive(path, package, message, letter_date):
    """Findings for the archive of an answer to a prefecture letter (3-3, 3-4, 4-3, 4-4): the envelope,
    `{IDActe}-{letterType}-{answerType}_0.xml` and the documents of `fileNames` (PDF by their magic bytes), no more,
    no less, checked against `message`; `letter_date` is the date of the letter answered (DateCourrierPref), None
    when unknown."""
    id_acte = message.get("idActe")
    flux = f"{message.get('letterType')}-{message.get('answerType')}"
    names = message.get("fileNames")
    names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
    known = flux in LETTER_ANSWER_FLUXES  # else the letter-answer rule says so; only the members are checked
    return _check(path, package, f"{id_acte}-{flux}_0.xml", flux, None, (), message if known else None, id_acte,
                  documents=names, letter_date=letter_date)


def _envelope_name(package):
    match = PACKAGE_NAME.match(package.get("fileName") or "")
    return package["fileName"][len(match.group(1)) + 1:-len(".tar.gz")] + ".xml" if match else None


def _check(path, package, business, flux, document, annexes, message, id_acte, documents=(), letter_date=None):
    """`document` and `annexes` are an act's files (rules document-type, annex-type, size); `documents` those of
    an answer to a letter, PDF only (rule package-content)."""
    findings = []
    if package.get("sha256") != sha256_file(path) or package.get("sizeBytes") != os.path.getsize(path):
        findings.append(("package-integrity", "the package's SHA-256 or size differs from the claim check"))
    envelope = _envelope_name(package)
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {os.path.basename(m.name): m for m in archive.getmembers() if m.isfile()}
            heads = {name: archive.extractfile(member).read(16) for name, member in members.items()}
            xml = {name: archive.extractfile(members[name]).read(MAX_XML_BYTES + 1)
                   for name in (envelope, business) if name in members}
    except (tarfile.TarError, OSError, EOFError) as error:
        return findings + [("package-content", f"the package is not a readable tar.gz ({error})")]
    expected = {}
    if envelope:
        expected[envelope] = "the envelope"
    expected[business] = "the business XML"
    if document:
        expected[document] = "the act"
    for annex in annexes:
        expected[annex] = "an annex"
    for name in documents:
        expected[name] = "the document"
    for name, what in expected.items():
        if name not in members:
            findings.append(("package-content", f"{what} {name} is missing from the package"))
    for name in sorted(set(members) - set(expected)):
        findings.append(("package-content", f"{name} is in the package but not declared"))
    total = 0
    for name in [document, *annexes]:
        if name and name in members:
            total += members[name].size
            extension = name.rsplit(".", 1)[-1]
            if _kind(heads[name]) != extension:
                rule = "document-type" if name == document else "annex-type"
                findings.append((rule, f"{name}: its content is not {extension.upper()} (magic bytes)"))
    if total > MAX_ACT_BYTES:
        findings.append(("size", f"act and annexes weigh {total} bytes, over 150 MB ({MAX_ACT_BYTES} bytes)"))
    for name in documents:
        if name in members and _kind(heads[name]) != "pdf":
            findings.append(("package-content", f"{name}: its content is not PDF (magic bytes)"))
    if message is not None:
        findings += _check_xml(xml, envelope, business, flux, message, id_acte, letter_date)
    return findings


def _check_xml(xml, envelope, business, flux, message, id_acte, letter_date=None):
    """The envelope and business XML against the message (domain §3.4)."""
    findings = []
    for name, rule in ((envelope, "envelope"), (business, _BUSINESS_RULE.get(flux, "business-xml"))):
        if name in xml and len(xml[name]) > MAX_XML_BYTES:
            findings.append((rule, f"{name} is over {MAX_XML_BYTES} bytes"))
            del xml[name]
    emitter = message.get("emitter") if isinstance(message.get("emitter"), dict) else {}
    if flux == "6-1":
        parts = parse_id_acte(id_acte) or {}
        emitter = {key: parts[key] for key in ("siren", "departement") if key in parts}
    if envelope in xml:
        referent = message.get("referent") if flux == "1-1" and isinstance(message.get("referent"), dict) else None
        addresses = message.get("returnAddresses") if flux == "1-1" else None
        findings += actes_xml.check_envelope(xml[envelope], envelope, [business], emitter, referent,
                                             addresses if isinstance(addresses, list) else None)
    if business in xml:
        if flux == "1-1":
            act = message.get("act") if isinstance(message.get("act"), dict) else {}
            findings += actes_xml.check_act(xml[business], business, act)
        elif flux == "6-1":
            findings += actes_xml.check_cancellation(xml[business], business, id_acte)
        elif flux in LETTER_ANSWER_FLUXES:
            names = message.get("fileNames")
            names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
            findings += actes_xml.check_letter_answer(xml[business], business, id_acte, LETTER_ANSWER_FLUXES[flux],
                                                      names, letter_date)
        else:
            findings += actes_xml.check_classification_request(xml[business], business,
                                                               message.get("lastClassificationDate"))
    return findings
