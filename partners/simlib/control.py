"""The control file: JSON that scripts a simulator's behaviour, re-read before each message.

Keys: delayMs (wait before answering), refuse (rule names to refuse on purpose, or "all"), paused (stop
consuming while true); the treasury adds acquitDelayMs, informationDelayMs and acquitElements. A missing
file means the defaults; an unreadable one keeps the last good content.
"""

import json
import sys

DEFAULTS = {"delayMs": 0, "refuse": [], "paused": False}


class Control:
    def __init__(self, path, defaults=None):
        self.path = path
        self.defaults = dict(DEFAULTS, **(defaults or {}))
        self.last = dict(self.defaults)

    def read(self):
        if not self.path:
            return dict(self.defaults)
        try:
            with open(self.path, encoding="utf-8") as handle:
                content = json.load(handle)
            if not isinstance(content, dict):
                raise ValueError("the control file must hold a JSON object")
            self.last = dict(self.defaults, **content)
        except FileNotFoundError:
            self.last = dict(self.defaults)
        except (OSError, ValueError) as error:
            print(f"control file {self.path}: {error}; keeping the previous settings", file=sys.stderr)
        return dict(self.last)


def refused_on_purpose(control, rules):
    """"all", or the first name of the control's `refuse` list that is one of `rules` (the rules that apply
    to this kind of message), or None."""
    refuse = control.get("refuse") or []
    if isinstance(refuse, str):
        refuse = [refuse]
    if "all" in refuse:
        return "all"
    return next((rule for rule in refuse if rule in rules), None)


def seconds(control, key):
    value = control.get(key) or 0
    try:
        return max(0.0, float(value) / 1000.0)
    except (TypeError, ValueError):
        return 0.0
