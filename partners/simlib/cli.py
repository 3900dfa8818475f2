"""The command line shared by the simulators: `run` and `send-raw`; a simulator adds its own subcommands."""

import argparse
import os
import sys

from simlib import broker
from simlib.cloudevents import properties_for
from simlib.control import Control
from simlib.journal import Journal
from simlib.runner import Runner, publish_once


def parser(partner, default_binding, description):
    home = os.path.join(broker.passerelle_home(), "partners", partner)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--url", default=broker.default_url(partner),
                        help=f"partner broker (default %(default)s, port from $PASSERELLE_PARTNER_AMQP_PORT; "
                             f"user {partner} and the secret partner-{partner} unless the URL has credentials)")
    common.add_argument("--ca", help="CA file for amqps:// (default $PASSERELLE_HOME/tls/ca.pem)")
    common.add_argument("--binding", choices=("ce", "amqp"), default=default_binding,
                        help="CloudEvents headers written: ce- (knative) or cloudEvents_ (AMQP binding)")
    common.add_argument("--log", default=os.path.join(home, "log.jsonl"), help="JSON Lines log (default %(default)s)")
    common.add_argument("--files", default=os.path.join(home, "files"),
                        help="where the returned files (acknowledgements, letters…) are written (default %(default)s)")
    top = argparse.ArgumentParser(prog=f"{partner}/simulator.py", description=description)
    commands = top.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", parents=[common], help="consume the inbox and answer, until SIGTERM")
    run.add_argument("--control", help="control file (JSON, re-read before each message)")
    raw = commands.add_parser("send-raw", parents=[common], help=f"publish a hand-made message to {partner}.events")
    raw.add_argument("--type", required=True, help="CloudEvents type, also the routing key")
    raw.add_argument("--body", required=True, help="file holding the body, sent as is ('-' for stdin)")
    raw.add_argument("--header", action="append", default=[], metavar="K=V",
                     help="add or replace a header; K= (empty value) removes it")
    raw.add_argument("--routing-key", help="routing key when it must differ from --type")
    raw.add_argument("--bare", action="store_true", help="no generated CloudEvents headers, only --header ones")
    return top, commands, common


def connection_parameters(args, partner):
    return broker.parameters(args.url, partner, f"partner-{partner}", ca=args.ca)


def run(simulator, args):
    control = Control(args.control, simulator.control_defaults)
    Runner(simulator, connection_parameters(args, simulator.partner), Journal(args.log), control, args.binding).run()


def send_raw(simulator, args):
    body = sys.stdin.buffer.read() if args.body == "-" else open(args.body, "rb").read()
    properties = properties_for(args.binding, type=args.type, source=simulator.source)
    headers = {} if args.bare else dict(properties.headers)
    for item in args.header:
        key, _, value = item.partition("=")
        if value:
            headers[key] = value
        else:
            headers.pop(key, None)
    properties.headers = headers
    header_id = headers.get("cloudEvents_id") or headers.get("ce-id")
    if args.bare:  # the AMQP properties keep only the content type and persistence
        properties.message_id, properties.type, properties.timestamp = header_id, None, None
    elif header_id:
        properties.message_id = header_id
    publish_once(connection_parameters(args, simulator.partner), simulator.partner, args.routing_key or args.type,
                 body, properties, Journal(args.log), reason="send-raw")
    print(properties.message_id or "")
