"""Sending e-mail over SMTP: the settings (checked when the bridge starts) and
one connection to the relay.

Settings, as every bridge setting (TOML file or PLACETTE_BRIDGE_* variables):
SMTP_HOST (empty: no e-mail at all, and the forms do not ask for one),
SMTP_PORT (0: 587 for STARTTLS, 465 for TLS, 25 without), SMTP_SECURITY
(« starttls », « tls » or « aucune »), SMTP_USER, SMTP_PASSWORD, SMTP_SENDER
(« Portail du quartier <portail@example.org> »), SMTP_CA_FILE (a private
authority, for a relay with its own certificate), and PUBLIC_URL: the
bridge's public address, the only source of the links put in messages (never
the Host header of a request, which anyone can write).
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import parseaddr

DEFAULT_PORTS = {"starttls": 587, "tls": 465, "aucune": 25}
SETTINGS = {
    "SMTP_HOST": "",
    "SMTP_PORT": 0,
    "SMTP_SECURITY": "starttls",
    "SMTP_USER": "",
    "SMTP_PASSWORD": "",
    "SMTP_SENDER": "",
    "SMTP_CA_FILE": "",
    "SMTP_TIMEOUT": 20,
    "SMTP_RETRY_SECONDS": 60,  # first wait after a failure, then doubled up to an hour
    "SMTP_GIVE_UP_HOURS": 72,  # a message not delivered after this is dropped (and logged)
    "PUBLIC_URL": "",
}


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender_name: str
    sender: str
    ca_file: str
    timeout: float
    public_url: str  # ends with "/"
    retry_seconds: float
    give_up_hours: float

    def link(self, path: str) -> str:
        """An absolute link to a page of the bridge, from the configured address only."""
        return self.public_url + path.lstrip("/")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def settings_from(config: dict) -> MailSettings | None:
    """The mail settings, or None when SMTP_HOST is empty. Refuses to start
    (in French, naming the setting) on an incomplete or unsafe configuration."""
    host = str(config.get("SMTP_HOST") or "").strip()
    if not host:
        return None
    problems = []
    security = str(config.get("SMTP_SECURITY") or "starttls").strip().lower()
    security = {"none": "aucune", "ssl": "tls"}.get(security, security)
    if security not in DEFAULT_PORTS:
        problems.append(f"SMTP_SECURITY vaut « {security} » : écrivez starttls, tls ou aucune")
    name, address = parseaddr(str(config.get("SMTP_SENDER") or ""))
    if "@" not in address:
        problems.append("SMTP_SENDER manque : l'adresse d'envoi, par exemple « Portail du quartier "
                        "<portail@quartier.example.org> »")  # fmt: skip
    public = str(config.get("PUBLIC_URL") or "").strip()
    if not public.startswith(("https://", "http://")):
        problems.append("PUBLIC_URL manque : l'adresse publique de la passerelle, par exemple "
                        "« https://proposer.quartier.example.org/ » (les liens des courriels en viennent)")  # fmt: skip
    user = str(config.get("SMTP_USER") or "")
    if security == "aucune" and user and not _loopback(host):
        problems.append("SMTP_SECURITY = aucune avec un identifiant : le mot de passe passerait en clair "
                        "sur le réseau ; choisissez starttls ou tls")  # fmt: skip
    if problems:
        raise SystemExit("Réglages du courriel de la passerelle :\n- " + "\n- ".join(problems))
    return MailSettings(
        host=host, port=int(config.get("SMTP_PORT") or 0) or DEFAULT_PORTS[security], security=security,
        user=user, password=str(config.get("SMTP_PASSWORD") or ""), sender_name=name or "Portail du quartier",
        sender=address, ca_file=str(config.get("SMTP_CA_FILE") or ""), timeout=float(config.get("SMTP_TIMEOUT") or 20),
        public_url=public.rstrip("/") + "/", retry_seconds=float(config.get("SMTP_RETRY_SECONDS") or 60),
        give_up_hours=float(config.get("SMTP_GIVE_UP_HOURS") or 72),
    )  # fmt: skip


class Connection:
    """One SMTP session with the relay, used for a batch of messages."""

    def __init__(self, settings: MailSettings):
        context = ssl.create_default_context(cafile=settings.ca_file or None)
        if settings.security == "tls":
            self.smtp: smtplib.SMTP = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout,
                                                       context=context)  # fmt: skip
        else:
            self.smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                self.smtp.starttls(context=context)
        try:
            if settings.user:
                self.smtp.login(settings.user, settings.password)
        except BaseException:
            self.close()
            raise

    def send(self, message: EmailMessage) -> None:
        self.smtp.send_message(message)

    def close(self) -> None:
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()


def permanent(error: Exception) -> bool:
    """A refusal that will not change by waiting (5xx): the message is dropped."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    code = getattr(error, "smtp_code", None)
    return isinstance(error, (smtplib.SMTPSenderRefused, smtplib.SMTPDataError)) and bool(code) and code >= 500
