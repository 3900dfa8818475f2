"""Shared by the partner simulators' tests: import paths, the contracts' examples, schema validation through
scripts/lib/partner_contracts.py, and fakes of a pika channel and connection."""

import copy
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.dont_write_bytecode = True
PARTNERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(PARTNERS)
sys.path.insert(0, PARTNERS)

from simlib.cloudevents import InboundEvent  # noqa: E402

CONTRACTS = os.environ.get("PASSERELLE_PARTNER_CONTRACTS_DIR") or os.path.join(ROOT, "contracts")


def example(context, component, index=0):
    """A deep copy of the payload of an example of contracts/<context>/asyncapi.yaml."""
    with open(os.path.join(CONTRACTS, context, "asyncapi.yaml"), encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    return copy.deepcopy(document["components"]["messages"][component]["examples"][index]["payload"])


def validate(items):
    """(exit code, output) of partner_contracts.py --validate on [{"type", "payload", "name"}]."""
    result = subprocess.run(
        [sys.executable, os.path.join(ROOT, "scripts", "lib", "partner_contracts.py"), CONTRACTS, "--validate", "-"],
        input=json.dumps(items), capture_output=True, text=True, env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1"))
    return result.returncode, result.stdout + result.stderr


def event(type, payload, id="11111111-2222-4333-8444-555555555555", traceparent=None, **attributes):
    attributes = dict({"id": id, "type": type, "source": "/passerelle/documents", "specversion": "1.0"},
                      **attributes)
    if traceparent:
        attributes["traceparent"] = traceparent
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return InboundEvent(attributes, data)


def temporary_directory(testcase):
    directory = tempfile.TemporaryDirectory(prefix="passerelle-partners-")
    testcase.addCleanup(directory.cleanup)
    return directory.name


class FakeMethod:
    def __init__(self, tag):
        self.delivery_tag = tag


class FakeChannel:
    """Records publishes, acks and nacks; `unroutable` makes every publish fail as a returned message."""

    def __init__(self, unroutable=False):
        self.published, self.acked, self.nacked, self.unroutable = [], [], [], unroutable

    def basic_publish(self, exchange, routing_key, body, properties, mandatory=False):
        if self.unroutable:
            import pika
            raise pika.exceptions.UnroutableError([])
        self.published.append({"exchange": exchange, "routing_key": routing_key, "body": json.loads(body),
                               "properties": properties, "mandatory": mandatory})

    def basic_ack(self, tag):
        self.acked.append(tag)

    def basic_nack(self, tag, requeue=True):
        self.nacked.append((tag, requeue))


class FakeConnection:
    def __init__(self):
        self.slept, self.later = [], []

    def sleep(self, seconds):
        self.slept.append(seconds)

    def call_later(self, delay, action):
        self.later.append((delay, action))


ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
INSEE_NS = "http://xml.insee.fr/schema"
DEFAULT_REFERENT = {"name": "Service des assemblées", "email": "actes@mairie-exemple.example"}


def _latin1(lines):
    """An ISO-8859-1 document with its declaration, as the hub writes them (domain §3.4)."""
    return ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + "\n".join(lines) + "\n").encode("iso-8859-1")


def _e(value):
    from xml.sax.saxutils import escape
    return escape(str(value), {'"': "&quot;"})


def envelope_xml(emitter, referent, return_addresses, forms):
    """EnveloppeCLMISILL: IDCL, the referent, the return addresses and the business files sent."""
    lines = [f'<actes:EnveloppeCLMISILL xmlns:actes="{ACTES_NS}" xmlns:insee="{INSEE_NS}">', "  <actes:Emetteur>",
             f'    <actes:IDCL insee:SIREN="{_e(emitter["siren"])}" actes:Departement="{_e(emitter["departement"])}" '
             f'actes:Arrondissement="{_e(emitter["arrondissement"])}" actes:Nature="{_e(emitter["nature"])}"/>',
             "    <actes:Referent>", f"      <actes:Nom>{_e(referent['name'])}</actes:Nom>"]
    if referent.get("phone"):
        lines.append(f"      <actes:Telephone>{_e(referent['phone'])}</actes:Telephone>")
    lines += [f"      <actes:Email>{_e(referent['email'])}</actes:Email>", "    </actes:Referent>",
              "  </actes:Emetteur>", "  <actes:AdressesRetour>"]
    lines += [f"    <actes:Email>{_e(address)}</actes:Email>" for address in return_addresses]
    lines += ["  </actes:AdressesRetour>", "  <actes:FormulairesEnvoyes>"]
    lines += [f"    <actes:Formulaire><actes:NomFichier>{_e(form)}</actes:NomFichier></actes:Formulaire>"
              for form in forms]
    lines += ["  </actes:FormulairesEnvoyes>", "</actes:EnveloppeCLMISILL>"]
    return _latin1(lines)


def act_xml(act):
    """Acte (1-1) for the message's `act`."""
    lines = [f'<actes:Acte xmlns:actes="{ACTES_NS}" xmlns:insee="{INSEE_NS}" actes:Date="{_e(act["decisionDate"])}" '
             f'actes:NumeroInterne="{_e(act["numeroInterne"])}" actes:CodeNatureActe="{_e(act["natureCode"])}">']
    lines += [f'  <actes:CodeMatiere{level} actes:CodeMatiere="{_e(code)}"/>'
              for level, code in enumerate(act["matter"].split("."), 1)]
    lines += [f"  <actes:Objet>{_e(act['object'])}</actes:Objet>",
              f"  <actes:ClassificationDateVersion>{_e(act['classificationDate'])}</actes:ClassificationDateVersion>",
              f"  <actes:Document><actes:NomFichier>{_e(act['documentFileName'])}</actes:NomFichier></actes:Document>",
              f'  <actes:Annexes actes:Nombre="{len(act["annexFileNames"])}">']
    lines += [f"    <actes:Annexe><actes:NomFichier>{_e(name)}</actes:NomFichier></actes:Annexe>"
              for name in act["annexFileNames"]]
    paper = "O" if act["paperDocument"] else "N"
    lines += ["  </actes:Annexes>", f"  <actes:DocumentPapier>{paper}</actes:DocumentPapier>", "</actes:Acte>"]
    return _latin1(lines)


def cancellation_xml(id_acte):
    """Annulation (6-1)."""
    return _latin1([f'<actes:Annulation xmlns:actes="{ACTES_NS}" xmlns:insee="{INSEE_NS}" '
                    f'actes:IDActe="{_e(id_acte)}"/>'])


def classification_request_xml(last_date):
    """DemandeClassification (7-1), without DateClassification when the authority has no classification."""
    lines = [f'<actes:DemandeClassification xmlns:actes="{ACTES_NS}" xmlns:insee="{INSEE_NS}">']
    if last_date:
        lines.append(f"  <actes:DateClassification>{_e(last_date)}</actes:DateClassification>")
    return _latin1(lines + ["</actes:DemandeClassification>"])


LETTER_ANSWER_ROOTS = {(3, 4): "PieceComplementaire", (3, 3): "RefusPieceComplementaire",
                       (4, 4): "ReponseLettreObservations", (4, 3): "RejetLettreObservations"}


def letter_answer_xml(id_acte, letter_type, answer_type, file_names, letter_date):
    """The answer to a prefecture letter as actesv1_1.xsd has it: DonneesCourrierPref (IDActe, DateCourrierPref),
    then Documents/Document/NomFichier (PieceComplementaire) or one Document/NomFichier (the three others)."""
    root = LETTER_ANSWER_ROOTS[(letter_type, answer_type)]
    lines = [f'<actes:{root} xmlns:actes="{ACTES_NS}" xmlns:insee="{INSEE_NS}" actes:IDActe="{_e(id_acte)}" '
             f'actes:DateCourrierPref="{_e(letter_date)}">']
    documents = [f"<actes:Document><actes:NomFichier>{_e(name)}</actes:NomFichier></actes:Document>"
                 for name in file_names]
    if root == "PieceComplementaire":
        lines += ["  <actes:Documents>", *[f"    {d}" for d in documents], "  </actes:Documents>"]
    else:
        lines += [f"  {d}" for d in documents]
    return _latin1(lines + [f"</actes:{root}>"])


def paris_today():
    import datetime
    from zoneinfo import ZoneInfo
    return datetime.datetime.now(ZoneInfo("Europe/Paris")).date().isoformat()


def package_members(payload, letter_date=None):
    """{name: bytes} of the package `payload` announces: a transmission (1-1, with `act`), a classification
    request (7-1, with `requestId`), an answer to a letter (with `letterRef`; its DateCourrierPref is `letter_date`,
    today in Paris by default) or a cancellation (6-1), with the envelope and business XML the hub writes."""
    package = payload["package"]
    envelope = package["fileName"].split("-", 1)[1][:-len(".tar.gz")] + ".xml"
    if "letterRef" in payload:
        id_acte, letter_type, answer_type = payload["idActe"], payload["letterType"], payload["answerType"]
        business = f"{id_acte}-{letter_type}-{answer_type}_0.xml"
        content = {business: letter_answer_xml(id_acte, letter_type, answer_type, payload["fileNames"],
                                               letter_date or paris_today()),
                   envelope: envelope_xml(payload["emitter"], DEFAULT_REFERENT, [DEFAULT_REFERENT["email"]],
                                          [business])}
        content.update({name: b"%PDF-1.4\n%answer\n" for name in payload["fileNames"]})
    elif "act" in payload:
        act, id_acte = payload["act"], payload["idActe"]
        business = f"{id_acte}-1-1_0.xml"
        pdf = b"%PDF-1.4\n%test\n"
        content = {business: act_xml(act), act["documentFileName"]: pdf}
        content.update({annex: pdf for annex in act["annexFileNames"]})
        content[envelope] = envelope_xml(payload["emitter"], payload["referent"], payload["returnAddresses"],
                                         [business])
    elif "requestId" in payload:
        emitter = payload["emitter"]
        business = f"{emitter['departement']}-{emitter['siren']}----7-1_0.xml"
        content = {business: classification_request_xml(payload.get("lastClassificationDate")),
                   envelope: envelope_xml(emitter, DEFAULT_REFERENT, [DEFAULT_REFERENT["email"]], [business])}
    else:
        departement, siren = payload["idActe"].split("-")[:2]
        business = f"{payload['idActe']}-6-1_0.xml"
        emitter = {"siren": siren, "departement": departement, "arrondissement": "2", "nature": "31"}
        content = {business: cancellation_xml(payload["idActe"]),
                   envelope: envelope_xml(emitter, DEFAULT_REFERENT, [DEFAULT_REFERENT["email"]], [business])}
    return content


def build_package(directory, payload, members=None, envelope=True, letter_date=None):
    """Writes the .tar.gz that `payload` (a transmission, cancellation, classification request or answer to a
    letter) announces, as package_members makes it, points its package at it with a file:// URI, and returns the
    payload. `members` overrides or adds {name: bytes}; None content drops a member; envelope=False drops the
    envelope; `letter_date` is an answer's DateCourrierPref."""
    import hashlib
    import io
    import tarfile

    package = payload["package"]
    content = package_members(payload, letter_date)
    if not envelope:
        content.pop(package["fileName"].split("-", 1)[1][:-len(".tar.gz")] + ".xml", None)
    for name, data in (members or {}).items():
        if data is None:
            content.pop(name, None)
        else:
            content[name] = data
    path = os.path.join(directory, package["fileName"])
    with tarfile.open(path, "w:gz") as archive:
        for name, data in content.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    with open(path, "rb") as handle:
        data = handle.read()
    package.update(uri="file://" + path, sha256=hashlib.sha256(data).hexdigest(), sizeBytes=len(data))
    return payload
