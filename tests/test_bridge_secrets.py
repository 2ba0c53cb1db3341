"""The bridge's secret key signs sessions and form tokens: a guessable one
lets anyone forge an admin session. Placeholders and short keys are refused,
and no sample file ships a usable value."""

import re
import secrets
from pathlib import Path

import pytest
from flask.sessions import SecureCookieSessionInterface

from bridge.app import create_app
from bridge.config import load_config

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "docs" / "deploiement").iterdir()) + [ROOT / "README.md", ROOT / "Makefile"]


def sample_values() -> list[str]:
    """Every value a sample file gives to the secret key."""
    found = []
    for path in SAMPLES:
        text = path.read_text(encoding="utf-8")
        found += re.findall(r"SECRET_KEY\s*[=:]\s*[\"']?([^\s\"'$]+)", text)
        found += re.findall(r"(?im)^\s*secret_key\s*=\s*[\"']([^\"']*)", text)
    return found


@pytest.mark.parametrize("key", [
    "remplacez-par-une-longue-cle-aleatoire",  # the value the sample systemd unit used to carry
    "s", "secret", "changeme", "test-secret-for-load", "x" * 64, "0123456789" * 3,
    "remplacez-moi-par-une-cle-aleatoire-de-64-caracteres-au-moins-svp", "CHANGE-ME-" * 5,
])  # fmt: skip
def test_placeholders_and_short_keys_are_refused(key, monkeypatch, tmp_path):
    monkeypatch.setenv("PLACETTE_BRIDGE_SECRET_KEY", key)
    with pytest.raises(SystemExit, match="clé secrète"):
        load_config({"DATA_DIR": str(tmp_path)})


def test_a_random_key_is_accepted(monkeypatch, tmp_path):
    for key in (secrets.token_hex(32), secrets.token_urlsafe(32)):
        monkeypatch.setenv("PLACETTE_BRIDGE_SECRET_KEY", key)
        assert load_config({"DATA_DIR": str(tmp_path)})["SECRET_KEY"] == key


def test_no_sample_carries_a_usable_key(monkeypatch, tmp_path):
    unit = (ROOT / "docs" / "deploiement" / "placette-bridge.service").read_text(encoding="utf-8")
    assert not re.search(r"(?m)^\s*Environment\s*=\s*\"?PLACETTE_BRIDGE_SECRET_KEY", unit)
    for value in sample_values():  # anything a sample writes would be refused
        monkeypatch.setenv("PLACETTE_BRIDGE_SECRET_KEY", value)
        with pytest.raises(SystemExit, match="clé secrète"):
            load_config({"DATA_DIR": str(tmp_path)})


def test_the_old_placeholder_no_longer_forges_an_admin_session(portal_repository, tmp_path, monkeypatch):
    """The attack of the issue: sign a session with the sample's key."""
    placeholder = "remplacez-par-une-longue-cle-aleatoire"
    forger = create_app({"TESTING": True, "SECRET_KEY": secrets.token_hex(32), "DATA_DIR": str(tmp_path / "f"),
                         "SOURCE_REPOSITORY": str(portal_repository)})  # fmt: skip
    forger.secret_key = placeholder
    cookie = SecureCookieSessionInterface().get_signing_serializer(forger).dumps({"relecteur": "admin", "expire": 9e9})
    assert cookie  # forged with the placeholder
    with pytest.raises(SystemExit, match="clé secrète"):
        create_app({"SECRET_KEY": placeholder, "DATA_DIR": str(tmp_path / "b"),
                    "SOURCE_REPOSITORY": str(portal_repository)})  # fmt: skip
