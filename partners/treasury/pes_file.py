"""The checks on the PES_Aller file itself, when its claim check is a `file://` URI to an existing file
(domain §4.1, §4.2): integrity, root element, envelope and EnTetePES against the payload, and
InfoDematerialisee against the bordereaux' signatures."""

import os
import xml.etree.ElementTree as ET

from simlib.claimcheck import local_path, sha256_file


def file_path(reference):
    path = local_path(reference.get("uri")) if isinstance(reference, dict) else None
    return path if path and os.path.isfile(path) else None


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _value(root, *path):
    """The V attribute of the element at `path` (local names), PES V2 style: <CodCol V="231"/>."""
    element = root
    for name in path:
        element = next((child for child in element if _local(child.tag) == name), None)
        if element is None:
            return None
    return element.get("V")


def check_file(path, payload):
    findings = []
    reference = payload.get("file") or {}
    if reference.get("sha256") != sha256_file(path) or reference.get("sizeBytes") != os.path.getsize(path):
        findings.append(("file-integrity", "the file's SHA-256 or size differs from the claim check"))
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        return findings + [("pes-file", f"the PES_Aller is not well-formed XML ({error})")]
    if _local(root.tag) != "PES_Aller":
        return findings + [("pes-file", f"the root element is {_local(root.tag)}, not PES_Aller")]
    declared = {("Enveloppe", "Parametres", "TypFic"): "typFic", ("Enveloppe", "Parametres", "NomFic"): "nomFic",
                ("EnTetePES", "CodCol"): "codCol", ("EnTetePES", "CodBud"): "codBud",
                ("EnTetePES", "IdPost"): "idPost", ("EnTetePES", "IdColl"): "idColl"}
    for path_in_file, key in declared.items():
        found = _value(root, *path_in_file)
        if found != payload.get(key):
            findings.append(("pes-file", f"{'/'.join(path_in_file)} is {found!r} in the file but {key} is "
                                         f"{payload.get(key)!r} in the message"))
    findings += _check_signatures(root, payload.get("signed"))
    return findings


def _check_signatures(root, declared_signed):
    findings = []
    for index, bordereau in enumerate((e for e in root.iter() if _local(e.tag) == "Bordereau"), 1):
        info = next((e.get("V") for e in bordereau.iter() if _local(e.tag) == "InfoDematerialisee"), None)
        signed = any(_local(e.tag) == "Signature" for e in bordereau.iter())
        if info == "1" and not signed:
            findings.append(("signature", f"InfoDematerialisee = 1 without a signature of bordereau {index}"))
        elif info == "0" and signed:
            findings.append(("signature", f"InfoDematerialisee = 0 with a signature on bordereau {index}"))
        if info in ("0", "1") and isinstance(declared_signed, bool) and declared_signed != (info == "1"):
            findings.append(("signature", f"signed is {str(declared_signed).lower()} in the message but bordereau "
                                          f"{index} has InfoDematerialisee = {info}"))
    return findings
