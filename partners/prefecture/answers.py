"""The payloads the prefecture sends, as its contract's schemas describe them, with the ACTES return files
they refer to (1-2 ARActe, 1-3 anomaly, 7-2 RetourClassification, letters as PDF) written under the simulator's
files directory; the acknowledgement of an answer to a letter (3-5, 4-5) refers to no file."""

import copy
import os
import uuid
import xml.etree.ElementTree as ET

from prefecture import classification
from simlib.claimcheck import minimal_pdf, store
from simlib.cloudevents import now_rfc3339

ACTES_NS = "http://www.interieur.gouv.fr/ACTES#v1.1-20040216"
ET.register_namespace("actes", ACTES_NS)
LETTER_NAMES = {2: "Courrier-simple", 3: "Demande-pieces-complementaires", 4: "Lettre-observations",
                5: "Deferre-tribunal-administratif"}
ACKNOWLEDGED = "prefecture.act.acknowledged.v1"
ANOMALY = "prefecture.act.anomaly-reported.v1"
CANCELLATION_ACKNOWLEDGED = "prefecture.act.cancellation-acknowledged.v1"
LETTER = "prefecture.letter.sent.v1"
CLASSIFICATION_RETURNED = "prefecture.classification.returned.v1"
LETTER_ANSWER_ACKNOWLEDGED = "prefecture.letter.answer-acknowledged.v1"


def _q(name):
    return f"{{{ACTES_NS}}}{name}"


def _xml(root):
    return ET.tostring(root, encoding="ISO-8859-1", xml_declaration=True)


def _act_received(parent, act):
    element = ET.SubElement(parent, _q("ActeRecu"), {
        _q("Date"): str(act.get("decisionDate", "")), _q("NumeroInterne"): str(act.get("numeroInterne", "")),
        _q("CodeNatureActe"): str(act.get("natureCode", ""))})
    for level, code in enumerate(str(act.get("matter", "")).split(".")[:5], 1):
        if code:
            ET.SubElement(element, _q(f"CodeMatiere{level}"), {_q("CodeMatiere"): code})
    ET.SubElement(element, _q("Objet")).text = str(act.get("object", ""))
    ET.SubElement(element, _q("ClassificationDateVersion")).text = str(act.get("classificationDate", ""))


def _files(directory):
    """A directory of its own per answer, so that a file is never overwritten under a sent checksum."""
    return os.path.join(directory, str(uuid.uuid4()))


def acknowledged(payload, reception, directory):
    """ARActe (1-2) for the transmission `payload`, received on date `reception`."""
    id_acte = payload["idActe"]
    root = ET.Element(_q("ARActe"), {_q("IDActe"): id_acte, _q("DateReception"): reception.isoformat()})
    _act_received(root, payload.get("act") or {})
    name = f"{id_acte}-1-2.xml"
    return {"idActe": id_acte, "receptionDate": reception.isoformat(),
            "acknowledgement": store(_files(directory), name, _xml(root), "application/xml"), "sentAt": now_rfc3339()}


def anomaly(id_acte, detail, directory, act=None):
    """Anomaly (1-3) with its Detail (at most 2000 characters, as the schema allows)."""
    detail = detail[:2000]
    root = ET.Element(_q("AnomalieActe"), {_q("IDActe"): id_acte})
    if act:
        _act_received(root, act)
    ET.SubElement(root, _q("Detail")).text = detail
    name = f"{id_acte}-1-3.xml"
    return {"idActe": id_acte, "detail": detail,
            "anomaly": store(_files(directory), name, _xml(root), "application/xml"), "sentAt": now_rfc3339()}


def cancellation_acknowledged(id_acte, reception):
    """ARAnnulation (6-2)."""
    return {"idActe": id_acte, "receptionDate": reception.isoformat(), "sentAt": now_rfc3339()}


def letter(id_acte, letter_type, letter_ref, directory, document=None):
    """A prefecture letter of type 2-5 about `id_acte`; `document` is a PDF to send instead of a generated one."""
    if document:
        with open(document, "rb") as handle:
            content = handle.read()
    else:
        content = minimal_pdf(f"{LETTER_NAMES[letter_type]} {letter_ref} - acte {id_acte}")
    stored = f"{id_acte}-{letter_type}-2.pdf"
    reference = store(_files(directory), stored, content, "application/pdf", f"{LETTER_NAMES[letter_type]}.pdf")
    return {"letterRef": letter_ref, "idActe": id_acte, "letterType": letter_type, "document": reference,
            "sentAt": now_rfc3339()}


def letter_answer_acknowledged(payload, reception):
    """ARPieceComplementaire (3-5) or ARReponseRejetLettreObservations (4-5): the answer `payload`
    (prefecture.letter.answer.v1) received on date `reception`."""
    return {"idActe": payload["idActe"], "letterRef": payload["letterRef"], "answerType": payload["answerType"],
            "receptionDate": reception.isoformat(), "sentAt": now_rfc3339()}


def _retour_classification(date, natures, matters):
    """RetourClassification (7-2): DateClassification, NaturesActes with their TypePJNatureActe, and the matters
    nested Matiere1 > Matiere2 > … (the order of libriciel/s2low's fixtures)."""
    root = ET.Element(_q("RetourClassification"))
    ET.SubElement(root, _q("DateClassification")).text = date
    natures_element = ET.SubElement(root, _q("NaturesActes"))
    for nature in natures:
        element = ET.SubElement(natures_element, _q("NatureActe"), {
            _q("CodeNatureActe"): nature["code"], _q("Libelle"): nature["label"], _q("TypeAbrege"): nature["abbrev"]})
        for attachment in nature["attachmentTypes"]:
            ET.SubElement(element, _q("TypePJNatureActe"),
                          {_q("CodeTypePJ"): attachment["code"], _q("Libelle"): attachment["label"]})
    parents = {"": ET.SubElement(root, _q("Matieres"))}
    for matter in matters:  # parents come before their children
        levels = matter["path"].split(".")
        parents[matter["path"]] = ET.SubElement(
            parents[".".join(levels[:-1])], _q(f"Matiere{len(levels)}"),
            {_q("CodeMatiere"): levels[-1], _q("Libelle"): matter["label"]})
    return _xml(root)


def classification_returned(emitter, date, directory, natures=None, matters=None):
    """The classification (7-2) of the authority `emitter` ({siren, departement, …}), version `date`, with its
    {DDD}-{SIREN}----7-2.xml file."""
    natures = copy.deepcopy(natures or classification.NATURES)
    matters = copy.deepcopy(matters or classification.MATTERS)
    name = classification.returned_file_name(emitter["departement"], emitter["siren"])
    content = _retour_classification(date, natures, matters)
    return {"siren": emitter["siren"], "departement": emitter["departement"], "classificationDate": date,
            "natures": natures, "matters": matters,
            "file": store(_files(directory), name, content, "application/xml"), "sentAt": now_rfc3339()}
