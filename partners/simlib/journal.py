"""The simulator's JSON Lines log: one object per received or sent message, read back at start so that a
restart keeps the seen ids (idempotency) and the business state (acknowledged acts, letters sent, acquitted
files). `refresh()` reads the lines another process appended since (send-letter, send-return and send-raw write to
the log of a running simulator), so a running simulator sees them; the runner calls it before each message.

Fields: time, direction (received | sent | skipped), type, id, correlationid, traceparent, outcome, reason,
and, when known, subject and business (the payload's keys: idActe, transmissionId or requestId, nomFic, codCol,
siren, letterRef, rules).
"""

import json
import os
import sys

from simlib.cloudevents import now_rfc3339

# The payload keys the contracts call the "dedup key at the partner".
DEDUP_KEYS = ("transmissionId", "requestId")


class Journal:
    def __init__(self, path):
        self.path = path
        self.entries = []
        self._offset = 0  # bytes of the file read so far
        self._own = []  # lines this journal wrote that refresh() has not passed over yet
        if path and os.path.exists(path):
            self.refresh()
        elif path:
            os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)

    def refresh(self):
        """Reads the complete lines appended to the file since the last read: those of other processes become
        entries; this journal's own lines, already in `entries`, are passed over."""
        if not self.path or not os.path.exists(self.path):
            return
        with open(self.path, "rb") as handle:
            handle.seek(self._offset)
            data = handle.read()
        end = data.rfind(b"\n") + 1  # a line being written stays for the next read
        for raw in data[:end].split(b"\n"):
            line = raw.decode("utf-8", "replace")
            if not line.strip():
                continue
            if line in self._own:
                self._own.remove(line)
                continue
            try:
                self.entries.append(json.loads(line))
            except ValueError:
                print(f"{self.path}: a line that is not JSON, ignored: {line[:80]!r}", file=sys.stderr)
        self._offset += end

    def write(self, direction, type, id, *, correlationid=None, traceparent=None, outcome=None, reason=None,
              subject=None, business=None):
        entry = {"time": now_rfc3339(), "direction": direction, "type": type, "id": id,
                 "correlationid": correlationid, "traceparent": traceparent, "outcome": outcome, "reason": reason}
        if subject is not None:
            entry["subject"] = subject
        if business:
            entry["business"] = business
        self.entries.append(entry)
        if self.path:
            line = json.dumps(entry, ensure_ascii=False)
            self._own.append(line)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        return entry

    def received(self):
        return [e for e in self.entries if e.get("direction") == "received"]

    def seen(self, event_id, transmission_id=None):
        """True when an input with this CloudEvents id, or this dedup key (the payload's transmissionId or
        requestId, the contract's dedup key at the partner), was already answered or dropped."""
        for entry in self.received():
            if entry.get("id") == event_id:
                return True
            business = entry.get("business") or {}
            if transmission_id and any(business.get(key) == transmission_id for key in DEDUP_KEYS):
                return True
        return False

    def outcomes(self, outcome):
        """The business dicts of received inputs that ended with `outcome`, oldest first."""
        return [e.get("business") or {} for e in self.received() if e.get("outcome") == outcome]
