"""The bridge's settings, read once and checked before anything starts.

Defaults, then the TOML file named by PLACETTE_BRIDGE_CONFIG (same keys in
lower case), then PLACETTE_BRIDGE_* environment variables, then the overrides
given to `create_app` (tests). Checked here, in French, before the bridge
serves anything: the secret key, the e-mail settings (bridge/mail.py), and the
site's public address when the bridge publishes (placette/build/siteurl.py).
Reading the settings touches nothing on disk but the TOML file.
"""

from __future__ import annotations

import os
import re
import secrets
import tomllib
from email.utils import parseaddr
from pathlib import Path

from placette.build.siteurl import public_siteurl
from placette.publish import DEFAULT_DATA_DIR

from .mail import SETTINGS as MAIL_SETTINGS
from .mail import MailSettings, settings_from
from .security import secret_problem

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = {
    "DATA_DIR": str(DEFAULT_DATA_DIR),
    "SOURCE_REPOSITORY": str(ROOT),
    "SECRET_KEY": None,
    "TESTING": False,
    "TRUSTED_PROXIES": [],
    "RATE_LIMIT": (6, 300),  # submissions per window (seconds) per address
    "FORM_MIN_AGE": 3,  # seconds: bots submit instantly
    "FORM_MAX_AGE": 4 * 3600,
    "MAX_CONTENT_LENGTH": 12 * 1024 * 1024,
    "RETENTION_DAYS": 365,
    "RETRY_SECONDS": 30,
    "PUBLIC_SITE": "",
    "ACCOUNTS_FILE": "",  # default: DATA_DIR/comptes.toml
    "PUBLISH_DIR": "",  # where the site is built and switched; empty: no rebuilds from the bridge
    "PUBLISH_SETTINGS": "publishconf.py",
    "FORGE_REMOTE": "",  # optional forge repository: proposals pushed, forge merges taken back
    "REVIEW_SESSION_SECONDS": 8 * 3600,
    "REVIEW_WORDS": None,  # words that the check list points out (None: a short default list)
    "ASSOCIATION_HOURLY_CAP": 30,  # pending proposals received per association (and new associations) per hour
    "PREVIEW_KEEP": 20,  # previews kept at most...
    "PREVIEW_DAYS": 7,  # ...none older than this...
    "PREVIEW_MAX_BYTES": 2 * 1024**3,  # ...and not more than this in all
    "CONTACT_TO": "",  # the team's address: the contact form (bridge/contact.py) relays messages to it
    "INTERFACE_LANGUAGES": None,  # the bridge's languages, the default first (None: every language with a catalogue)
    **MAIL_SETTINGS,  # SMTP_* and PUBLIC_URL: see bridge/mail.py
}
NEW_KEY = "python -c 'import secrets; print(secrets.token_hex(32))'"


def load_config(overrides: dict | None = None) -> dict:
    """The settings, checked (SystemExit with a French message when they are wrong)."""
    config = dict(DEFAULTS)
    path = os.environ.get("PLACETTE_BRIDGE_CONFIG")
    if path:
        config.update(_from_file(path))
    config.update(_from_environment())
    config.update(overrides or {})
    config["SECRET_KEY"] = _secret_key(config)
    if not config["ACCOUNTS_FILE"]:
        config["ACCOUNTS_FILE"] = str(Path(config["DATA_DIR"]) / "comptes.toml")
    if config["PUBLISH_DIR"]:
        public_siteurl(os.environ)  # never publish a site whose every link points to an example address
    mail_settings(config)  # refuses an incomplete or unsafe mail configuration now, not at the first message
    team_address(config)
    return config


def mail_settings(config: dict) -> MailSettings | None:
    """The checked e-mail settings, or None when the bridge sends no e-mail."""
    return settings_from(config)


def team_address(config: dict) -> str | None:
    """CONTACT_TO, checked: the team's address, or None when it is not set."""
    value = str(config.get("CONTACT_TO") or "").strip()
    if not value:
        return None
    if not re.fullmatch(r"[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[a-zA-Z]{2,}", parseaddr(value)[1] or ""):
        raise SystemExit(f"CONTACT_TO vaut « {value} » : écrivez l'adresse de l'équipe du portail, "
                         "par exemple « equipe@quartier.example.org »")  # fmt: skip
    return value


def _from_file(path: str) -> dict:
    with open(path, "rb") as handle:
        loaded = tomllib.load(handle)
    unknown = sorted(k for k in loaded if k.upper() not in DEFAULTS)
    if unknown:
        raise SystemExit(f"{path} : réglage(s) inconnu(s) : {', '.join(unknown)}")
    return {k.upper(): (tuple(v) if k.upper() == "RATE_LIMIT" else v) for k, v in loaded.items()}


def _from_environment() -> dict:
    found: dict = {}
    for key, default in DEFAULTS.items():
        value = os.environ.get(f"PLACETTE_BRIDGE_{key}")
        if value is None:
            continue
        if key in ("TRUSTED_PROXIES", "INTERFACE_LANGUAGES"):
            found[key] = [v.strip() for v in value.split(",") if v.strip()]
        elif key == "RATE_LIMIT":  # "6/300": 6 submissions per 300 seconds
            count, _, window = value.partition("/")
            found[key] = (int(count), int(window or 300))
        elif isinstance(default, bool):
            found[key] = value.lower() in ("1", "true", "oui", "yes")
        elif isinstance(default, int):
            found[key] = int(value)
        else:
            found[key] = value
    return found


def _secret_key(config: dict) -> str:
    """The configured key; a random one only for tests; never a guessable one."""
    key = config["SECRET_KEY"]
    if not key:
        if not config["TESTING"]:
            raise SystemExit(
                "La passerelle refuse de démarrer sans clé secrète : définissez "
                f"PLACETTE_BRIDGE_SECRET_KEY (par exemple avec « {NEW_KEY} »)."
            )
        key = secrets.token_hex(32)
    problem = secret_problem(str(key))
    if problem:
        raise SystemExit(
            f"La passerelle refuse de démarrer avec cette clé secrète : {problem}. Quiconque la devine peut "
            f"se faire passer pour un relecteur. Créez-en une avec « {NEW_KEY} » et donnez-la par "
            "PLACETTE_BRIDGE_SECRET_KEY."
        )
    return key
