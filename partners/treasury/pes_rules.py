"""The checks the treasury (DGFiP HELIOS) makes on a PES_Aller transmission from the payload alone
(domain §4.2). Each finding is (rule, message); the rule names are what the control file's `refuse` list
and the refusal's error codes use."""

import re

from simlib import shape
from simlib.luhn import siret_valid

NOM_FIC = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
COD_COL = re.compile(r"^[A-Z0-9]{1,3}$")
COD_BUD = re.compile(r"^[A-Z0-9]{1,2}$")
ID_POST = re.compile(r"^[A-Z0-9]{1,7}$")
# TypFic of a PES_Retour (treasury.pes.return.v1): PESRETOUR, or PESRETOUR_ and a domain suffix such as DEP.
RETURN_TYP_FIC = re.compile(r"^PESRETOUR(_[A-Z0-9]{1,16})?$")
MAX_PES_BYTES = 128_000_000

RULES = ("cloudevents", "required-fields", "unknown-fields", "field-format", "typfic", "nomfic", "codcol", "codbud",
         "idpost", "idcoll", "size", "file-integrity", "pes-file", "signature")

TRANSMIT_SHAPE = {
    "required": ["transmissionId", "typFic", "nomFic", "codCol", "codBud", "idPost", "idColl", "signed", "file",
                 "sentAt"],
    "closed": True,
    "fields": {"transmissionId": "uuid", "typFic": "string", "nomFic": "string", "codCol": "string",
               "codBud": "string", "idPost": "string", "idColl": "string", "signed": "boolean",
               "file": shape.FILE_REFERENCE, "sentAt": "date-time"},
}


def answerable(payload):
    """True when the payload has the NomFic and CodCol every return carries (their schemas require them)."""
    return (isinstance(payload.get("nomFic"), str) and NOM_FIC.match(payload["nomFic"]) is not None
            and isinstance(payload.get("codCol"), str) and COD_COL.match(payload["codCol"]) is not None)


def _matches(pattern, value):
    return isinstance(value, str) and pattern.match(value) is not None


def check_transmission(payload, acquitted=()):
    """Findings for a PES_Aller. `acquitted` holds the (codCol, nomFic) pairs acquitted before: NomFic is
    unique per CodCol."""
    findings = shape.check(payload, TRANSMIT_SHAPE)
    if payload.get("typFic") != "PESALR2":
        findings.append(("typfic", f"TypFic {payload.get('typFic')!r} is not PESALR2"))
    nom_fic, cod_col = payload.get("nomFic"), payload.get("codCol")
    if not _matches(NOM_FIC, nom_fic):
        findings.append(("nomfic", f"NomFic {nom_fic!r} is not a PES file name"))
    elif (cod_col, nom_fic) in set(acquitted):
        findings.append(("nomfic", f"NomFic {nom_fic} was already acquitted for CodCol {cod_col} (unique per CodCol)"))
    if not _matches(COD_COL, cod_col):
        findings.append(("codcol", f"EnTetePES/CodCol {cod_col!r} is mandatory: 1-3 of A-Z, 0-9"))
    if not _matches(COD_BUD, payload.get("codBud")):
        findings.append(("codbud", f"EnTetePES/CodBud {payload.get('codBud')!r} is mandatory: 1-2 of A-Z, 0-9"))
    if not _matches(ID_POST, payload.get("idPost")):
        findings.append(("idpost", f"EnTetePES/IdPost {payload.get('idPost')!r} is mandatory: 1-7 of A-Z, 0-9"))
    if not siret_valid(payload.get("idColl")):
        findings.append(("idcoll", f"EnTetePES/IdColl {payload.get('idColl')!r} is not a valid SIRET"))
    file = payload.get("file") if isinstance(payload.get("file"), dict) else {}
    size = file.get("sizeBytes")
    if isinstance(size, int) and size > MAX_PES_BYTES:
        findings.append(("size", f"PES_Aller of {size} bytes exceeds {MAX_PES_BYTES} bytes"))
    return findings
