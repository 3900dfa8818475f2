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


def build_package(directory, payload, members=None, envelope=True):
    """Writes the .tar.gz that `payload` (a transmission) announces, points its package at it with a file://
    URI, and returns the payload. `members` overrides or adds {name: bytes}; None content drops a member."""
    import hashlib
    import io
    import tarfile

    package, act, id_acte = payload["package"], payload["act"], payload["idActe"]
    pdf = b"%PDF-1.4\n%test\n"
    content = {f"{id_acte}-1-1_0.xml": b"<?xml version='1.0'?><Acte/>", act["documentFileName"]: pdf}
    content.update({annex: pdf for annex in act["annexFileNames"]})
    if envelope:
        content[package["fileName"].split("-", 1)[1][:-len(".tar.gz")] + ".xml"] = b"<?xml version='1.0'?><E/>"
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
