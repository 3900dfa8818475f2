"""A small structural check of a payload against the shape its contract schema gives (required and unknown
properties, JSON types, the formats uuid, date, date-time, email, uri, sha256, phone). The simulators use it
instead of a JSON Schema library, so that they run on Debian's python3 with pika alone.

A shape is a type name ("string", "boolean", "integer", "uuid", "date", "date-time", "email", "uri", "sha256",
"phone"), ["array", item shape, min items, max items], or an object shape {"required": [...], "closed": bool,
"fields": {name: shape}}. Findings are (rule, message) with rule required-fields, unknown-fields or
field-format.
"""

import datetime
import re

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
PHONE = re.compile(r"^\+?[0-9][0-9 .]{5,19}$")

FILE_REFERENCE = {"required": ["uri", "fileName", "sha256", "sizeBytes"], "closed": True,
                  "fields": {"uri": "uri", "fileName": "string", "sha256": "sha256", "sizeBytes": "integer",
                             "mediaType": "string"}}


def parse_date(text):
    try:
        return datetime.date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or "") else None
    except ValueError:
        return None


def _scalar_ok(value, kind):
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if not isinstance(value, str):
        return False
    if kind == "uuid":
        return UUID.match(value) is not None
    if kind == "date":
        return parse_date(value) is not None
    if kind == "date-time":
        if not DATE_TIME.match(value):
            return False
        try:
            datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return False
        return True
    if kind == "email":
        return EMAIL.match(value) is not None
    if kind in ("uri", "sha256", "phone"):
        return {"uri": URI, "sha256": SHA256, "phone": PHONE}[kind].match(value) is not None
    return True  # "string"


def check(value, shape, path="payload"):
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [("field-format", f"{path} must be an object")]
        findings = [("required-fields", f"{path}.{name} is required") for name in shape.get("required", [])
                    if name not in value]
        for name, item in value.items():
            if name in shape["fields"]:
                findings += check(item, shape["fields"][name], f"{path}.{name}")
            elif shape.get("closed"):
                findings.append(("unknown-fields", f"{path}.{name} is not in the contract"))
        return findings
    if isinstance(shape, list):
        _, item_shape, least, most = shape
        if not isinstance(value, list):
            return [("field-format", f"{path} must be an array")]
        findings = []
        if not least <= len(value) <= most:
            findings.append(("field-format", f"{path} must have {least} to {most} items"))
        for index, item in enumerate(value):
            findings += check(item, item_shape, f"{path}[{index}]")
        return findings
    if not _scalar_ok(value, shape):
        return [("field-format", f"{path} must be {'a ' + shape if shape != 'integer' else 'an integer'}")]
    return []
