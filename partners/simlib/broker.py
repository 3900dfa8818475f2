"""The partner broker: where it is, with which credentials, and the exchanges the contracts name.

Default URL amqp://localhost:$PASSERELLE_PARTNER_AMQP_PORT/<vhost> (port 5682); the password comes from
$PASSERELLE_SECRET_<NAME> or the file $PASSERELLE_HOME/secrets/<name>, surrounding whitespace trimmed (the
rules of docs/infrastructure-partners.md).
amqps:// URLs use the CA $PASSERELLE_HOME/tls/ca.pem unless --ca says otherwise.
"""

import os
import ssl
import urllib.parse

import pika

DEFAULT_PORT = 5682


def passerelle_home():
    default = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                           ".passerelle")
    return os.environ.get("PASSERELLE_HOME") or default


def secret(name):
    """The secret `name` (e.g. partner-prefecture): env PASSERELLE_SECRET_PARTNER_PREFECTURE, else the file."""
    variable = "PASSERELLE_SECRET_" + name.upper().replace("-", "_")
    if os.environ.get(variable):
        return os.environ[variable]
    path = os.path.join(passerelle_home(), "secrets", name)
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip()
    except FileNotFoundError:
        raise SystemExit(f"no password for {name}: set {variable} or write {path}") from None


def default_url(vhost):
    port = os.environ.get("PASSERELLE_PARTNER_AMQP_PORT") or DEFAULT_PORT
    return f"amqp://localhost:{port}/{vhost}"


def parameters(url, user, secret_name, ca=None, heartbeat=30, name=None):
    """Connection parameters for `url`; the user and password come from the URL when it has them. `name` is
    the connection name the management UI shows."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("amqp", "amqps"):
        raise SystemExit(f"--url must be amqp:// or amqps://, got {url}")
    username = urllib.parse.unquote(parts.username) if parts.username else user
    password = urllib.parse.unquote(parts.password) if parts.password is not None else secret(secret_name)
    vhost = urllib.parse.unquote(parts.path[1:]) if len(parts.path) > 1 else "/"
    tls = parts.scheme == "amqps"
    options = None
    if tls:
        context = ssl.create_default_context(cafile=ca or os.path.join(passerelle_home(), "tls", "ca.pem"))
        options = pika.SSLOptions(context, server_hostname=parts.hostname)
    return pika.ConnectionParameters(
        host=parts.hostname or "localhost", port=parts.port or (5671 if tls else 5672), virtual_host=vhost,
        credentials=pika.PlainCredentials(username, password), ssl_options=options, heartbeat=heartbeat,
        blocked_connection_timeout=60, connection_attempts=1, socket_timeout=5,
        client_properties={"connection_name": name or f"{user} simulator"})


def declare_exchanges(channel, partner):
    """`<partner>.commands` (direct) and `<partner>.events` (topic), durable, as the contract declares them."""
    channel.exchange_declare(f"{partner}.commands", exchange_type="direct", durable=True, auto_delete=False)
    channel.exchange_declare(f"{partner}.events", exchange_type="topic", durable=True, auto_delete=False)


def declare_inbox(channel, partner, types):
    """The simulator's own quorum queue `<partner>.inbox`, bound to `<partner>.commands` for `types`."""
    queue = f"{partner}.inbox"
    channel.queue_declare(queue, durable=True, arguments={"x-queue-type": "quorum"})
    for routing_key in types:
        channel.queue_bind(queue, f"{partner}.commands", routing_key=routing_key)
    return queue


def publish(channel, exchange, routing_key, body, properties):
    """Publishes mandatory on a confirm channel: returns once the broker confirmed; raises
    pika.exceptions.UnroutableError or NackError otherwise."""
    channel.basic_publish(exchange, routing_key, body, properties, mandatory=True)
