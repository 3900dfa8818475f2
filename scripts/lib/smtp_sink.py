#!/usr/bin/python3
"""A local SMTP sink for Passerelle: accepts mail and writes each message to disk.

Run with Debian's interpreter, which has python3-aiosmtpd:

    /usr/bin/python3 scripts/lib/smtp_sink.py [--host 127.0.0.1] [--port 2525] [--mail-dir DIR]

Defaults: port $PASSERELLE_SMTP_PORT or 2525; mail directory $PASSERELLE_MAIL_DIR, else
$PASSERELLE_HOME/mail, else <repo>/.passerelle/mail. `--port 0` picks a free port. Once listening it
prints one line `smtp-sink listening on HOST:PORT mail-dir DIR` on standard output.

Every accepted message becomes two files in the mail directory, each written to a temporary
dot-file and renamed, so a reader never sees half a file:
  <UTC timestamp>-<seq>.eml   the message data as received (after SMTP dot-unstuffing)
  <UTC timestamp>-<seq>.json  {mailFrom, rcptTos, receivedAt, messageId, subject, size}
The .json is written after the .eml: once it exists, both are complete.

Test hooks, chosen by the recipient's local part (case-insensitive), answered at RCPT TO:
  bounce…@…        550 5.1.1 mailbox unavailable (every time)
  tempfailN-…@…    451 4.3.0 try again later for the first N attempts of that address (N one digit,
                   counted in memory since the sink started), then accepted
"""

import argparse
import asyncio
import datetime
import email.parser
import email.policy
import json
import os
import re
import signal
import sys

from aiosmtpd.smtp import SMTP

TEMPFAIL = re.compile(r"^tempfail([0-9])-")


def default_mail_dir():
    if os.environ.get("PASSERELLE_MAIL_DIR"):
        return os.environ["PASSERELLE_MAIL_DIR"]
    home = os.environ.get("PASSERELLE_HOME")
    if not home:
        repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        home = os.path.join(repo, ".passerelle")
    return os.path.join(home, "mail")


def write_atomically(directory, name, data):
    """Writes data to directory/name through a temporary dot-file and a rename."""
    temporary = os.path.join(directory, "." + name + ".tmp")
    with open(temporary, "wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, os.path.join(directory, name))


def summary_headers(raw):
    """The Message-ID (without angle brackets) and the decoded subject, or None when unreadable."""
    try:
        message = email.parser.BytesHeaderParser(policy=email.policy.default).parsebytes(raw)
        message_id = message.get("Message-ID")
        subject = message.get("Subject")
        message_id = str(message_id).strip().strip("<>") if message_id is not None else None
        return message_id, (str(subject) if subject is not None else None)
    except Exception:  # a malformed header must not lose the message
        return None, None


class SinkHandler:
    def __init__(self, mail_dir):
        self.mail_dir = mail_dir
        self.sequence = 0
        self.refusals = {}

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0].lower()
        if local.startswith("bounce"):
            return "550 5.1.1 mailbox unavailable"
        match = TEMPFAIL.match(local)
        if match:
            key = address.lower()
            refused = self.refusals.get(key, 0)
            if refused < int(match.group(1)):
                self.refusals[key] = refused + 1
                return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or b""
        now = datetime.datetime.now(datetime.timezone.utc)
        self.sequence += 1
        stem = "%s-%06d" % (now.strftime("%Y%m%dT%H%M%S.%fZ"), self.sequence)
        message_id, subject = summary_headers(raw)
        sidecar = {
            "mailFrom": envelope.mail_from,
            "rcptTos": list(envelope.rcpt_tos),
            "receivedAt": now.isoformat(timespec="microseconds").replace("+00:00", "Z"),
            "messageId": message_id,
            "subject": subject,
            "size": len(raw),
        }
        try:
            write_atomically(self.mail_dir, stem + ".eml", raw)
            write_atomically(self.mail_dir, stem + ".json", (json.dumps(sidecar, ensure_ascii=False) + "\n").encode())
        except OSError as error:
            print("smtp-sink: cannot store %s: %s" % (stem, error), file=sys.stderr, flush=True)
            return "451 4.3.0 cannot store the message"
        print("smtp-sink: stored %s (%d recipients, %d bytes)" % (stem, len(envelope.rcpt_tos), len(raw)), flush=True)
        return "250 2.0.0 OK queued as %s" % stem


async def serve(host, port, mail_dir):
    os.makedirs(mail_dir, exist_ok=True)
    handler = SinkHandler(mail_dir)
    loop = asyncio.get_running_loop()
    # hostname is fixed: the default (socket.getfqdn()) may wait on DNS.
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="passerelle-smtp-sink", decode_data=False, enable_SMTPUTF8=True),
        host=host,
        port=port,
    )
    bound = server.sockets[0].getsockname()
    print("smtp-sink listening on %s:%d mail-dir %s" % (bound[0], bound[1], mail_dir), flush=True)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()
    print("smtp-sink stopped", flush=True)


def main():
    # A parent may start us from a thread that blocks signals (libdispatch worker threads do), and the
    # mask is inherited: unblock everything so that SIGTERM and SIGINT stop the sink.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description="Passerelle local SMTP sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PASSERELLE_SMTP_PORT", "2525")))
    parser.add_argument("--mail-dir", default=default_mail_dir())
    arguments = parser.parse_args()
    asyncio.run(serve(arguments.host, arguments.port, os.path.abspath(arguments.mail_dir)))


if __name__ == "__main__":
    main()
