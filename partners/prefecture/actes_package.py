"""The checks on the .tar.gz package itself, when its claim check is a `file://` URI to an existing file
(domain §3.4, §3.5): integrity against the declared SHA-256 and size, the envelope, the business XML, the act
and annexes by name, their types by content (magic bytes) and their total size."""

import os
import tarfile

from prefecture.actes_rules import MAX_ACT_BYTES, PACKAGE_NAME
from simlib.claimcheck import local_path, sha256_file

MAGIC = {"pdf": (b"%PDF-",), "png": (b"\x89PNG\r\n\x1a\n",), "jpg": (b"\xff\xd8\xff",), "xml": (b"<?xml", b"<")}


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


def check_archive(path, package, id_acte, flux, document=None, annexes=()):
    """Findings for the archive at `path`. `flux` is "1-1" (transmission) or "6-1" (cancellation)."""
    findings = []
    if package.get("sha256") != sha256_file(path) or package.get("sizeBytes") != os.path.getsize(path):
        findings.append(("package-integrity", "the package's SHA-256 or size differs from the claim check"))
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {os.path.basename(m.name): m for m in archive.getmembers() if m.isfile()}
            heads = {name: archive.extractfile(member).read(16) for name, member in members.items()}
    except (tarfile.TarError, OSError, EOFError) as error:
        return findings + [("package-content", f"the package is not a readable tar.gz ({error})")]
    expected = {}
    match = PACKAGE_NAME.match(package.get("fileName") or "")
    if match:
        envelope = package["fileName"][len(match.group(1)) + 1:-len(".tar.gz")] + ".xml"
        expected[envelope] = "the envelope"
    expected[f"{id_acte}-{flux}_0.xml"] = "the business XML"
    if document:
        expected[document] = "the act"
    for annex in annexes:
        expected[annex] = "an annex"
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
    return findings
