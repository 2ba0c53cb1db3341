"""A real SMTP server on loopback (aiosmtpd) for the mail tests, with an
optional certificate from a private authority (trustme) for TLS and STARTTLS."""

from __future__ import annotations

import email
import email.policy
import ssl
from contextlib import contextmanager
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

LOGIN, PASSWORD = "portail", "mot-de-passe-smtp"


class Inbox:
    """What the server accepted: (envelope sender, recipients, parsed message, raw bytes)."""

    def __init__(self, refuse: str = ""):
        self.received: list[tuple[str, list[str], email.message.EmailMessage, bytes]] = []
        self.logins: list[str] = []
        self.refuse = refuse  # recipients containing this get a permanent 550

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and self.refuse in address:
            return "550 5.1.1 Boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), parsed, raw))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for _, rcpt, m, _ in self.received if address in rcpt]


def _authenticator(inbox: Inbox):
    def check(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (LOGIN.encode(), PASSWORD.encode())
        if ok:
            inbox.logins.append(data.login.decode())
        return AuthResult(success=ok)

    return check


@contextmanager
def smtp_server(port: int, security: str = "aucune", certificates: Path | None = None, refuse: str = ""):
    """Serve on 127.0.0.1:port. security: aucune, starttls (required, with
    login) or tls (implicit, with login). `certificates`: a folder where the
    authority's certificate is written as ca.pem (the bridge's SMTP_CA_FILE)."""
    inbox = Inbox(refuse)
    options: dict = {}
    if security != "aucune":
        import trustme

        authority = trustme.CA()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
        if certificates is not None:
            authority.cert_pem.write_to_path(str(certificates / "ca.pem"))
        options["authenticator"] = _authenticator(inbox)
        options["auth_require_tls"] = True
        if security == "tls":
            options["ssl_context"] = context
            options["auth_require_tls"] = False  # aiosmtpd only counts STARTTLS; this whole session is TLS
        else:
            options["tls_context"] = context
            options["require_starttls"] = True
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()
