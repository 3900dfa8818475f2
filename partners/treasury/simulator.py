#!/usr/bin/python3
"""The treasury (DGFiP HELIOS, PES V2) as a test double on the partner broker, vhost `treasury`.

    simulator.py run [--url URL] [--binding ce|amqp] [--control FILE] [--log FILE] [--files DIR]
    simulator.py send-raw --type TYPE --body FILE [--header K=V]… [--bare]

It consumes treasury.pes.transmit.v1 from its queue treasury.inbox (bound to treasury.commands) and answers on
treasury.events with treasury.pes.acquitted.v1 or treasury.pes.refused.v1, as contracts/treasury/asyncapi.yaml
says. "Information available" (domain §4.3) is not a message of that contract: it is an acquittal with ACQUIT
elements (control `acquitElements`); a later information message is logged as not in the contract and skipped.
See partners/README.md.
"""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from simlib import cli  # noqa: E402
from simlib.control import refused_on_purpose, seconds  # noqa: E402
from simlib.runner import Reply  # noqa: E402
from treasury import answers, pes_file, pes_rules  # noqa: E402

TRANSMIT = "treasury.pes.transmit.v1"


class TreasurySimulator:
    partner = "treasury"
    source = "/partner/treasury"
    input_types = (TRANSMIT,)
    control_defaults = {"acquitDelayMs": 0, "informationDelayMs": None, "acquitElements": []}

    def __init__(self, files):
        self.files = files

    def handle(self, event, payload, settings, journal):
        if event.type not in self.input_types:
            return Reply("dropped", f"{event.type} is not a message the treasury receives")
        if payload is None or not pes_rules.answerable(payload):
            return Reply("dropped", "no valid nomFic and codCol to answer with (both are required in every return)")
        business = {"nomFic": payload["nomFic"], "codCol": payload["codCol"]}
        acquitted = [(b.get("codCol"), b.get("nomFic")) for b in journal.outcomes("acquitted")]
        findings = [("cloudevents", problem) for problem in event.problems]
        findings += pes_rules.check_transmission(payload, acquitted)
        path = pes_file.file_path(payload.get("file"))
        if path:
            findings += pes_file.check_file(path, payload)
        forced = refused_on_purpose(settings, pes_rules.RULES)
        if forced:
            findings.append((forced, "refused on purpose (simulator control file)"))
        business["rules"] = sorted({rule for rule, _ in findings})
        delay = seconds(settings, "acquitDelayMs")
        if findings:
            reason = "; ".join(f"{rule}: {message}" for rule, message in findings)
            return Reply("refused", reason, payload["nomFic"], business,
                         [(answers.REFUSED, answers.refused(payload, findings, self.files))], delay)
        elements = settings.get("acquitElements") or []
        reply = Reply("acquitted", "with ACQUIT elements (information available)" if elements else None,
                      payload["nomFic"], business,
                      [(answers.ACQUITTED, answers.acquitted(payload, self.files, elements))], delay)
        if settings.get("informationDelayMs") is not None:
            reply.later.append((seconds(settings, "informationDelayMs"),
                                lambda: journal.write("skipped", answers.INFORMATION_AVAILABLE, None,
                                                      correlationid=event.id, outcome="not-in-contract",
                                                      subject=payload["nomFic"],
                                                      reason="the treasury contract has no information-available "
                                                             "message; information travels as acquitElements of "
                                                             "treasury.pes.acquitted.v1")))
        return reply


def main(argv=None):
    top, _, _ = cli.parser("treasury", "amqp", __doc__.split("\n\n")[0])
    args = top.parse_args(argv)
    simulator = TreasurySimulator(args.files)
    {"run": cli.run, "send-raw": cli.send_raw}[args.command](simulator, args)


if __name__ == "__main__":
    main()
