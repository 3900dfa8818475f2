"""Claim checks: the files a message refers to instead of carrying them (contract `fileReference`)."""

import hashlib
import os
import urllib.parse
import urllib.request


def local_path(uri):
    """The path of a `file://` URI, or None for any other scheme."""
    parts = urllib.parse.urlsplit(uri or "")
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return None
    return urllib.request.url2pathname(parts.path)


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def store(directory, stored_name, content, media_type, file_name=None):
    """Writes `content` under `directory` and returns its file reference (file:// URI, SHA-256, size)."""
    os.makedirs(directory, exist_ok=True)
    path = os.path.abspath(os.path.join(directory, stored_name))
    with open(path, "wb") as handle:
        handle.write(content)
    return {"uri": "file://" + urllib.request.pathname2url(path), "fileName": file_name or stored_name,
            "sha256": hashlib.sha256(content).hexdigest(), "sizeBytes": len(content), "mediaType": media_type}


def minimal_pdf(text):
    """A one-page PDF showing `text` (ASCII), enough for a letter's claim check."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
