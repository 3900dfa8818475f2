"""The payloads the treasury sends, as its contract's schemas describe them, with the PES_Acquit /
PES_NonAcquit files they refer to, written under the simulator's files directory."""

import os
import uuid
import xml.etree.ElementTree as ET

from simlib.claimcheck import store
from simlib.cloudevents import now_rfc3339

ACQUITTED = "treasury.pes.acquitted.v1"
REFUSED = "treasury.pes.refused.v1"
# domain §4.3: "information available" is a PES_Acquit with ACQUIT elements; the contract has no message of
# its own for it.
INFORMATION_AVAILABLE = "treasury.pes.information-available"


def _return_file(kind, payload, directory, items):
    root = ET.Element(kind)
    parameters = ET.SubElement(ET.SubElement(root, "Enveloppe"), "Parametres")
    ET.SubElement(parameters, "NomFicAller", V=payload["nomFic"])
    head = ET.SubElement(root, "EnTetePES")
    for key, name in (("codCol", "CodCol"), ("codBud", "CodBud"), ("idPost", "IdPost"), ("idColl", "IdColl")):
        if isinstance(payload.get(key), str):
            ET.SubElement(head, name, V=payload[key])
    for item in items:
        ET.SubElement(root, "ACQUIT" if kind == "PES_Acquit" else "Erreur",
                      {k: str(v) for k, v in item.items() if k != "message"}).text = item.get("message", "")
    name = f"{kind}_{payload['nomFic']}"
    if not name.endswith(".xml"):
        name += ".xml"
    content = ET.tostring(root, encoding="UTF-8", xml_declaration=True)
    return store(os.path.join(directory, str(uuid.uuid4())), name, content, "application/xml")


def acquitted(payload, directory, acquit_elements=()):
    """PES_Acquit; with ACQUIT elements it means "information available" (status 8)."""
    elements = [dict(e) for e in acquit_elements]
    return {"nomFic": payload["nomFic"], "codCol": payload["codCol"], "acquitElements": elements,
            "file": _return_file("PES_Acquit", payload, directory, elements), "sentAt": now_rfc3339()}


def refused(payload, findings, directory):
    """PES_NonAcquit with one error per finding (code = rule name)."""
    errors = [{"code": rule[:32], "message": message[:2000]} for rule, message in findings][:1000]
    return {"nomFic": payload["nomFic"], "codCol": payload["codCol"], "errors": errors,
            "file": _return_file("PES_NonAcquit", payload, directory, errors), "sentAt": now_rfc3339()}
