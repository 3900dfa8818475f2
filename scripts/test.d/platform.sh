# Sourced by scripts/test after the tests: the whole platform as scripts/up runs it (every service of services.yaml,
# the bridge, the partner simulators, each as its own process with its own broker user and PostgreSQL role), then
# `passerelle demo`, with the partners' broker stopped for 30 s while Dijon's contract travels to the prefecture:
# procurement signs it → documents transmits it → the prefecture simulator acknowledges it once the broker is back
# → procurement notifies the holder → notifications mails. Then each step is checked to have happened once.
# shellcheck source=../lib/platform.sh
source "$ROOT/scripts/lib/platform.sh"
export PASSERELLE_MAIL_FROM="${PASSERELLE_MAIL_FROM:-no-reply@passerelle.local}"
BIN_PATH="$(swift build --show-bin-path | tail -n 1)"
LOG_DIR="$PASSERELLE_HOME/logs/platform-hook"
rm -rf "$LOG_DIR"
platform_prepare
trap 'platform_stop; scripts/infra start-partners >/dev/null 2>&1 || true' EXIT
platform_start

demo_log="$LOG_DIR/demo.log"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
step "passerelle demo, with the partners' broker stopped for 30 s once the works tender is awarded"
"$BIN_PATH/passerelle" demo >"$LOG_DIR/demo.out" 2>"$demo_log" &
demo=$!
outage_done=0
while kill -0 "$demo" 2>/dev/null; do
    if ((outage_done == 0)) && grep -q "lots awarded" "$demo_log"; then
        scripts/infra stop-partners >/dev/null
        ok "partners' broker stopped"
        sleep 30
        scripts/infra start-partners >/dev/null
        ok "partners' broker started again"
        outage_done=1
    fi
    sleep 0.5
done
if ! wait "$demo"; then
    cat "$demo_log" >&2
    die "passerelle demo failed (logs in $LOG_DIR)"
fi
((outage_done == 1)) || die "the demo ended before the outage could be injected"
sed 's/^/    /' "$demo_log"

sql() { psql -qtAX -v ON_ERROR_STOP=1 -c "$1"; }
tender="$(sql "SELECT tender_id FROM procurement.contracts WHERE actes_required ORDER BY signed_at DESC LIMIT 1")"
[[ -n "$tender" ]] || die "procurement has no signed contract that goes to the prefecture"
waited=0
until [[ "$(sql "SELECT count(*) FILTER (WHERE notified_at IS NULL) FROM procurement.contracts WHERE tender_id = '$tender'")" == 0 ]]; do
    ((waited < 120)) || die "the tender's contracts were not all notified within 60 s after the demo"
    sleep 0.5
    waited=$((waited + 1))
done
step "Checking that each step of the contracts' journeys happened once"
for contract in $(sql "SELECT contract_id FROM procurement.contracts WHERE tender_id = '$tender' ORDER BY signed_at"); do

act_id="$(sql "SELECT act_id FROM documents.acts WHERE origin_service = 'procurement' AND origin_reference = '$contract'")"
[[ -n "$act_id" ]] || die "documents has no act for contract $contract"
id_acte="$(sql "SELECT id_acte FROM documents.acts WHERE act_id = '$act_id'")"
[[ "$(sql "SELECT count(*) FROM documents.acts WHERE origin_reference = '$contract'")" == 1 ]] || die "more than one act for the contract"
[[ "$(sql "SELECT status FROM documents.acts WHERE act_id = '$act_id'")" == 4 ]] || die "the contract's act is not acknowledged"
[[ "$(sql "SELECT count(*) FROM documents.act_status WHERE act_id = '$act_id' AND status = 4")" == 1 ]] \
    || die "the contract's act was acknowledged more than once"
ok "documents: $id_acte transmitted and acknowledged once"
acknowledged="$(grep -c "\"outcome\": \"acknowledged\", \"reason\": null, \"subject\": \"$id_acte\"" "$PASSERELLE_HOME/partners/prefecture/log.jsonl" || true)"
[[ "$acknowledged" == 1 ]] || die "the prefecture simulator acknowledged $id_acte $acknowledged times (journal $PASSERELLE_HOME/partners/prefecture/log.jsonl)"
ok "prefecture: $id_acte received and acknowledged once"
[[ "$(sql "SELECT count(*) FROM procurement.history WHERE tender_id = '$tender' AND kind = 'contractNotified' AND detail->>'contractId' = '$contract'")" == 1 ]] \
    || die "procurement did not notify the contract exactly once"
[[ "$(sql "SELECT count(*) FROM procurement.contracts WHERE contract_id = '$contract' AND notified_at IS NOT NULL AND id_acte = '$id_acte'")" == 1 ]] \
    || die "the contract is not notified with its IDActe"
ok "procurement: contract notified once, after the acknowledgement"
reference="$(sql "SELECT reference FROM procurement.contracts WHERE contract_id = '$contract'")"
holder_mails="$(python3 - "$PASSERELLE_MAIL_DIR" "$reference" "$started" <<'PY'
import glob, json, sys
folder, reference, started = sys.argv[1:4]
mails = [json.load(open(path)) for path in glob.glob(folder + "/*.json")]
print(sum(1 for mail in mails if mail["receivedAt"] >= started and mail["subject"].startswith("Votre marché est notifié")
          and reference in mail["subject"]))
PY
)"
[[ "$holder_mails" == 1 ]] || die "$holder_mails notification mails to the holder for $reference (expected 1)"
ok "notifications: the holder was mailed once"
done
[[ "$(sql "SELECT status FROM procurement.tenders WHERE tender_id = '$tender'")" == complete ]] || die "the tender is not complete"
[[ "$(sql "SELECT count(*) FROM procurement.history WHERE tender_id = '$tender' AND kind = 'tenderCompleted'")" -le 1 ]] || die "the tender completed twice"
ok "procurement: the tender is complete"
step "Checking the desk's story: routed once, the aid deliberation acknowledged once and the aid enforceable"
decision="$(sql "SELECT decision_id FROM desk.aid_decisions WHERE by_deliberation ORDER BY decided_at DESC LIMIT 1")"
[[ -n "$decision" ]] || die "the desk decided no aid by deliberation"
[[ "$(sql "SELECT act_status FROM desk.aid_decisions WHERE decision_id = '$decision'")" == acknowledged ]] \
    || die "the aid deliberation was not acknowledged ($(sql "SELECT act_status || ' ' || coalesce(act_detail, '') FROM desk.aid_decisions WHERE decision_id = '$decision'"))"
[[ "$(sql "SELECT count(*) FROM documents.acts WHERE origin_service = 'desk' AND origin_reference = '$decision'")" == 1 ]] \
    || die "documents does not hold exactly one act for the aid decision"
aid_acte="$(sql "SELECT id_acte FROM desk.aid_decisions WHERE decision_id = '$decision'")"
aid_acks="$(grep -c "\"outcome\": \"acknowledged\", \"reason\": null, \"subject\": \"$aid_acte\"" "$PASSERELLE_HOME/partners/prefecture/log.jsonl" || true)"
[[ "$aid_acks" == 1 ]] || die "the prefecture simulator acknowledged $aid_acte $aid_acks times"
[[ "$(sql "SELECT count(*) FROM desk.needs n JOIN desk.solicitations s USING (application_id) WHERE s.created_at >= '$started'")" \
    == "$(sql "SELECT count(*) FROM desk.solicitations WHERE created_at >= '$started' AND status = 'processed'")" ]] \
    || die "a processed desk request has no need, or more than one"
ok "desk: requests routed once; the deliberation $aid_acte acknowledged once; the aid enforceable"
step "Checking the training story: invitations and their CANCEL in the SMTP sink, parsed by Python's icalendar"
session="$(sql "SELECT session_id FROM training.sessions WHERE scheduled_at >= '$started' AND status = 'cancelled' ORDER BY scheduled_at DESC LIMIT 1")"
[[ -n "$session" ]] || die "the demo cancelled no training session"
[[ "$(sql "SELECT count(*) FROM training.signups WHERE session_id = '$session' AND status <> 20 AND status <> 10")" == 0 ]] \
    || die "a sign-up of the cancelled session $session is not 20 (or 10)"
[[ "$(sql "SELECT count(*) FROM training.certificates c JOIN training.signups s USING (signup_id) WHERE s.session_id = '$session'")" == 0 ]] \
    || die "the cancelled session has certificates"
calendar_python="$PASSERELLE_HOME/venvs/calendar/bin/python"
[[ -x "$calendar_python" ]] || { python3 -m venv "$PASSERELLE_HOME/venvs/calendar" && "$calendar_python" -m pip install -q icalendar; }
mails=()
while IFS= read -r file; do mails+=("$file"); done < <(grep -l "text/calendar" "$PASSERELLE_MAIL_DIR"/*.eml 2>/dev/null || true)
events="$("$calendar_python" scripts/lib/ics_check.py "${mails[@]}")"
for signup in $(sql "SELECT signup_id FROM training.signups WHERE session_id = '$session' AND status = 20"); do
    uid="signup-$signup@training.passerelle.example"
    mine="$(grep -F "\"$uid\"" <<<"$events" || true)"
    grep -q '"method": "REQUEST"' <<<"$mine" || die "no REQUEST with UID $uid in the SMTP sink"
    grep -q '"method": "CANCEL"' <<<"$mine" || die "no CANCEL with UID $uid in the SMTP sink"
done
"$calendar_python" scripts/lib/ics_check.py --expect-paris-local 09:00 --expect-offsets +01:00,+02:00 \
    $(for signup in $(sql "SELECT signup_id FROM training.signups WHERE session_id = '$session' AND status = 20"); do
        grep -l "text/calendar" "$PASSERELLE_MAIL_DIR"/*.eml | xargs grep -l "${signup:0:8}" 2>/dev/null | head -1
    done) >/dev/null || die "the invitations are not at 9:00 in Paris on both sides of the daylight-saving change"
ok "training: session $session cancelled, every sign-up 20, REQUEST and CANCEL with the same UIDs received, 9:00 Paris at +01:00 and +02:00"
for schema in procurement notifications documents desk training; do
    parked="$(sql "SELECT count(*) FROM $schema.parked_messages WHERE status = 'parked' AND parked_at >= '$started'")"
    [[ "$parked" == 0 ]] || die "$schema parked $parked message(s) during the demo: $(sql "SELECT message_type || ': ' || error FROM $schema.parked_messages WHERE parked_at >= '$started'")"
done
ok "nothing parked by procurement, notifications, documents, desk or training"
