# Sourced by scripts/test after the tests: the training scheduler's iCalendar invitations must read the same in a
# real calendar library. A venv under $PASSERELLE_HOME/venvs/calendar gets Python's icalendar (pip, which needs
# PyPI the first time), then ICalendarInteropTests renders invitations across both DST changes and checks them with
# scripts/lib/ics_check.py in that venv. The suite is skipped without PASSERELLE_CALENDAR_PYTHON, so this hook also
# fails if it did not run.
export PYTHONDONTWRITEBYTECODE=1
calendar_venv="${PASSERELLE_HOME:-$ROOT/.passerelle}/venvs/calendar"
calendar_python="$calendar_venv/bin/python"
if ! "$calendar_python" -c 'import icalendar' >/dev/null 2>&1; then
    step "Python venv with icalendar for the calendar check ($calendar_venv)"
    /usr/bin/python3 -m venv --clear "$calendar_venv"
    "$calendar_python" -m pip install -q --disable-pip-version-check 'icalendar>=6'
fi
note "$("$calendar_python" -c 'import icalendar; print("icalendar", icalendar.__version__)')"

step "iCalendar invitations read by python icalendar (swift test --filter ICalendarInteropTests)"
calendar_log="$(mktemp "${TMPDIR:-/tmp}/passerelle-calendar.XXXXXX")"
if ! PASSERELLE_CALENDAR_PYTHON="$calendar_python" PASSERELLE_REQUIRE_INTEGRATION=1 \
    swift test --skip-build --filter ICalendarInteropTests 2>&1 | tee "$calendar_log"; then
    rm -f "$calendar_log"
    die "ICalendarInteropTests failed: python icalendar does not read the invitations as rendered"
fi
if ! grep -Eq 'Suite "?ICalendarInteropTests"? passed' "$calendar_log"; then
    rm -f "$calendar_log"
    die "ICalendarInteropTests did not run (skipped, or not in the test build: scripts/test builds it first)"
fi
rm -f "$calendar_log"
ok "the invitations read the same in python icalendar"
