"""The checks the prefecture makes on an ACTES transmission (1-1), cancellation (6-1) or classification
request (7-1), from the payload alone (domain §1.4, §3.2-§3.5). Each finding is (rule, message); the rule
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
    if "arrondissement" in emitter and not ARRONDISSEMENT.match(str(emitter.get("arrondissement"))):
        findings.append(("field-format", f"emitter arrondissement {emitter.get('arrondissement')!r} is not 1-2 digits"))
    if "nature" in emitter and not AUTHORITY_NATURE.match(str(emitter.get("nature"))):
        findings.append(("field-format", f"emitter nature {emitter.get('nature')!r} is not 2 digits"))
    last = shape.parse_date(payload.get("lastClassificationDate")) if "lastClassificationDate" in payload else None
    if last and last > today:
        findings.append(("classification-request", f"lastClassificationDate {last} is in the future"))
    check_package_name(package, siren if isinstance(siren, str) else None, findings)
    return findings


def reception_date():
    """Today in Europe/Paris (legal dates are Paris calendar dates)."""
    try:
        from zoneinfo import ZoneInfo
        return datetime.datetime.now(ZoneInfo("Europe/Paris")).date()
    except Exception:  # no tz database: UTC is at most a day off
        return datetime.datetime.now(datetime.timezone.utc).date()
