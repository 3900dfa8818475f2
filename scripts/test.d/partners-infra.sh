# shellcheck shell=bash
# Sourced by scripts/test after the tests: the partners' RabbitMQ node (scripts/infra, docs/infrastructure-partners.md)
# holds least-privilege accounts only. Real AMQP logins with Debian's pika (/usr/bin/python3, python3-pika):
#   - prefecture opens its vhost prefecture (the control: its password is right), but neither vhost treasury
#     nor, on the hub's node, the hub's vhost passerelle;
#   - hub-prefecture (the hub's bridge account) opens vhost prefecture, may declare only its names there, and
#     cannot open vhost treasury;
#   - svc-documents (a hub service user) cannot log in to the partners' node at all, and the node's management API
#     (as guest, loopback only) lists no svc-* user.
# Each check prints a line; any failure fails the hook, naming the checks that failed.
step "The partners' node grants each account its own vhost only"

partner_port="${PASSERELLE_PARTNER_AMQP_PORT:-5682}"
hub_port="${PASSERELLE_AMQP_PORT:-5672}"
secrets="${PASSERELLE_HOME:-$ROOT/.passerelle}/secrets"
amqp_host="${PASSERELLE_BIND_ADDRESS:-127.0.0.1}"
[[ "$amqp_host" != 0.0.0.0 ]] || amqp_host=127.0.0.1

/usr/bin/python3 -c 'import pika' 2>/dev/null ||
    die "/usr/bin/python3 cannot import pika: install the Debian package python3-pika (scripts/infra up does)"

# hook_secret NAME: the password as scripts/infra and SecretStore find it (PASSERELLE_SECRET_<NAME>, else the
# file, whitespace trimmed); empty when there is none.
hook_secret() {
    local name="${1^^}" value
    name="PASSERELLE_SECRET_${name//[^A-Z0-9]/_}"
    value="${!name:-}"
    if [[ -z "$value" && -s "$secrets/$1" ]]; then
        value="$(<"$secrets/$1")"
        value="${value#"${value%%[![:space:]]*}"}"
        value="${value%"${value##*[![:space:]]}"}"
    fi
    printf '%s' "$value"
}

prefecture_password="$(hook_secret partner-prefecture)"
hub_prefecture_password="$(hook_secret hub-prefecture)"
[[ -n "$prefecture_password" && -n "$hub_prefecture_password" ]] ||
    die "no password for prefecture or hub-prefecture in $secrets (run scripts/infra up)"
# Any password will do when the hub's service user has none yet: it must be refused either way.
svc_password="$(hook_secret documents)"

# The passwords reach Python through its environment, never its command line.
HOOK_HOST="$amqp_host" HOOK_PARTNER_PORT="$partner_port" HOOK_HUB_PORT="$hub_port" \
    HOOK_PARTNER_MANAGEMENT_URL="${PASSERELLE_PARTNER_MANAGEMENT_URL:-http://localhost:${PASSERELLE_PARTNER_MANAGEMENT_PORT:-15682}}" \
    HOOK_PREFECTURE_PASSWORD="$prefecture_password" HOOK_HUB_PREFECTURE_PASSWORD="$hub_prefecture_password" \
    HOOK_SVC_PASSWORD="${svc_password:-not-the-password}" \
    /usr/bin/python3 - <<'PY'
import base64
import json
import os
import sys
import urllib.request

import pika
from pika import exceptions as px

host = os.environ["HOOK_HOST"]
partner_port = int(os.environ["HOOK_PARTNER_PORT"])
hub_port = int(os.environ["HOOK_HUB_PORT"])
failures = []


def connect(user, password, vhost, port):
    """Opens a connection, or returns the refusal: 'login' (403 at login), 'vhost' (530 on the vhost)."""
    params = pika.ConnectionParameters(
        host=host, port=port, virtual_host=vhost, credentials=pika.PlainCredentials(user, password),
        connection_attempts=1, socket_timeout=5, stack_timeout=15, blocked_connection_timeout=5)
    try:
        return pika.BlockingConnection(params), None
    except px.ProbableAuthenticationError:
        return None, "login"
    except px.ProbableAccessDeniedError:
        return None, "vhost"
    except px.ConnectionClosedByBroker as error:
        return None, {403: "login", 530: "vhost"}.get(error.reply_code, f"closed {error.reply_code}")
    except px.AMQPConnectionError as error:
        return None, f"unreachable ({type(error).__name__}: {error!r})"


def check(label, ok, detail):
    print(f"    {'ok  ' if ok else 'FAIL'} {label}: {detail}")
    if not ok:
        failures.append(label)


def expect_open(user, password, vhost, port, where):
    label = f"{user} opens vhost {vhost} on the {where} node"
    conn, refusal = connect(user, password, vhost, port)
    if conn is not None:
        conn.close()
        check(label, True, "opened")
    else:
        check(label, False, f"refused ({refusal}): wrong password in the secrets, or not provisioned")


def expect_refused(user, password, vhost, port, where, accepted):
    label = f"{user} cannot open vhost {vhost} on the {where} node"
    conn, refusal = connect(user, password, vhost, port)
    if conn is not None:
        conn.close()
        check(label, False, "the connection OPENED")
    elif refusal in accepted:
        check(label, True, {"login": "login refused (403)", "vhost": "vhost refused (530)"}[refusal])
    else:
        check(label, False, f"not a refusal by the broker: {refusal}")


P = os.environ["HOOK_PREFECTURE_PASSWORD"]
H = os.environ["HOOK_HUB_PREFECTURE_PASSWORD"]
expect_open("prefecture", P, "prefecture", partner_port, "partners'")
expect_refused("prefecture", P, "treasury", partner_port, "partners'", {"vhost"})
# The hub has no prefecture user (403); were there one, it would still have no access to passerelle (530).
expect_refused("prefecture", P, "passerelle", hub_port, "hub's", {"login", "vhost"})
expect_open("hub-prefecture", H, "prefecture", partner_port, "partners'")
expect_refused("hub-prefecture", H, "treasury", partner_port, "partners'", {"vhost"})

# The bridge account's names: a queue outside ^(prefecture\.commands|prefecture\.events|bridge\.prefecture\..*)$
# is refused (403 on the channel); nothing is created.
label = "hub-prefecture cannot declare a queue outside its names in vhost prefecture"
conn, refusal = connect("hub-prefecture", H, "prefecture", partner_port)
if conn is None:
    check(label, False, f"could not connect ({refusal})")
else:
    try:
        conn.channel().queue_declare("partners-infra-hook.not-allowed", auto_delete=True)
        check(label, False, "the queue was DECLARED (deleted again)")
        conn.channel().queue_delete("partners-infra-hook.not-allowed")
    except px.ChannelClosedByBroker as error:
        check(label, error.reply_code == 403, f"channel closed {error.reply_code} {error.reply_text[:60]}")
    finally:
        if conn.is_open:
            conn.close()

expect_refused("svc-documents", os.environ["HOOK_SVC_PASSWORD"], "prefecture", partner_port, "partners'", {"login"})
# A refused login could also be a svc- user with another password: ask the node for its users.
label = "no hub user (svc-*) exists on the partners' node"
request = urllib.request.Request(os.environ["HOOK_PARTNER_MANAGEMENT_URL"].rstrip("/") + "/api/users")
request.add_header("Authorization", "Basic " + base64.b64encode(b"guest:guest").decode())
try:
    with urllib.request.urlopen(request, timeout=10) as response:
        names = sorted(user["name"] for user in json.load(response))
    hub_users = [name for name in names if name.startswith("svc-")]
    check(label, not hub_users, f"found {', '.join(hub_users)}" if hub_users else "users: " + ", ".join(names))
except OSError as error:
    check(label, False, f"management API unreachable: {error}")

if failures:
    print(f"partners' node least privilege: {len(failures)} check(s) failed: " + "; ".join(failures), file=sys.stderr)
    sys.exit(1)
print("    the partners' node grants each account its own vhost only")
PY
