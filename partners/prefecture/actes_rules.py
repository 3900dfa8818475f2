"""The checks the prefecture makes on an ACTES transmission (1-1), cancellation (6-1), classification
request (7-1) or answer to one of its letters (3-3, 3-4, 4-3, 4-4), from the payload alone (domain §1.4, §3.1-§3.5). Each finding is (rule, message); the rule
names are what the control file's `refuse` list and the anomaly's detail use.
"""

import datetime
import re

from simlib import shape
from simlib.luhn import siren_valid

NATURES = {"1": "DE", "2": "AR", "3": "AI", "4": "CC", "5": "BF", "6": "AU"}
# The contract's pattern: an IDActe that matches it can be answered (the anomaly schema requires it).
ID_ACTE_CONTRACT = re.compile(
    r"^(0[0-9]{2}|02[AB]|97[1-6]|98[78])-([0-9]{9})-([0-9]{8})-"
    r"([A-Z0-9]([A-Z0-9_]{0,13}[A-Z0-9])?)-(DE|AR|AI|CC|BF|AU)$")
NUMERO_INTERNE = re.compile(r"^([A-Z0-9][A-Z0-9_]{0,13})?[A-Z0-9]$")
MATTER = re.compile(r"^[1-9](\.[0-9]{1,2}){0,4}$")
PACKAGE_NAME = re.compile(r"^([a-z0-9]{3})-([A-Za-z0-9]+)--([0-9]{9})--([0-9]{8})-([0-9]+)\.tar\.gz$")
MAX_ACT_BYTES = 157_286_400  # act + annexes, 150 MB
ANNEX_EXTENSIONS = ("pdf", "xml", "png", "jpg")
DEPARTEMENTS = {f"{n:03d}" for n in range(1, 96)} | {"02A", "02B"} | {str(n) for n in range(971, 977)} | {"987", "988"}

TRANSMISSION_RULES = (
    "cloudevents", "required-fields", "unknown-fields", "field-format", "id-acte", "departement", "siren",
    "decision-date", "numero-interne", "nature", "classification", "object", "return-addresses",
    "document-file-name", "annex-file-names", "document-type", "annex-type", "size", "package-name",
    "package-integrity", "package-content", "envelope", "business-xml")
CANCELLATION_RULES = (
    "cloudevents", "required-fields", "unknown-fields", "field-format", "id-acte", "package-name",
    "package-integrity", "package-content", "envelope", "business-xml", "cancellation")
CLASSIFICATION_RULES = (
    "cloudevents", "required-fields", "unknown-fields", "field-format", "departement", "siren", "package-name",
    "package-integrity", "package-content", "envelope", "classification-request")
LETTER_ANSWER_RULES = (
    "cloudevents", "required-fields", "unknown-fields", "field-format", "id-acte", "departement", "siren",
    "package-name", "package-integrity", "package-content", "envelope", "business-xml", "letter-answer")
# The business XML's root element per (letterType, answerType) (domain §3.1; actesv1_1.xsd, libriciel/s2low).
LETTER_ANSWER_ROOTS = {(3, 4): "PieceComplementaire", (3, 3): "RefusPieceComplementaire",
                       (4, 4): "ReponseLettreObservations", (4, 3): "RejetLettreObservations"}
LETTER_NAMES = {2: "simple letter", 3: "request for additional documents", 4: "letter of observations",
                5: "court referral"}

_FILE = shape.FILE_REFERENCE
EMITTER_SHAPE = {"required": ["siren", "departement", "arrondissement", "nature"], "closed": True,
                 "fields": {"siren": "string", "departement": "string", "arrondissement": "string", "nature": "string"}}
TRANSMIT_SHAPE = {
    "required": ["transmissionId", "idActe", "emitter", "referent", "returnAddresses", "act", "package", "sentAt"],
    "closed": True,
    "fields": {
        "transmissionId": "uuid", "idActe": "string", "sentAt": "date-time", "package": _FILE,
        "emitter": EMITTER_SHAPE,
        "referent": {"required": ["name", "email"], "closed": True,
                     "fields": {"name": "string", "phone": "phone", "email": "email"}},
        "returnAddresses": ["array", "email", 1, 20],
        "act": {"required": ["decisionDate", "numeroInterne", "natureCode", "matter", "classificationDate", "object",
                             "documentFileName", "annexFileNames", "signed", "paperDocument"],
                "closed": True,
                "fields": {"decisionDate": "date", "numeroInterne": "string", "natureCode": "string",
                           "matter": "string", "classificationDate": "date", "object": "string",
                           "documentFileName": "string", "annexFileNames": ["array", "string", 0, 200],
                           "signed": "boolean", "paperDocument": "boolean"}},
    },
}
CANCEL_SHAPE = {"required": ["transmissionId", "idActe", "package", "sentAt"], "closed": True,
                "fields": {"transmissionId": "uuid", "idActe": "string", "package": _FILE, "sentAt": "date-time"}}
CLASSIFICATION_SHAPE = {"required": ["requestId", "emitter", "package", "sentAt"], "closed": True,
                        "fields": {"requestId": "uuid", "emitter": EMITTER_SHAPE, "lastClassificationDate": "date",
                                   "package": _FILE, "sentAt": "date-time"}}
LETTER_ANSWER_SHAPE = {
    "required": ["transmissionId", "idActe", "letterRef", "letterType", "answerType", "emitter", "fileNames", "package",
                 "sentAt"],
    "closed": True,
    "fields": {"transmissionId": "uuid", "idActe": "string", "letterRef": "string", "letterType": "integer",
               "answerType": "integer", "emitter": EMITTER_SHAPE, "fileNames": ["array", "string", 1, 200],
               "package": _FILE, "sentAt": "date-time"},
}
ARRONDISSEMENT = re.compile(r"^[0-9]{1,2}$")
AUTHORITY_NATURE = re.compile(r"^[0-9]{2}$")


def parse_id_acte(text):
    """{departement, siren, date, numero, nature} of a contract-valid IDActe, else None."""
    match = ID_ACTE_CONTRACT.match(text) if isinstance(text, str) else None
    if not match:
        return None
    departement, siren, date, numero, _, nature = match.groups()
    return {"departement": departement, "siren": siren, "date": date, "numero": numero, "nature": nature}


def _object(value):
    return value if isinstance(value, dict) else {}


def file_name_pattern(id_acte, with_type_pj):
    """`[{typePJ}-]{IDActe}-1-1_{n}.{ext}` (§3.4); groups: n, extension."""
    type_pj = r"(?:[0-9A-Z]{2}_[0-9A-Z]{2}-)?" if with_type_pj else ""
    return re.compile(rf"^{type_pj}{re.escape(id_acte)}-1-1_([0-9]+)\.([a-z]+)$")


def is_budget_xml_allowed(nature_code, matter):
    """XML acts are allowed for nature 5 (BF) in matter 7.1 (and its sub-levels), never 7.10."""
    return nature_code == "5" and isinstance(matter, str) and (matter == "7.1" or matter.startswith("7.1."))


def check_id_acte(id_acte, findings):
    parts = parse_id_acte(id_acte)
    if parts is None:
        findings.append(("id-acte", f"idActe {id_acte!r} is not {{DDD}}-{{SIREN}}-{{YYYYMMDD}}-{{NUMERO}}-{{NA}} "
                                    "with a strict numéro interne"))
        return None
    if parts["departement"] not in DEPARTEMENTS:
        findings.append(("departement", f"département {parts['departement']} of the idActe is not in the table"))
    if not siren_valid(parts["siren"]):
        findings.append(("siren", f"SIREN {parts['siren']} of the idActe fails its Luhn key"))
    return parts


def check_transmission(payload, today, acknowledged=()):
    """Findings for a 1-1 transmission. `today` is the reception date; `acknowledged` the IDActes this
    prefecture acknowledged before (numéro interne unique per authority)."""
    findings = shape.check(payload, TRANSMIT_SHAPE)
    emitter, act = _object(payload.get("emitter")), _object(payload.get("act"))
    package = _object(payload.get("package"))
    id_acte = payload.get("idActe")
    parts = check_id_acte(id_acte, findings) or {}
    if parts and emitter.get("departement") != parts["departement"]:
        findings.append(("departement", f"emitter département {emitter.get('departement')} differs from the "
                                        f"idActe's {parts['departement']}"))
    if parts and emitter.get("siren") != parts["siren"]:
        findings.append(("siren", f"emitter SIREN {emitter.get('siren')} differs from the idActe's {parts['siren']}"))
    if "siren" in emitter and not siren_valid(emitter.get("siren")):
        findings.append(("siren", f"emitter SIREN {emitter.get('siren')} fails its Luhn key"))
    _check_decision_date(payload, act, parts, today, findings)
    _check_numero(act, parts, acknowledged, findings)
    nature_code = act.get("natureCode")
    if nature_code not in NATURES:
        findings.append(("nature", f"natureCode {nature_code!r} is not one of 1-6"))
    elif parts and NATURES[nature_code] != parts["nature"]:
        findings.append(("nature", f"natureCode {nature_code} ({NATURES[nature_code]}) differs from the idActe's "
                                   f"{parts['nature']}"))
    matter = act.get("matter")
    if not (isinstance(matter, str) and MATTER.match(matter)):
        findings.append(("classification", f"matter {matter!r} is not a classification path of 1 to 5 levels"))
    classification_date = shape.parse_date(act.get("classificationDate"))
    if classification_date is None or classification_date > today:
        findings.append(("classification", f"classificationDate {act.get('classificationDate')!r} is not a past date"))
    text = act.get("object")
    if not (isinstance(text, str) and 1 <= len(text) <= 499 and "\n" not in text and "\r" not in text):
        findings.append(("object", "object must be 1 to 499 characters without line breaks"))
    addresses = payload.get("returnAddresses")
    if not isinstance(addresses, list) or not addresses:
        findings.append(("return-addresses", "returnAddresses is mandatory"))
    elif len({str(a).lower() for a in addresses}) != len(addresses):
        findings.append(("return-addresses", "returnAddresses must be de-duplicated"))
    if isinstance(id_acte, str) and parts:
        _check_file_names(id_acte, act, findings)
    size = package.get("sizeBytes")
    if isinstance(size, int) and size > MAX_ACT_BYTES:
        findings.append(("size", f"package of {size} bytes exceeds 150 MB ({MAX_ACT_BYTES} bytes)"))
    check_package_name(package, emitter.get("siren") or parts.get("siren"), findings)
    return findings


def _check_decision_date(payload, act, parts, today, findings):
    decision = shape.parse_date(act.get("decisionDate"))
    if decision is None:
        findings.append(("decision-date", f"decisionDate {act.get('decisionDate')!r} is not a YYYY-MM-DD date"))
        return
    if parts and decision.strftime("%Y%m%d") != parts["date"]:
        findings.append(("decision-date", f"decisionDate {decision} differs from the idActe's {parts['date']}"))
    sent = shape.parse_date(str(payload.get("sentAt", ""))[:10])
    if decision > today or (sent and decision > sent):
        findings.append(("decision-date", f"decisionDate {decision} is in the future"))


def _check_numero(act, parts, acknowledged, findings):
    numero = act.get("numeroInterne")
    if not (isinstance(numero, str) and NUMERO_INTERNE.match(numero)):
        findings.append(("numero-interne", f"numeroInterne {numero!r}: 1-15 of A-Z, 0-9 and '_', no '_' at either end"))
        return
    if parts and numero != parts["numero"]:
        findings.append(("numero-interne", f"numeroInterne {numero} differs from the idActe's {parts['numero']}"))
    for earlier in acknowledged:
        other = parse_id_acte(earlier)
        if parts and other and other["siren"] == parts["siren"] and other["numero"] == numero:
            findings.append(("numero-interne", f"numéro interne {numero} was already used by act {earlier}"))
            return


def _check_file_names(id_acte, act, findings):
    nature_code, matter = act.get("natureCode"), act.get("matter")
    document = act.get("documentFileName")
    match = file_name_pattern(id_acte, True).match(document) if isinstance(document, str) else None
    act_extension = None
    if not match or match.group(1) != "1":
        findings.append(("document-file-name", f"documentFileName {document!r} is not [typePJ-]{id_acte}-1-1_1.pdf"))
    else:
        act_extension = match.group(2)
        if act_extension == "xml" and not is_budget_xml_allowed(nature_code, matter):
            findings.append(("document-type", "an XML act is allowed only for nature 5 (BF) with matter 7.1"))
        elif act_extension not in ("pdf", "xml"):
            findings.append(("document-type", f"the act must be a PDF, not .{act_extension}"))
    numbers = []
    for annex in act.get("annexFileNames") or []:
        match = file_name_pattern(id_acte, True).match(annex) if isinstance(annex, str) else None
        if not match or int(match.group(1)) < 2:
            findings.append(("annex-file-names", f"annex {annex!r} is not [typePJ-]{id_acte}-1-1_{{n}}.ext with n ≥ 2"))
            continue
        numbers.append(match.group(1))
        extension = match.group(2)
        if extension not in ANNEX_EXTENSIONS:
            findings.append(("annex-type", f"annex {annex}: only PDF, XML, PNG or JPEG"))
        elif act_extension == "xml" and extension != "pdf":
            findings.append(("annex-type", f"annex {annex}: the act is XML, so annexes must be PDF"))
    if len(set(numbers)) != len(numbers):
        findings.append(("annex-file-names", "annex numbers must be unique"))


def check_package_name(package, siren, findings):
    name = package.get("fileName")
    match = PACKAGE_NAME.match(name) if isinstance(name, str) else None
    if not match:
        findings.append(("package-name",
                         f"package {name!r} is not {{trigram}}-{{APPLI}}--{{SIREN}}--{{YYYYMMDD}}-{{serial}}.tar.gz"))
    elif siren and match.group(3) != siren:
        findings.append(("package-name", f"package {name} names SIREN {match.group(3)}, not {siren}"))


def check_cancellation(payload, acknowledged, cancelled):
    """Findings for a 6-1 cancellation: allowed only for an act acknowledged here and not yet cancelled."""
    findings = shape.check(payload, CANCEL_SHAPE)
    id_acte = payload.get("idActe")
    parts = check_id_acte(id_acte, findings) or {}
    check_package_name(_object(payload.get("package")), parts.get("siren"), findings)
    if id_acte in cancelled:
        findings.append(("cancellation", f"act {id_acte} is already cancelled (cancellation is irreversible)"))
    elif id_acte not in acknowledged:
        findings.append(("cancellation", f"act {id_acte} was never acknowledged by this prefecture"))
    return findings


def check_classification_request(payload, today):
    """Findings for a 7-1 classification request: the emitter's SIREN and département (it is what the answer
    names), and a lastClassificationDate that is not in the future."""
    findings = shape.check(payload, CLASSIFICATION_SHAPE)
    emitter, package = _object(payload.get("emitter")), _object(payload.get("package"))
    departement, siren = emitter.get("departement"), emitter.get("siren")
    if "departement" in emitter and departement not in DEPARTEMENTS:
        findings.append(("departement", f"emitter département {departement!r} is not in the table"))
    if "siren" in emitter and not siren_valid(siren):
        findings.append(("siren", f"emitter SIREN {siren!r} is not 9 digits with a valid Luhn key"))
    _check_emitter_format(emitter, findings)
    last = shape.parse_date(payload.get("lastClassificationDate")) if "lastClassificationDate" in payload else None
    if last and last > today:
        findings.append(("classification-request", f"lastClassificationDate {last} is in the future"))
    check_package_name(package, siren if isinstance(siren, str) else None, findings)
    return findings


def _check_emitter_format(emitter, findings):
    if "arrondissement" in emitter and not ARRONDISSEMENT.match(str(emitter.get("arrondissement"))):
        findings.append(("field-format", f"emitter arrondissement {emitter.get('arrondissement')!r} is not 1-2 digits"))
    if "nature" in emitter and not AUTHORITY_NATURE.match(str(emitter.get("nature"))):
        findings.append(("field-format", f"emitter nature {emitter.get('nature')!r} is not 2 digits"))


def letter_answer_file_pattern(id_acte, letter_type, answer_type):
    """`{IDActe}-{letterType}-{answerType}_{n}.pdf`: a document of an answer to a letter; group: n."""
    return re.compile(rf"^{re.escape(id_acte)}-{letter_type}-{answer_type}_([0-9]+)\.pdf$")


def check_letter_answer(payload, letters, answered, today):
    """Findings for an answer (3-4, 4-4) or refusal (3-3, 4-3) of the authority to a prefecture letter.
    `letters` maps the letterRef of each letter this prefecture sent to {idActe, letterType, letterDate};
    `answered` holds the letterRefs already answered. One answer per letter, of type 3 or 4, whose letterType and
    idActe are the letter's; the emitter is the act's authority; the documents are `{IDActe}-{t}-{a}_{n}.pdf` with
    n = 1, 2… in order, exactly one unless it is a PieceComplementaire (3-4)."""
    findings = shape.check(payload, LETTER_ANSWER_SHAPE)
    emitter, package = _object(payload.get("emitter")), _object(payload.get("package"))
    id_acte = payload.get("idActe")
    parts = check_id_acte(id_acte, findings) or {}
    if parts and "departement" in emitter and emitter.get("departement") != parts["departement"]:
        findings.append(("departement", f"emitter département {emitter.get('departement')} differs from the "
                                        f"idActe's {parts['departement']}"))
    if parts and "siren" in emitter and emitter.get("siren") != parts["siren"]:
        findings.append(("siren", f"emitter SIREN {emitter.get('siren')} differs from the idActe's {parts['siren']}"))
    _check_emitter_format(emitter, findings)
    letter_type, answer_type = payload.get("letterType"), payload.get("answerType")
    if letter_type not in (3, 4) or isinstance(letter_type, bool):
        findings.append(("letter-answer", f"letterType {letter_type!r} is not 3 (request for additional documents) "
                                          "or 4 (letter of observations)"))
    if answer_type not in (3, 4) or isinstance(answer_type, bool):
        findings.append(("letter-answer", f"answerType {answer_type!r} is not 4 (the answer) or 3 (the refusal)"))
    reference = payload.get("letterRef")
    letter = letters.get(reference) if isinstance(reference, str) else None
    if not isinstance(reference, str) or not 1 <= len(reference) <= 64:
        findings.append(("letter-answer", f"letterRef {reference!r} is not 1 to 64 characters"))
    elif letter is None:
        findings.append(("letter-answer", f"letter {reference} was not sent by this prefecture"))
    elif letter.get("letterType") not in (3, 4):
        findings.append(("letter-answer", f"letter {reference} is a {LETTER_NAMES.get(letter.get('letterType'), 'letter')} "
                                          f"(type {letter.get('letterType')}), which this contract does not answer"))
    elif reference in answered:
        findings.append(("letter-answer", f"letter {reference} was already answered (one answer per letter)"))
    else:
        if letter.get("letterType") != letter_type:
            findings.append(("letter-answer", f"letter {reference} is of type {letter.get('letterType')}, the answer "
                                              f"says letterType {letter_type!r}"))
        if letter.get("idActe") != id_acte:
            findings.append(("letter-answer", f"letter {reference} is about act {letter.get('idActe')}, the answer "
                                              f"names {id_acte!r}"))
        letter_date = shape.parse_date(letter.get("letterDate"))
        sent = paris_date(payload["sentAt"]) if isinstance(payload.get("sentAt"), str) else None
        if letter_date and sent and sent < letter_date:
            findings.append(("letter-answer", f"sentAt {payload.get('sentAt')} is before the letter ({letter_date})"))
    if parts and answer_kind(letter_type, answer_type):
        _check_answer_files(id_acte, letter_type, answer_type, payload.get("fileNames"), findings)
    check_package_name(package, emitter.get("siren") if isinstance(emitter.get("siren"), str) else parts.get("siren"),
                       findings)
    return findings


def answer_kind(letter_type, answer_type):
    """The business XML's root element for an answer of `answer_type` to a letter of `letter_type`, or None."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (letter_type, answer_type)):
        return None
    return LETTER_ANSWER_ROOTS.get((letter_type, answer_type))


def _check_answer_files(id_acte, letter_type, answer_type, names, findings):
    if not isinstance(names, list) or not names:
        return  # the shape check said so
    root = answer_kind(letter_type, answer_type)
    if (letter_type, answer_type) != (3, 4) and len(names) != 1:
        findings.append(("letter-answer", f"a {root} carries exactly one document (its Document), not {len(names)}"))
    pattern = letter_answer_file_pattern(id_acte, letter_type, answer_type)
    for number, name in enumerate(names, 1):
        match = pattern.match(name) if isinstance(name, str) else None
        if not match or int(match.group(1)) != number:
            findings.append(("letter-answer", f"fileNames[{number - 1}] {name!r} is not "
                                              f"{id_acte}-{letter_type}-{answer_type}_{number}.pdf"))


def paris_date(instant=None):
    """The Europe/Paris calendar date of `instant` (an aware datetime, or an RFC 3339 string), now by default;
    None for a string that is not a date-time."""
    if isinstance(instant, str):
        try:
            instant = datetime.datetime.fromisoformat(instant.replace("Z", "+00:00"))
        except ValueError:
            return None
        if instant.tzinfo is None:
            return None
    instant = instant or datetime.datetime.now(datetime.timezone.utc)
    try:
        from zoneinfo import ZoneInfo
        return instant.astimezone(ZoneInfo("Europe/Paris")).date()
    except Exception:  # no tz database: UTC is at most a day off
        return instant.astimezone(datetime.timezone.utc).date()


def reception_date():
    """Today in Europe/Paris (legal dates are Paris calendar dates)."""
    return paris_date()
