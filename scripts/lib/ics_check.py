#!/usr/bin/env python3
"""Reads iCalendar invitations with a real calendar library (PyPI `icalendar`) and prints what it understood.

Usage: ics_check.py [--expect-paris-local HH:MM] [--expect-offsets +01:00,+02:00] FILE...

Each FILE is an `.ics` or an `.eml` (every `text/calendar` part of the mail, decoded). For each calendar it prints
one JSON line per VEVENT: file, method, uid, sequence, status, summary, dtstart and dtend (ISO 8601 with the UTC
offset), tzid, rdates (ISO list) and recurrence_id. It also checks that the calendar's own VTIMEZONE gives the
same UTC offsets as the system's tzdata for every time it holds.

--expect-paris-local HH:MM     every start (DTSTART, RDATE, RECURRENCE-ID) is at that Europe/Paris wall time
--expect-offsets +01:00,+02:00 each of these UTC offsets appears among the starts of each calendar (a DST change)

Exit status: 0 when every file holds a calendar that parses and meets the expectations, 1 otherwise (with a
message on stderr), 2 for a usage error. Used by Tests/TrainingDomainTests/ICalendarInteropTests.swift through
scripts/test.d/calendar.sh, which makes a venv with icalendar.
"""
import argparse
import email
import email.policy
import json
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar

PARIS = ZoneInfo("Europe/Paris")


class CheckFailure(Exception):
    pass


def calendar_texts(path):
    """The calendar bodies of one file: the file itself, or each text/calendar part of a mail."""
    data = path.read_bytes()
    if path.suffix.lower() != ".eml":
        return [data]
    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [part.get_payload(decode=True) for part in message.walk() if part.get_content_type() == "text/calendar"]
    if not parts:
        raise CheckFailure(f"{path}: the mail has no text/calendar part")
    return parts


def parse(path, text):
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as error:  # the library raises ValueError and others
        raise CheckFailure(f"{path}: does not parse as iCalendar: {error}") from error
    if calendar.name != "VCALENDAR":
        raise CheckFailure(f"{path}: holds a {calendar.name}, not a VCALENDAR")
    return calendar


def iso(value):
    return value.isoformat() if isinstance(value, (datetime, date)) else None


def rdates(event):
    """Every RDATE value of the event (the property may appear several times, each with a list)."""
    values = event.get("RDATE", [])
    lists = values if isinstance(values, list) else [values]
    return [item.dt for entry in lists for item in entry.dts]


def event_line(path, calendar, event):
    start = event.get("DTSTART")
    end = event.get("DTEND")
    recurrence = event.get("RECURRENCE-ID")
    return {
        "file": str(path),
        "method": str(calendar.get("METHOD", "")),
        "uid": str(event.get("UID", "")),
        "sequence": int(event.get("SEQUENCE", 0)),
        "status": str(event.get("STATUS", "")),
        "summary": str(event.get("SUMMARY", "")),
        "dtstart": iso(start.dt) if start else None,
        "dtend": iso(end.dt) if end else None,
        "tzid": start.params.get("TZID") if start else None,
        "rdates": [iso(value) for value in rdates(event)],
        "recurrence_id": iso(recurrence.dt) if recurrence else None,
    }


def check_vtimezones(path, calendar, times):
    """Each VTIMEZONE, read by itself (not looked up by name), agrees with tzdata on the calendar's times."""
    for vtimezone in calendar.walk("VTIMEZONE"):
        tzid = str(vtimezone["TZID"])
        own = vtimezone.to_tz(lookup_tzid=False)
        system = ZoneInfo(tzid)
        for value in times:
            if not isinstance(value, datetime) or value.tzinfo is None:
                continue
            wall = value.replace(tzinfo=None)
            if wall.replace(tzinfo=own).utcoffset() != wall.replace(tzinfo=system).utcoffset():
                raise CheckFailure(f"{path}: the VTIMEZONE {tzid} and tzdata disagree on the offset of {wall}")


def check_expectations(path, starts, paris_local, offsets):
    if paris_local:
        for start in starts:
            if start.tzinfo is None:
                raise CheckFailure(f"{path}: {start.isoformat()} is a floating time (no TZID, no Z)")
            local = start.astimezone(PARIS).strftime("%H:%M")
            if local != paris_local:
                raise CheckFailure(f"{path}: {start.isoformat()} is {local} in Paris, expected {paris_local}")
    if offsets:
        seen = {start.isoformat()[-6:] for start in starts}
        missing = [offset for offset in offsets if offset not in seen]
        if missing:
            raise CheckFailure(f"{path}: no start at UTC offset {', '.join(missing)} (seen: {', '.join(sorted(seen))})")


def check_file(path, paris_local, offsets):
    for text in calendar_texts(path):
        calendar = parse(path, text)
        events = calendar.walk("VEVENT")
        if not events:
            raise CheckFailure(f"{path}: the calendar has no VEVENT")
        starts, times = [], []
        for event in events:
            print(json.dumps(event_line(path, calendar, event), ensure_ascii=False))
            event_starts = [event[name].dt for name in ("DTSTART", "RECURRENCE-ID") if name in event]
            event_starts += rdates(event)
            starts += [value for value in event_starts if isinstance(value, datetime)]
            times += event_starts + ([event["DTEND"].dt] if "DTEND" in event else [])
        check_vtimezones(path, calendar, times)
        check_expectations(path, starts, paris_local, offsets)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--expect-paris-local", metavar="HH:MM")
    parser.add_argument("--expect-offsets", metavar="+01:00,+02:00", type=lambda text: text.split(","))
    arguments = parser.parse_args()
    try:
        for path in arguments.files:
            check_file(path, arguments.expect_paris_local, arguments.expect_offsets)
    except (CheckFailure, OSError) as failure:
        print(f"ics_check: {failure}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
