#!/usr/bin/python3
"""The treasury (DGFiP HELIOS, PES V2) as a test double on the partner broker, vhost `treasury`.

    simulator.py run [--url URL] [--binding ce|amqp] [--control FILE] [--log FILE] [--files DIR]
    simulator.py send-return --id-coll SIRET --cod-col C [--cod-bud B] [--nom-fic N] [--typ-fic T] …
        (prints the event id, then the NomFic, one a line)
    simulator.py send-raw --type TYPE --body FILE [--header K=V]… [--bare]

It consumes treasury.pes.transmit.v1 from its queue treasury.inbox (bound to treasury.commands) and answers on
treasury.events with treasury.pes.acquitted.v1 or treasury.pes.refused.v1, as contracts/treasury/asyncapi.yaml
says. "Information available" (domain §4.3) is not a message of that contract: it is an acquittal with ACQUIT
elements (control `acquitElements`); a later information message is logged as not in the contract and skipped.
send-return publishes treasury.pes.return.v1, a PES_Retour the DGFiP sends unprompted. See partners/README.md.
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from simlib import cli  # noqa: E402
from simlib.cloudevents import new_traceparent, properties_for  # noqa: E402
from simlib.control import refused_on_purpose, seconds  # noqa: E402
from simlib.journal import Journal  # noqa: E402
from simlib.luhn import siret_valid  # noqa: E402
from simlib.runner import Reply, publish_once  # noqa: E402
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


def returns_sent(journal):
    """The NomFics of the PES_Retour files this treasury sent (send-return logs them), oldest first."""
    return [(e.get("business") or {}).get("nomFic") for e in journal.entries
            if (e.get("direction"), e.get("type"), e.get("outcome")) == ("sent", answers.RETURN, "return-sent")]


def next_return_name(journal, day):
    """The default NomFic: PESRETOUR_<YYYYMMDD>_<n>.xml, <n> four digits, the next one not already in the log."""
    sent = returns_sent(journal)
    count, taken = len(sent), set(sent)
    while True:
        count += 1
        name = f"PESRETOUR_{day.strftime('%Y%m%d')}_{count:04d}.xml"
        if name not in taken:
            return name


def return_problems(args):
    """Why the options cannot make a treasury.pes.return.v1 its schema accepts (send-raw sends anything)."""
    checks = [("--id-coll", args.id_coll, siret_valid(args.id_coll), "a SIRET (14 digits, Luhn)"),
              ("--cod-col", args.cod_col, pes_rules.COD_COL.fullmatch(args.cod_col), "1-3 of A-Z, 0-9"),
              ("--cod-bud", args.cod_bud, args.cod_bud is None or pes_rules.COD_BUD.fullmatch(args.cod_bud),
               "1-2 of A-Z, 0-9"),
              ("--id-post", args.id_post, pes_rules.ID_POST.fullmatch(args.id_post), "1-7 of A-Z, 0-9"),
              ("--typ-fic", args.typ_fic, pes_rules.RETURN_TYP_FIC.fullmatch(args.typ_fic),
               "PESRETOUR or PESRETOUR_<suffix>, e.g. PESRETOUR_DEP"),
              ("--nom-fic", args.nom_fic, args.nom_fic is None or pes_rules.NOM_FIC.fullmatch(args.nom_fic),
               "a PES file name: a letter or digit, then up to 99 of A-Z a-z 0-9 _ . -")]
    return [f"{option} {value!r} is not {expected}" for option, value, ok, expected in checks if not ok]


def send_return(simulator, args):
    problems = return_problems(args)
    if problems:
        raise SystemExit("; ".join(problems))
    journal = Journal(args.log)
    nom_fic = args.nom_fic
    if nom_fic is None:
        nom_fic = next_return_name(journal, answers.paris_date())
    elif nom_fic in returns_sent(journal):
        print(f"note: a PES_Retour {nom_fic} was already sent (log {args.log}); sent again", file=sys.stderr)
    payload = answers.pes_return(nom_fic, args.id_coll, args.cod_col, args.files, cod_bud=args.cod_bud,
                                 typ_fic=args.typ_fic, id_post=args.id_post)
    properties = properties_for(args.binding, type=answers.RETURN, source=simulator.source, subject=nom_fic,
                                correlationid=args.correlation_id, traceparent=args.traceparent or new_traceparent())
    business = {key: payload[key] for key in ("nomFic", "typFic", "idColl", "codCol", "codBud", "sentAt")
                if key in payload}
    publish_once(cli.connection_parameters(args, simulator.partner), simulator.partner, answers.RETURN,
                 json.dumps(payload, ensure_ascii=False).encode("utf-8"), properties, journal,
                 reason=f"PES_Retour {args.typ_fic}", subject=nom_fic, business=business, outcome="return-sent")
    print(properties.message_id)  # line 1: the event's CloudEvents id
    print(nom_fic)  # line 2: the return file's NomFic


def main(argv=None):
    top, commands, common = cli.parser("treasury", "amqp", __doc__.split("\n\n")[0])
    retour = commands.add_parser("send-return", parents=[common],
                                 help="send a PES_Retour (treasury.pes.return.v1); prints its event id, then its "
                                      "NomFic")
    retour.add_argument("--id-coll", required=True, help="EnTetePES/IdColl: the SIRET the return is routed by")
    retour.add_argument("--cod-col", required=True, help="EnTetePES/CodCol")
    retour.add_argument("--cod-bud", help="EnTetePES/CodBud (default none: no CodBud, no codBud)")
    retour.add_argument("--nom-fic",
                        help="the return's own NomFic (default PESRETOUR_<YYYYMMDD>_<n>.xml, the next one not in the "
                             "log)")
    retour.add_argument("--typ-fic", default=answers.DEFAULT_RETURN_TYP_FIC, help="TypFic (default %(default)s)")
    retour.add_argument("--id-post", default=answers.DEFAULT_ID_POST,
                        help="EnTetePES/IdPost in the file (default %(default)s; not in the message)")
    retour.add_argument("--correlation-id", help="correlationid to carry (default none: a return is unprompted)")
    retour.add_argument("--traceparent", help="W3C traceparent to carry (default: a new trace)")
    args = top.parse_args(argv)
    simulator = TreasurySimulator(args.files)
    {"run": cli.run, "send-raw": cli.send_raw, "send-return": send_return}[args.command](simulator, args)


if __name__ == "__main__":
    main()
