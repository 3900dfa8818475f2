"""The payloads the treasury sends, as its contract's schemas describe them, with the PES_Acquit /
PES_NonAcquit / PES_Retour files they refer to, written under the simulator's files directory."""

import datetime
import os
import uuid
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

from simlib.claimcheck import store
from simlib.cloudevents import now_rfc3339

ACQUITTED = "treasury.pes.acquitted.v1"
REFUSED = "treasury.pes.refused.v1"
RETURN = "treasury.pes.return.v1"
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


# PES_Retour (domain §4.1): the namespace and TypFic of libriciel/s2low's fixtures (whose analyser recognises a
# return by its root element, whatever its TypFic).
RETURN_NS = "http://www.minefi.gouv.fr/cp/helios/pes_v2/Rev0/retour"
DEFAULT_RETURN_TYP_FIC = "PESRETOUR_DEP"
DEFAULT_ID_POST = "021015"
PARIS = ZoneInfo("Europe/Paris")


def paris_date(moment=None):
    """The calendar date in Europe/Paris of `moment` (an aware datetime; default now)."""
    return (moment or datetime.datetime.now(datetime.timezone.utc)).astimezone(PARIS).date()


def _return_xml(nom_fic, typ_fic, id_coll, cod_col, cod_bud, id_post, day):
    """The PES_Retour: envelope, EnTetePES (PES V2 style, values in V attributes), and a one-piece spending
    return, encoded ISO-8859-1 with its declaration."""
    ET.register_namespace("n", RETURN_NS)
    root = ET.Element(f"{{{RETURN_NS}}}PES_Retour")  # the children are unqualified (elementFormDefault)
    parameters = ET.SubElement(ET.SubElement(root, "Enveloppe"), "Parametres")
    for name, value in (("Version", "2"), ("TypFic", typ_fic), ("NomFic", nom_fic)):
        ET.SubElement(parameters, name, V=value)
    head = ET.SubElement(root, "EnTetePES")
    for name, value in (("DteStr", day.isoformat()), ("IdPost", id_post), ("IdColl", id_coll), ("CodCol", cod_col),
                        ("CodBud", cod_bud)):
        if value is not None:
            ET.SubElement(head, name, V=value)
    body = ET.SubElement(root, "PES_DepenseRetour")
    ET.SubElement(ET.SubElement(body, "EnTeteDepense"), "IdVer", V="2")
    bordereau = ET.SubElement(body, "Bordereau")
    block = ET.SubElement(bordereau, "BlocBordereau")
    for name, value in (("Exer", str(day.year)), ("IdBord", "1"), ("TypBord", "01")):
        ET.SubElement(block, name, V=value)
    piece = ET.SubElement(ET.SubElement(bordereau, "Piece"), "InfoPiece")
    for name, value in (("IdPce", "1"), ("TypPce", "01"), ("NatPce", "01"),
                        ("Obj", "Données de retour simulées (Passerelle)"), ("EtatPce", "01")):
        ET.SubElement(piece, name, V=value)
    ET.indent(root)
    return (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n'
            + ET.tostring(root, encoding="ISO-8859-1", xml_declaration=False) + b"\n")


def pes_return(nom_fic, id_coll, cod_col, directory, cod_bud=None, typ_fic=DEFAULT_RETURN_TYP_FIC,
               id_post=DEFAULT_ID_POST):
    """treasury.pes.return.v1: a PES_Retour the DGFiP sends unprompted, routed by its IdColl (domain §4.3), with
    the file named after its NomFic (`.xml` added when the NomFic has none). DteStr is the Paris date of sentAt."""
    now = datetime.datetime.now(datetime.timezone.utc)
    content = _return_xml(nom_fic, typ_fic, id_coll, cod_col, cod_bud, id_post, paris_date(now))
    name = nom_fic if nom_fic.endswith(".xml") else nom_fic + ".xml"
    payload = {"nomFic": nom_fic, "typFic": typ_fic, "idColl": id_coll, "codCol": cod_col}
    if cod_bud is not None:
        payload["codBud"] = cod_bud
    payload["file"] = store(os.path.join(directory, str(uuid.uuid4())), name, content, "application/xml")
    payload["sentAt"] = now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{now.microsecond // 1000:03d}Z"
    return payload
