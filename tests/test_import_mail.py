"""The import report mailed to who can act on it, through the bridge's mail
queue, delivered to a real SMTP server on loopback: the responsables of the
association whose source fails (only their association's sources) and the
admins; never the teen reviewers; one message per person and per run; none
when all is well; the same unchanged failure not mailed every night, but
again when it changes, and after a week."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher

from bridge.mailqueue import MailQueue
from placette.importer import mailing
from placette.importer.run import Settings, run
from tests.clients import free_port
from tests.smtp_server import smtp_server
from tests.test_import import FILES, FIXTURES, Server, make_portal

PUBLIC = "https://proposer.quartier.example.org/"
ACCOUNTS = {  # login: (name, roles, address)
    "sam": ("Sam", ["admin"], "sam@example.org"),
    "a.martin": ("Aline", ["relecteur"], "aline@example.org"),  # a responsable of the Jardin
    "b.durand": ("Bruno", [], "bruno@example.org"),  # the Atelier's responsable, no role
    "lea": ("Léa", ["relecteur"], "lea@example.org"),  # a teen reviewer: sees the page, gets no mail
    "c.noel": ("Chloé", [], ""),  # a responsable of the Jardin without an address
}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("PLACETTE_TODAY", "2026-11-22")


@pytest.fixture
def server():
    found = Server()
    yield found
    found.close()


@pytest.fixture
def relay():
    port = free_port()
    with smtp_server(port) as inbox:
        yield port, inbox


def portal(tmp_path: Path, server: Server):
    jardin = (FIXTURES / "mini/associations/jardin-des-tilleuls/association.yml").read_text(encoding="utf-8")
    velo = (FIXTURES / "mini/associations/atelier-velo/association.yml").read_text(encoding="utf-8")
    jardin = jardin.replace("responsables:\n  - a.martin\n", "responsables:\n  - a.martin\n  - c.noel\n")
    extra = {
        "associations/jardin-des-tilleuls/association.yml": jardin + (
            f"sources:\n  - adresse: {server.base}/jardin.ics\n    type: ical\n"
            f"  - adresse: {server.base}/hostile.ics\n    type: ical\n"),
        "associations/atelier-velo/association.yml": velo + (
            f"responsables:\n  - b.durand\nsources:\n  - adresse: {server.base}/feed/\n    type: rss\n"),
    }  # fmt: skip
    pipeline = make_portal(tmp_path, {}, extra)
    hasher = PasswordHasher()
    lines = []
    for login, (name, roles, address) in ACCOUNTS.items():
        lines.append(f'[comptes."{login}"]\nnom = "{name}"\nroles = {json.dumps(roles)}\n'
                     f'mot_de_passe = "{hasher.hash("motdepasse-1")}"\ncourriel = "{address}"\n')  # fmt: skip
    (pipeline.data / "comptes.toml").write_text("\n".join(lines), encoding="utf-8")
    return pipeline


def bridge_config(pipeline, port: int) -> dict:
    from bridge.config import load_config

    return load_config({"SECRET_KEY": secrets.token_hex(32), "DATA_DIR": str(pipeline.data), "SMTP_HOST": "127.0.0.1",
                        "SMTP_PORT": port, "SMTP_SECURITY": "aucune", "PUBLIC_URL": PUBLIC,
                        "SMTP_SENDER": "Portail des Tilleuls <portail@quartier.example.org>", "SMTP_TIMEOUT": 5})  # fmt: skip


def good_routes(server):
    server.routes["/jardin.ics"] = (FILES / "thunderbird.ics").read_bytes()
    server.routes["/hostile.ics"] = (FILES / "nextcloud.ics").read_bytes()
    server.routes["/feed/"] = (FILES / "wordpress.rss").read_bytes()


def deliver(pipeline, config, inbox) -> list:
    """What the bridge's sending thread does: send the queue; returns the messages received now."""
    before = len(inbox.received)
    target = mailing.target_from(config, pipeline.store.path)
    MailQueue(target.database, target.settings, config["SECRET_KEY"]).send_due()
    return inbox.received[before:]


def by_recipient(received) -> dict:
    return {rcpt[0]: message for _, rcpt, message, _ in received}


def test_failing_sources_are_mailed_to_their_associations_people_once_then_weekly(tmp_path, server, relay):
    port, inbox = relay
    good_routes(server)
    pipeline = portal(tmp_path, server)
    config = bridge_config(pipeline, port)
    settings = Settings(timeout=1.0, total=3.0, mail=mailing.target_from(config, pipeline.store.path))
    assert all(r.erreur is None and not r.refuses for r in run(pipeline, settings))
    assert deliver(pipeline, config, inbox) == []  # all is well: no message

    # The Jardin's calendar disappears, its other source has refused items; the Atelier's feed is broken.
    del server.routes["/jardin.ics"]
    server.routes["/hostile.ics"] = (FILES / "hostile.ics").read_bytes()
    server.routes["/feed/"] = (FILES / "casse.xml").read_bytes()
    reports = run(pipeline, settings)
    assert [bool(r.erreur or r.refuses) for r in reports] == [True, True, True]
    received = deliver(pipeline, config, inbox)
    mails = by_recipient(received)
    assert sorted(mails) == ["aline@example.org", "bruno@example.org", "sam@example.org"]  # not Léa, not Chloé
    for sender, rcpt, message, raw in received:
        assert sender == "portail@quartier.example.org" and len(rcpt) == 1 and message["To"] == rcpt[0]
        assert message["From"].addresses[0].display_name == "Portail des Tilleuls"
        assert message["Auto-Submitted"] == "auto-generated" and message["Date"] and message["Message-ID"]
        assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
        assert raw.isascii()
        assert f"{PUBLIC}relecture/import" in message.get_content()
    aline = mails["aline@example.org"]
    assert aline["Subject"] == "Import des agendas : un problème avec les sources de Jardin des Tilleuls"
    text = aline.get_content().replace("\r\n", "\n")
    assert text.startswith("Bonjour Aline,") and "vous êtes responsable de Jardin des Tilleuls" in text
    assert f"Source : {server.base}/jardin.ics (ical)" in text and "erreur 404" in text
    since = dt.datetime.fromisoformat(reports[0].probleme_depuis).astimezone(ZoneInfo("Europe/Paris"))
    assert f"Depuis : le {since:%d/%m/%Y à %H:%M} (dernière lecture réussie : le " in text  # French time
    assert "corrigez la ligne « adresse » de cette source sur sa fiche" in text  # what to do
    assert f"Source : {server.base}/hostile.ics (ical)" in text and "élément(s) refusé(s)" in text
    assert "an 9999" in text and "demandez-lui de la corriger" in text
    # nothing of the other association: its name, its address, its people
    assert "Atelier" not in text and "/feed/" not in text and "casse" not in text and "Bruno" not in text
    bruno = mails["bruno@example.org"].get_content()
    assert "Atelier Vélo Roue Libre" in bruno and "pas du XML bien formé" in bruno
    assert "Jardin" not in bruno and "jardin.ics" not in bruno and "hostile" not in bruno
    sam = mails["sam@example.org"]
    assert sam["Subject"] == "Import des agendas : un problème avec les sources de 2 associations"
    assert "vous êtes admin du portail" in sam.get_content()
    assert "jardin.ics" in sam.get_content() and "/feed/" in sam.get_content()
    said = (pipeline.data / "import" / "courriels.json").read_text(encoding="utf-8")
    assert "@" not in said  # what was said and when; no address kept

    # The next night, the same failures: no message.
    run(pipeline, settings)
    assert deliver(pipeline, config, inbox) == []
    # The Atelier's failure changes (its feed is gone now): its people are told, the Jardin's are not.
    del server.routes["/feed/"]
    run(pipeline, settings)
    mails = by_recipient(deliver(pipeline, config, inbox))
    assert sorted(mails) == ["bruno@example.org", "sam@example.org"]
    assert "erreur 404" in mails["bruno@example.org"].get_content()
    assert "Jardin" not in mails["sam@example.org"].get_content()  # only what is news
    # A week later, still failing: said again, as a reminder.
    path = pipeline.data / "import" / "courriels.json"
    week_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(days=7, minutes=1)).isoformat(timespec="seconds")
    path.write_text(json.dumps({k: {**v, "envoye": week_ago} for k, v in json.loads(path.read_text()).items()}))
    run(pipeline, settings)
    mails = by_recipient(deliver(pipeline, config, inbox))
    assert sorted(mails) == ["aline@example.org", "bruno@example.org", "sam@example.org"]
    assert "déjà signalée, toujours pas réglée" in mails["aline@example.org"].get_content()
    # Repaired: no message, and forgotten; failing again later is news again.
    good_routes(server)
    run(pipeline, settings)
    assert deliver(pipeline, config, inbox) == [] and json.loads(path.read_text()) == {}
    server.routes["/feed/"] = (FILES / "casse.xml").read_bytes()
    run(pipeline, settings)
    assert sorted(by_recipient(deliver(pipeline, config, inbox))) == ["bruno@example.org", "sam@example.org"]


def test_the_import_command_queues_the_mail_with_the_bridges_settings(tmp_path, server, relay, monkeypatch):
    port, inbox = relay
    pipeline = portal(tmp_path, server)  # nothing served: every source fails
    for key, value in {"DATA_DIR": str(pipeline.data), "SOURCE_REPOSITORY": str(tmp_path / "repo"), "SMTP_HOST": "127.0.0.1",
                       "SMTP_PORT": str(port), "SMTP_SECURITY": "aucune", "PUBLIC_URL": PUBLIC,
                       "SMTP_SENDER": "portail@quartier.example.org", "PUBLISH_DIR": ""}.items():  # fmt: skip
        monkeypatch.setenv(f"PLACETTE_BRIDGE_{key}", value)
    from placette.importer.run import from_bridge_settings

    opened, settings = from_bridge_settings(timeout=1.0)
    assert settings.mail is not None and settings.mail.database == opened.store.path
    run(opened, settings)
    queued = MailQueue(opened.store.path, settings.mail.settings, "x" * 64).pending()
    assert sorted(row[1] for row in queued) == ["aline@example.org", "bruno@example.org", "sam@example.org"]
    monkeypatch.delenv("PLACETTE_BRIDGE_SMTP_HOST")
    assert from_bridge_settings()[1].mail is None  # a bridge without mail: the importer sends none either


def test_a_broken_accounts_file_does_not_undo_the_import(tmp_path, server, relay):
    import logging

    port, _ = relay
    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())
    logging.getLogger("placette.import").addHandler(handler)
    pipeline = portal(tmp_path, server)  # nothing served: every source fails
    (pipeline.data / "comptes.toml").write_text('[comptes.x]\nroles = ["chef"]\n', encoding="utf-8")
    config = bridge_config(pipeline, port)
    try:
        reports = run(pipeline, Settings(timeout=1.0, total=3.0, mail=mailing.target_from(config, pipeline.store.path)))
    finally:
        logging.getLogger("placette.import").removeHandler(handler)
    assert len(reports) == 3 and all(r.erreur for r in reports)  # reported, and saved
    assert (pipeline.data / "import" / "rapport.json").is_file()
    assert "import : le rapport n'a pas pu être mis dans la file des courriels" in logged
    assert not (pipeline.data / "import" / "courriels.json").exists()  # nothing said: tried again next time
