"""A real SMTP server for the tests, on loopback only: Debian's python3-aiosmtpd (ADR 0016).

Every message it accepts is written, whole and as received, to <dir>/<n>.eml (first to a .tmp name, then renamed, so
a reader never sees half a message). Optional: STARTTLS with a certificate (required before MAIL), or TLS from the
first byte (--implicit-tls, SMTPS), and AUTH PLAIN/LOGIN with one account (only over TLS when TLS is on).
Prints "ready <port>" on stdout once it listens; stops on SIGTERM or when stdin closes.

    python3 smtp_sink.py --port 2525 --dir /tmp/mail [--tls-cert c.pem --tls-key k.pem [--implicit-tls]] [--user u --password p]
"""
import argparse
import itertools
import os
import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            n = next(self.counter)
        final = os.path.join(self.directory, f"{n:05d}.eml")
        temporary = final + ".tmp"
        with open(temporary, "wb") as f:
            f.write(envelope.original_content or envelope.content)
        os.replace(temporary, final)
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False)

    kwargs = dict(hostname="127.0.0.1", port=args.port, server_hostname="localhost")
    if tls_context is not None and args.implicit_tls:
        # SMTPS: the whole connection is TLS, so aiosmtpd's STARTTLS bookkeeping (auth_require_tls) does not apply.
        kwargs.update(ssl_context=tls_context)
    elif tls_context is not None:
        kwargs.update(tls_context=tls_context, require_starttls=True)
    if args.user:
        kwargs.update(authenticator=authenticate, auth_required=True, auth_require_tls=tls_context is not None and not args.implicit_tls)

    controller = Controller(Sink(args.dir), **kwargs)
    controller.start()
    print(f"ready {args.port}", flush=True)

    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
