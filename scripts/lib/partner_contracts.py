#!/usr/bin/env python3
"""Checks the partner contracts (prefecture, treasury) as a partner would, with python-jsonschema alone.

    partner_contracts.py [DIR]                    DIR: contracts/ (default) or a bundle directory
                                                  (DIR/<partner>/asyncapi.yaml, DIR/<partner>/schemas/,
                                                  DIR/common/schemas/)
    partner_contracts.py [DIR] --validate FILE    validate the messages in FILE ('-' for stdin) instead: a JSON
                                                  list of {"type": TYPE, "payload": {...}, "name": optional label}

Every *.json under DIR/{prefecture,treasury,common}/schemas goes into a plain referencing.Registry keyed by its
`$id` (no retrieval code). Each `$id` must be https://contracts.passerelle.example/<context>/schemas/<file name>,
so that relative `$ref`s such as ../../common/schemas/types.json#/$defs/uuid resolve under RFC 3986. Every
example of DIR/<partner>/asyncapi.yaml must validate against its message's schema, found through the `$id`
its payload `$ref` resolves to; broken copies of each example (a wrong idActe, a missing required property)
must not. Formats are asserted, with siren and siret (Luhn) and uri added to jsonschema's own checkers.

Runs under any python3: when this one lacks jsonschema >= 4.18 (with referencing) or PyYAML, it re-runs itself
with one that has them ($PASSERELLE_CONTRACTS_PYTHON, python3 on PATH, /usr/bin/python3), else with a venv it
creates under $PASSERELLE_HOME/venvs/partner-contracts (pip install, which needs PyPI).
"""

import argparse
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from pathlib import Path

BASE = "https://contracts.passerelle.example/"
PARTNERS = ("prefecture", "treasury")
ROOT = Path(__file__).resolve().parents[2]
PROBE = ("import importlib.metadata as m, jsonschema, referencing, yaml; "
         "v = m.version('jsonschema').split('.'); assert (int(v[0]), int(v[1])) >= (4, 18)")
REEXEC_MARK = "PARTNER_CONTRACTS_REEXEC"


def has_dependencies(python):
    return subprocess.run([python, "-c", PROBE], capture_output=True).returncode == 0


def ensure_dependencies():
    """Returns when this interpreter can run the checks; else execs one that can."""
    try:
        exec(PROBE, {})
        return
    except Exception:
        pass
    if os.environ.get(REEXEC_MARK):
        sys.exit(f"{sys.executable} still lacks jsonschema >= 4.18 or PyYAML")
    home = Path(os.environ.get("PASSERELLE_HOME") or ROOT / ".passerelle")
    venv_python = home / "venvs" / "partner-contracts" / "bin" / "python"
    candidates = [os.environ.get("PASSERELLE_CONTRACTS_PYTHON"), shutil.which("python3"), "/usr/bin/python3",
                  str(venv_python)]
    chosen = next((c for c in candidates if c and os.path.exists(c) and has_dependencies(c)), None)
    if chosen is None:
        print(f"no python3 here has jsonschema >= 4.18 and PyYAML: creating {venv_python.parent.parent}",
              file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv_python.parent.parent)], check=True)
        subprocess.run([str(venv_python), "-m", "pip", "install", "-q", "jsonschema>=4.18", "pyyaml"], check=True)
        chosen = str(venv_python)
    os.environ[REEXEC_MARK] = "1"
    os.execv(chosen, [chosen, __file__, *sys.argv[1:]])


def luhn_valid(digits):
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def format_checker():
    """jsonschema's 2020-12 format checker plus the formats the contracts declare (domain §1.1)."""
    from jsonschema import Draft202012Validator

    checker = copy.deepcopy(Draft202012Validator.FORMAT_CHECKER)

    @checker.checks("siren")
    def siren(value):
        return not isinstance(value, str) or (re.fullmatch(r"[0-9]{9}", value) is not None and luhn_valid(value))

    @checker.checks("siret")
    def siret(value):
        if not isinstance(value, str):
            return True
        if re.fullmatch(r"[0-9]{14}", value) is None or not luhn_valid(value[:9]):
            return False
        return luhn_valid(value) or (value[:9] == "356000000" and sum(map(int, value)) % 5 == 0)

    if "uri" not in checker.checkers:  # jsonschema checks uri only with rfc3987 installed
        @checker.checks("uri")
        def uri(value):
            return not isinstance(value, str) or re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]+", value) is not None

    return checker


class Contracts:
    """The schemas of DIR in a registry, and the partner messages of DIR's AsyncAPI documents."""

    def __init__(self, root):
        import yaml
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self.root, self.problems, resources = root, [], []
        for context in ("common", *PARTNERS):
            for path in sorted((root / context / "schemas").glob("*.json")):
                schema = json.loads(path.read_text(encoding="utf-8"))
                schema_id, expected = schema.get("$id"), f"{BASE}{context}/schemas/{path.name}"
                if schema_id != expected:
                    self.problems.append(f"{path}: $id is {schema_id!r}, expected {expected!r}")
                if schema_id:
                    resources.append((schema_id, Resource.from_contents(schema, default_specification=DRAFT202012)))
        self.registry = Registry().with_resources(resources)
        self.messages = {}  # type -> (context, component key, schema $id, examples)
        for context in PARTNERS:
            document_path = root / context / "asyncapi.yaml"
            if not document_path.exists():
                continue
            document = yaml.safe_load(document_path.read_text(encoding="utf-8"))
            for key, message in document["components"]["messages"].items():
                # The payload $ref is relative to the document, whose URI is BASE/<context>/asyncapi.yaml.
                schema_id = urllib.parse.urljoin(f"{BASE}{context}/asyncapi.yaml", message["payload"]["$ref"])
                self.messages[message["name"]] = (context, key, schema_id, message.get("examples") or [])
        self.checker = format_checker()

    def errors(self, schema_id, payload):
        """The validation errors of `payload` against the schema whose $id is `schema_id`."""
        from jsonschema.validators import validator_for

        try:
            schema = self.registry.contents(schema_id)
        except Exception:
            return [f"no schema has the $id {schema_id}"]
        cls = validator_for(schema)
        try:
            found = sorted(cls(schema, registry=self.registry, format_checker=self.checker).iter_errors(payload),
                           key=lambda e: list(e.absolute_path))
            return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in found]
        except Exception as error:  # an unresolvable $ref
            return [f"{type(error).__name__}: {error}"]


def broken_copies(payload, schema):
    """(label, copy) pairs that the schema must reject."""
    copies = []
    if "idActe" in payload:
        copies.append(("wrong idActe", dict(payload, idActe="21-" + str(payload["idActe"]))))
    required = [name for name in schema.get("required", []) if name in payload]
    if required:
        copies.append((f"without {required[0]}", {k: v for k, v in payload.items() if k != required[0]}))
    return copies


def check_examples(contracts):
    failures, valid, rejected = list(contracts.problems), 0, 0
    for problem in contracts.problems:
        print(f"FAIL {problem}")
    for context, key, schema_id, examples in contracts.messages.values():
        if not examples:
            failures.append(f"{context} {key} has no example")
            print(f"FAIL {context} {key}: no example")
        for example in examples:
            label = f"{context} {key} example {example.get('name')!r}"
            errors = contracts.errors(schema_id, example.get("payload"))
            if errors:
                failures.append(label)
                print(f"FAIL {label} against {schema_id}:\n       " + "\n       ".join(errors))
                continue
            valid += 1
            print(f"ok   {label}")
            for broken, payload in broken_copies(example["payload"], contracts.registry.contents(schema_id)):
                errors = contracts.errors(schema_id, payload)
                if errors and not any(e.startswith(("Unresolvable", "_Wrapped", "no schema")) for e in errors):
                    rejected += 1
                    print(f"ok   {label} {broken} is rejected ({errors[0]})")
                else:
                    failures.append(f"{label} {broken}")
                    print(f"FAIL {label} {broken} is accepted" + (f": {errors[0]}" if errors else ""))
    partners = sorted({context for context, *_ in contracts.messages.values()})
    print(f"partner contracts in {contracts.root} ({', '.join(partners) or 'none'}): {valid} examples valid, "
          f"{rejected} broken copies rejected, {len(failures)} failures")
    return 1 if failures or not partners else 0


def validate_messages(contracts, source):
    text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    items = json.loads(text)
    failures = len(contracts.problems)
    for problem in contracts.problems:
        print(f"FAIL {problem}")
    for item in items if isinstance(items, list) else [items]:
        label = item.get("name") or item.get("type")
        known = contracts.messages.get(item.get("type"))
        errors = contracts.errors(known[2], item.get("payload")) if known else [
            f"{item.get('type')} is not a message of these contracts"]
        failures += bool(errors)
        print(f"ok   {label}" if not errors else f"FAIL {label}:\n       " + "\n       ".join(errors))
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", nargs="?", default=str(ROOT / "contracts"))
    parser.add_argument("--validate", metavar="FILE", help="validate these messages instead of the examples")
    args = parser.parse_args()
    ensure_dependencies()
    root = Path(args.directory).resolve()
    if not (root / "common" / "schemas").is_dir():
        sys.exit(f"{root}: no common/schemas directory (a contracts or bundle directory is expected)")
    contracts = Contracts(root)
    sys.exit(validate_messages(contracts, args.validate) if args.validate else check_examples(contracts))


if __name__ == "__main__":
    main()
