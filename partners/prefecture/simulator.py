#!/usr/bin/python3
"""The prefecture (ACTES legality control) as a test double on the partner broker, vhost `prefecture`.

    simulator.py run [--url URL] [--binding ce|amqp] [--control FILE] [--log FILE] [--files DIR]
    simulator.py send-letter --id-acte ID --letter-type 2..5 [--letter-ref REF] [--document PDF] …
        (prints the event id, then the letter reference, one a line)
    simulator.py send-raw --type TYPE --body FILE [--header K=V]… [--bare]

It consumes prefecture.act.transmit.v1, prefecture.act.cancel.v1, prefecture.classification.request.v1 and
prefecture.letter.answer.v1 from its queue prefecture.inbox (bound to prefecture.commands) and answers on
prefecture.events, as contracts/prefecture/asyncapi.yaml says; see partners/README.md.
"""

import json
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from prefecture import actes_package, actes_rules, answers, classification  # noqa: E402
from simlib import cli  # noqa: E402
from simlib.cloudevents import new_traceparent, properties_for  # noqa: E402
from simlib.control import refused_on_purpose  # noqa: E402
from simlib.journal import Journal  # noqa: E402
from simlib.runner import Reply, publish_once  # noqa: E402

TRANSMIT = "prefecture.act.transmit.v1"
CANCEL = "prefecture.act.cancel.v1"
CLASSIFICATION_REQUEST = "prefecture.classification.request.v1"
LETTER_ANSWER = "prefecture.letter.answer.v1"


def detail_of(findings):
    return "; ".join(f"{rule}: {message}" for rule, message in findings)


def acts_state(journal):
    """(acknowledged, cancelled): the IDActes this prefecture acknowledged, and those since cancelled."""
    acknowledged = [b.get("idActe") for b in journal.outcomes("acknowledged")]
    cancelled = {b.get("idActe") for b in journal.outcomes("cancellation-acknowledged")}
    return acknowledged, cancelled


def letter_business(id_acte, letter_type, letter_ref, sent_at):
    """What the journal keeps of a letter sent (prefecture.letter.sent.v1): its act, type, reference and date
    (the Paris calendar date of its sentAt, which an answer gives as DateCourrierPref)."""
    date = actes_rules.paris_date(sent_at)
    return {"idActe": id_acte, "letterType": letter_type, "letterRef": letter_ref, "sentAt": sent_at,
            "letterDate": date.isoformat() if date else None}


def letters_state(journal):
    """(letters, answered): {letterRef: {idActe, letterType, letterDate}} of the letters this prefecture sent
    (send-letter logs them; the first of a reference counts), and the letterRefs already answered."""
    letters = {}
    for entry in journal.entries:
        business = entry.get("business") or {}
        if (entry.get("direction"), entry.get("type"), entry.get("outcome")) != ("sent", answers.LETTER, "confirmed"):
            continue
        reference = business.get("letterRef")
        if isinstance(reference, str) and reference not in letters:
            date = business.get("letterDate") or actes_rules.paris_date(entry.get("time") or "")
            letters[reference] = {"idActe": business.get("idActe"), "letterType": business.get("letterType"),
                                  "letterDate": date if isinstance(date, str) or date is None else date.isoformat()}
    answered = {b.get("letterRef") for b in journal.outcomes("letter-answer-acknowledged")}
    return letters, answered


class PrefectureSimulator:
    partner = "prefecture"
    source = "/partner/prefecture"
    input_types = (TRANSMIT, CANCEL, CLASSIFICATION_REQUEST, LETTER_ANSWER)
    control_defaults = {}

    def __init__(self, files):
        self.files = files

    def handle(self, event, payload, settings, journal):
        if event.type not in self.input_types:
            return Reply("dropped", f"{event.type} is not a message the prefecture receives")
        if payload is None:
            return Reply("dropped", "data is not a JSON object: nothing to answer with")
        if event.type == CLASSIFICATION_REQUEST:
            return self.classification(event, payload, settings)
        if event.type == LETTER_ANSWER:
            return self.letter_answer(event, payload, settings, journal)
        id_acte = payload.get("idActe")
        if actes_rules.parse_id_acte(id_acte) is None:
            return Reply("dropped", f"id-acte: {id_acte!r} is not an IDActe, so no anomaly can name the act",
                         business={"idActe": id_acte})
        today = actes_rules.reception_date()
        acknowledged, cancelled = acts_state(journal)
        if event.type == TRANSMIT:
            findings = actes_rules.check_transmission(payload, today, acknowledged)
            package = payload.get("package") if isinstance(payload.get("package"), dict) else {}
            path = actes_package.archive_path(package)
            if path:
                act = payload.get("act") if isinstance(payload.get("act"), dict) else {}
                findings += actes_package.check_archive(path, package, id_acte, "1-1", act.get("documentFileName"),
                                                        act.get("annexFileNames") or [], message=payload)
            rules = actes_rules.TRANSMISSION_RULES
        else:
            findings = actes_rules.check_cancellation(payload, set(acknowledged), cancelled)
            package = payload.get("package") if isinstance(payload.get("package"), dict) else {}
            path = actes_package.archive_path(package)
            if path:
                findings += actes_package.check_archive(path, package, id_acte, "6-1", message=payload)
            rules = actes_rules.CANCELLATION_RULES
        findings = [("cloudevents", problem) for problem in event.problems] + findings
        forced = refused_on_purpose(settings, rules)
        if forced:
            findings.append((forced, "refused on purpose (simulator control file)"))
        business = {"idActe": id_acte, "rules": sorted({rule for rule, _ in findings})}
        if findings:
            detail = detail_of(findings)
            act = payload.get("act") if event.type == TRANSMIT and isinstance(payload.get("act"), dict) else None
            return Reply("anomaly", detail, id_acte, business,
                         [(answers.ANOMALY, answers.anomaly(id_acte, detail, self.files, act))])
        if event.type == TRANSMIT:
            return Reply("acknowledged", None, id_acte, business,
                         [(answers.ACKNOWLEDGED, answers.acknowledged(payload, today, self.files))])
        return Reply("cancellation-acknowledged", None, id_acte, business,
                     [(answers.CANCELLATION_ACKNOWLEDGED, answers.cancellation_acknowledged(id_acte, today))])

    def classification(self, event, payload, settings):
        """A classification request (7-1) is answered with the classification (7-2) of the control file's
        `classificationDate`. The contract has no refusal for it: an invalid request is dropped, its findings
        in the log."""
        findings = actes_rules.check_classification_request(payload, actes_rules.reception_date())
        package = payload.get("package") if isinstance(payload.get("package"), dict) else {}
        path = actes_package.archive_path(package)
        if path:
            findings += actes_package.check_classification_archive(path, package, payload)
        findings = [("cloudevents", problem) for problem in event.problems] + findings
        forced = refused_on_purpose(settings, actes_rules.CLASSIFICATION_RULES)
        if forced:
            findings.append((forced, "refused on purpose (simulator control file)"))
        emitter = payload.get("emitter") if isinstance(payload.get("emitter"), dict) else {}
        siren = emitter.get("siren") if isinstance(emitter.get("siren"), str) else None
        business = {"siren": siren, "departement": emitter.get("departement"),
                    "rules": sorted({rule for rule, _ in findings})}
        if findings:
            return Reply("dropped", detail_of(findings), siren, business)
        date = classification.classification_date(settings)
        business["classificationDate"] = date
        return Reply("classification-returned", None, siren, business,
                     [(answers.CLASSIFICATION_RETURNED, answers.classification_returned(emitter, date, self.files))])

    def letter_answer(self, event, payload, settings, journal):
        """An answer (4) or refusal (3) to a letter of type 3 or 4 this prefecture sent and that was not answered
        yet is acknowledged (3-5, 4-5). The contract has no refusal for it: a wrong one is dropped, its findings in
        the log."""
        today = actes_rules.reception_date()
        letters, answered = letters_state(journal)
        findings = actes_rules.check_letter_answer(payload, letters, answered, today)
        package = payload.get("package") if isinstance(payload.get("package"), dict) else {}
        path = actes_package.archive_path(package)
        id_acte = payload.get("idActe")
        if path and actes_rules.parse_id_acte(id_acte):
            letter = letters.get(payload.get("letterRef")) if isinstance(payload.get("letterRef"), str) else None
            findings += actes_package.check_letter_answer_archive(path, package, payload,
                                                                  (letter or {}).get("letterDate"))
        findings = [("cloudevents", problem) for problem in event.problems] + findings
        forced = refused_on_purpose(settings, actes_rules.LETTER_ANSWER_RULES)
        if forced:
            findings.append((forced, "refused on purpose (simulator control file)"))
        subject = id_acte if actes_rules.parse_id_acte(id_acte) else None
        business = {"idActe": id_acte, "letterRef": payload.get("letterRef"), "letterType": payload.get("letterType"),
                    "answerType": payload.get("answerType"), "rules": sorted({rule for rule, _ in findings})}
        if findings:
            return Reply("dropped", detail_of(findings), subject, business)
        business["receptionDate"] = today.isoformat()
        return Reply("letter-answer-acknowledged", None, subject, business,
                     [(answers.LETTER_ANSWER_ACKNOWLEDGED, answers.letter_answer_acknowledged(payload, today))])


def send_letter(simulator, args):
    journal = Journal(args.log)
    parts = actes_rules.parse_id_acte(args.id_acte)
    if parts is None:
        raise SystemExit(f"--id-acte {args.id_acte!r} is not an IDActe")
    acknowledged, _ = acts_state(journal)
    if args.id_acte not in acknowledged:
        print(f"note: {args.id_acte} was not acknowledged by this simulator (log {args.log})", file=sys.stderr)
    letters, _ = letters_state(journal)
    letter_ref = args.letter_ref
    if letter_ref is None:
        count = sum(1 for e in journal.entries if e.get("type") == answers.LETTER and e.get("direction") == "sent")
        while letter_ref is None or letter_ref in letters:  # next free PREF<dept>-<year>-<n>
            count += 1
            letter_ref = f"PREF{parts['departement'].lstrip('0')}-{parts['date'][:4]}-{count:04d}"
    elif letter_ref in letters:
        print(f"note: letter {letter_ref} was already sent (log {args.log}); an answer is matched with the first",
              file=sys.stderr)
    payload = answers.letter(args.id_acte, args.letter_type, letter_ref, args.files, args.document)
    properties = properties_for(args.binding, type=answers.LETTER, source=simulator.source, subject=args.id_acte,
                                correlationid=args.correlation_id, traceparent=args.traceparent or new_traceparent())
    publish_once(cli.connection_parameters(args, simulator.partner), simulator.partner, answers.LETTER,
                 json.dumps(payload, ensure_ascii=False).encode("utf-8"), properties, journal,
                 reason=f"letter type {args.letter_type}", subject=args.id_acte,
                 business=letter_business(args.id_acte, args.letter_type, letter_ref, payload["sentAt"]))
    print(properties.message_id)  # line 1: the event's CloudEvents id
    print(letter_ref)  # line 2: the letter's reference (letterRef)


def main(argv=None):
    top, commands, common = cli.parser("prefecture", "ce", __doc__.split("\n\n")[0])
    letter = commands.add_parser("send-letter", parents=[common],
                                 help="send a prefecture letter (types 2-5); prints its event id, then its letterRef")
    letter.add_argument("--id-acte", required=True, help="the act the letter is about")
    letter.add_argument("--letter-type", required=True, type=int, choices=(2, 3, 4, 5),
                        help="2 simple letter, 3 request for documents, 4 observations, 5 court referral")
    letter.add_argument("--letter-ref",
                        help="the prefecture's reference (default PREF<dept>-<year>-<n>, the next one not in the log)")
    letter.add_argument("--document", help="a PDF to send (default: a generated one-page PDF)")
    letter.add_argument("--correlation-id",
                        help="correlationid to carry (default none: the letter starts a conversation)")
    letter.add_argument("--traceparent", help="W3C traceparent to carry (default: a new trace)")
    args = top.parse_args(argv)
    simulator = PrefectureSimulator(args.files)
    {"run": cli.run, "send-raw": cli.send_raw, "send-letter": send_letter}[args.command](simulator, args)


if __name__ == "__main__":
    main()
