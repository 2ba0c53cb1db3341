"""Mail, against a real SMTP server on loopback: what each contributor
receives (headers, French text, their own link, nobody else's data), retries
while the relay is down, TLS and STARTTLS with a private authority, and no
address or token left behind."""

from __future__ import annotations

import email.utils
import re
import secrets
import time
from pathlib import Path

import pytest

from tests.bridge_client import branches, submit, tokens, tracking_link
from tests.clients import free_port
from tests.smtp_server import LOGIN, PASSWORD, smtp_server

PUBLIC = "https://proposer.quartier.example.org/"
NEWS = {"association": "jardin-des-tilleuls", "titre": "Fête des semis", "date": "2026-11-22",
        "texte": "Venez planter.", "auteur": "Marie"}  # fmt: skip


def make_app(portal_repository, data: Path, port: int, security: str = "aucune", **extra):
    from bridge import create_app

    settings = {"TESTING": True, "DATA_DIR": str(data), "SOURCE_REPOSITORY": str(portal_repository),
                "FORM_MIN_AGE": 0, "RATE_LIMIT": (1000, 300), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": port,
                "SMTP_SECURITY": security, "SMTP_SENDER": "Portail des Tilleuls <portail@quartier.example.org>",
                "PUBLIC_URL": PUBLIC, "SMTP_TIMEOUT": 5}  # fmt: skip
    if security != "aucune":
        settings.update(SMTP_USER=LOGIN, SMTP_PASSWORD=PASSWORD, SMTP_CA_FILE=str(data.parent / "ca.pem"))
    return create_app({**settings, **extra})


@pytest.fixture
def relay(tmp_path):
    port = free_port()
    with smtp_server(port) as inbox:
        yield port, inbox


@pytest.fixture
def mail_app(portal_repository, tmp_path, relay):
    return make_app(portal_repository, tmp_path / "bridge", relay[0])


def propose(app, address: str, **changes) -> str:
    response = submit(app.test_client(), "/actualite", {**NEWS, "courriel_contact": address, **changes})
    assert response.status_code == 201, response.get_data(as_text=True)
    return tracking_link(response.get_data(as_text=True))


def queue_of(app):
    return app.extensions["placette"].pipeline.mail


def every_byte(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_receipt_is_delivered_in_french_with_its_headers_and_the_link(mail_app, relay):
    _, inbox = relay
    page = mail_app.test_client().get("/actualite").get_data(as_text=True)
    assert 'name="courriel_contact"' in page and 'type="email"' in page
    link = propose(mail_app, "marie@example.org")
    assert inbox.received == []  # the form's answer did not wait for the relay
    assert queue_of(mail_app).send_due() == 1
    ((sender, recipients, message, raw),) = inbox.received
    assert sender == "portail@quartier.example.org" and recipients == ["marie@example.org"]
    assert message["To"] == "marie@example.org"
    assert message["From"].addresses[0].display_name == "Portail des Tilleuls"
    assert message["Subject"] == "Votre proposition « Fête des semis » est bien arrivée"
    sent = email.utils.parsedate_to_datetime(message["Date"])
    assert sent.tzinfo is not None and abs(time.time() - sent.timestamp()) < 120
    assert re.fullmatch(r"<[^@<>\s]+@quartier\.example\.org>", message["Message-ID"])
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "text/plain" and message.get_content_charset() == "utf-8"
    assert raw.isascii()  # encoded for any relay (quoted-printable, RFC 2047 subject)
    text = message.get_content()
    assert "est bien arrivée" in text and "va la relire" in text and "ne le transmettez pas" in text
    assert PUBLIC.rstrip("/") + link in text
    assert mail_app.test_client().get(link).status_code == 200  # the link is the tracking page
    assert queue_of(mail_app).pending() == []  # sent: the row is gone
    stored = every_byte(Path(mail_app.config["DATA_DIR"]))
    assert b"marie@example.org" in stored  # kept to tell her the decision...
    assert link.rsplit("/", 1)[1].encode() not in stored  # ...but her token only sealed


def test_links_come_from_the_configured_address_never_from_the_host_header(mail_app, relay):
    _, inbox = relay
    client = mail_app.test_client()
    page = client.get("/actualite", base_url="http://evil.example")
    response = client.post("/actualite", base_url="http://evil.example",
                           data={**tokens(page.get_data(as_text=True)), **NEWS,
                                 "courriel_contact": "marie@example.org"})  # fmt: skip
    assert response.status_code == 201
    assert "evil.example" not in response.get_data(as_text=True)  # the receipt too
    queue_of(mail_app).send_due()
    ((_, _, message, raw),) = inbox.received
    assert b"evil.example" not in raw
    assert re.search(
        r"https://proposer\.quartier\.example\.org/suivi/[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])", message.get_content()
    )


def login(client, who):
    page = client.get("/relecture/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/relecture/connexion", data={"csrf": csrf, "identifiant": who, "mot_de_passe": "motdepasse-1"})
    return csrf


def with_accounts(app, referent_email: str = ""):
    from argon2 import PasswordHasher

    digest = PasswordHasher().hash("motdepasse-1")
    Path(app.config["ACCOUNTS_FILE"]).parent.mkdir(parents=True, exist_ok=True)  # the app opens nothing yet
    Path(app.config["ACCOUNTS_FILE"]).write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{digest}"\n'
        f'[comptes.sam]\nnom = "Sam"\nroles = ["referent"]\nmot_de_passe = "{digest}"\n'
        + (f'courriel = "{referent_email}"\n' if referent_email else ""), encoding="utf-8")  # fmt: skip
    return app


def decide(client, branch: str, action: str, **form):
    page = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    shown = re.search(r'name="commit" value="([0-9a-f]{40})"', page).group(1)  # the version read
    response = client.post(f"/relecture/proposition/{branch}/{action}", data={"csrf": csrf, "commit": shown, **form})
    assert response.status_code == 200, response.get_data(as_text=True)


def test_each_decision_reaches_only_its_own_contributor(mail_app, relay):
    _, inbox = relay
    with_accounts(mail_app)
    marie = propose(mail_app, "marie@example.org")
    karim = propose(mail_app, "karim@example.org", titre="Vente de gâteaux", auteur="Karim")
    (marie_branch,) = [b for b in branches(mail_app) if "fete-des-semis" in b]
    (karim_branch,) = [b for b in branches(mail_app) if "vente-de-gateaux" in b]
    lea = mail_app.test_client()
    login(lea, "lea")
    decide(lea, marie_branch, "corriger", motif="Précisez l'heure du rendez-vous.")
    decide(lea, karim_branch, "refuser", clause="C2", motif="C'est une publicité.", confirme="oui")
    queue_of(mail_app).send_due()
    (to_correct,) = inbox.to("marie@example.org")[1:]
    assert to_correct["Subject"] == "Votre proposition « Fête des semis » est à corriger"
    text = to_correct.get_content()
    assert "« Précisez l'heure du rendez-vous. »" in text and PUBLIC.rstrip("/") + marie in text
    (refused,) = inbox.to("karim@example.org")[1:]
    assert refused["Subject"] == "Votre proposition « Vente de gâteaux » n'a pas été publiée"
    assert "C'est une publicité." in refused.get_content() and PUBLIC.rstrip("/") + karim in refused.get_content()
    # the contributor corrects, a reviewer publishes
    corrected = submit(mail_app.test_client(), marie + "/corriger", {**NEWS, "texte": "Venez planter à 14 h."})
    assert corrected.status_code == 303
    decide(lea, marie_branch, "approuver")
    queue_of(mail_app).send_due()
    accepted = inbox.to("marie@example.org")[-1]
    assert accepted["Subject"] == "Votre proposition « Fête des semis » est acceptée"
    assert "dans quelques minutes" in accepted.get_content()
    for _, recipients, message, raw in inbox.received:
        (recipient,) = recipients
        other, other_link = (("karim@example.org", karim) if recipient.startswith("marie") else
                             ("marie@example.org", marie))  # fmt: skip
        assert other.encode() not in raw and other_link.rsplit("/", 1)[1].encode() not in raw
        assert b"L\xc3\xa9a" not in raw and "Léa" not in message.get_content()  # no reviewer's name
    assert [len(inbox.to(a)) for a in ("marie@example.org", "karim@example.org")] == [3, 2]
    # both final: nothing of theirs is kept any more
    assert b"marie@example.org" not in every_byte(Path(mail_app.config["DATA_DIR"]))
    assert b"karim@example.org" not in every_byte(Path(mail_app.config["DATA_DIR"]))


def test_a_decision_taken_with_make_review_is_mailed_too(mail_app, relay, monkeypatch):
    from bridge import review_cli

    _, inbox = relay
    propose(mail_app, "marie@example.org")
    (branch,) = branches(mail_app)
    monkeypatch.setenv("PLACETTE_BRIDGE_DATA_DIR", mail_app.config["DATA_DIR"])
    monkeypatch.delenv("PLACETTE_BRIDGE_PUBLISH_DIR", raising=False)
    assert review_cli.main(["corriger", branch, "--par", "lea", "--commentaire", "Ajoutez l'adresse."]) == 0
    queue_of(mail_app).send_due()
    assert "« Ajoutez l'adresse. »" in inbox.to("marie@example.org")[-1].get_content()


def test_retries_while_the_relay_is_down_then_delivers(portal_repository, tmp_path):
    port = free_port()  # nothing listens there yet
    app = make_app(portal_repository, tmp_path / "bridge", port, SMTP_RETRY_SECONDS=0.2)
    started = time.monotonic()
    propose(app, "marie@example.org")
    assert time.monotonic() - started < 5  # the form's answer does not wait for the relay
    mail = queue_of(app)
    assert mail.send_due() == 0
    ((_, _, attempts, next_try, error),) = mail.pending()
    assert attempts == 1 and next_try > time.time() and error
    thread = mail.start()
    try:
        deadline = time.monotonic() + 30  # still down: more attempts, each waiting longer
        while mail.pending()[0][2] < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        ((_, _, attempts, next_try, _),) = mail.pending()
        assert attempts >= 3
        with smtp_server(port) as inbox:
            deadline = time.monotonic() + 20
            while mail.pending() and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(inbox.to("marie@example.org")) == 1
        assert mail.pending() == []
    finally:
        mail.stop()
    assert not thread.is_alive()


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_and_starttls_with_a_private_authority_and_a_login(portal_repository, tmp_path, security):
    port = free_port()
    with smtp_server(port, security, certificates=tmp_path) as inbox:
        app = make_app(portal_repository, tmp_path / "bridge", port, security)
        propose(app, "marie@example.org")
        assert queue_of(app).send_due() == 1, queue_of(app).pending()
        assert inbox.logins == [LOGIN] and len(inbox.to("marie@example.org")) == 1
        # the same relay, without trusting its authority: refused, and kept for later
        untrusting = make_app(portal_repository, tmp_path / "autre", port, security, SMTP_CA_FILE="")
        propose(untrusting, "karim@example.org")
        assert queue_of(untrusting).send_due() == 0
        ((_, _, attempts, _, error),) = queue_of(untrusting).pending()
        assert attempts == 1 and "certificate" in error.lower()


def test_a_permanent_refusal_is_dropped_not_retried_and_not_logged_with_the_address(portal_repository, tmp_path):
    import logging

    logged: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: logged.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("placette.bridge").addHandler(handler)
    port = free_port()
    try:
        with smtp_server(port, refuse="inconnu") as inbox:
            app = make_app(portal_repository, tmp_path / "bridge", port)
            propose(app, "inconnu@example.org")
            propose(app, "marie@example.org", titre="Autre chose")
            assert queue_of(app).send_due() == 1
            assert queue_of(app).pending() == [] and len(inbox.received) == 1
    finally:
        logging.getLogger("placette.bridge").removeHandler(handler)
    assert any("refusé par le serveur" in line for line in logged), logged
    assert not any("inconnu@example.org" in line for line in logged), logged


def test_withdrawal_and_retention_leave_no_address_and_no_token(portal_repository, tmp_path):
    from bridge.mailqueue import purge

    data = tmp_path / "bridge"
    (data / "outbox").mkdir(parents=True)
    (data / "outbox" / "ab12cd34.txt").write_text("À : ancien@example.org\nhttp://x/suivi/ancien-jeton\n")
    app = make_app(portal_repository, data, free_port())  # relay down: the messages wait
    app.extensions["placette"].start()  # as `python -m bridge` does before serving
    assert not (data / "outbox").exists()  # the old outbox with addresses and tokens is gone
    link = propose(app, "marie@example.org")
    token = link.rsplit("/", 1)[1]
    assert b"marie@example.org" in every_byte(data)  # kept while the receipt waits for the relay
    client = app.test_client()
    page = client.get(link).get_data(as_text=True)
    assert client.post(link + "/retirer", data=tokens(page)).status_code == 303
    stored = every_byte(data)
    assert b"marie@example.org" not in stored and token.encode() not in stored
    assert queue_of(app).pending() == []
    # retention: what is still there after the period is deleted, sent or not
    propose(app, "karim@example.org", titre="Autre chose")
    assert purge(queue_of(app).path, 365, now=time.time() + 366 * 86400) >= 2
    stored = every_byte(data)
    assert b"karim@example.org" not in stored


def test_without_smtp_settings_the_form_does_not_ask_for_an_email(bridge_app):
    page = bridge_app.test_client().get("/evenement").get_data(as_text=True)
    assert "courriel_contact" not in page and "pour être prévenu" not in page
    response = submit(bridge_app.test_client(), "/actualite", {**NEWS, "courriel_contact": "marie@example.org"})
    assert response.status_code == 201
    assert b"marie@example.org" not in every_byte(Path(bridge_app.config["DATA_DIR"]))


@pytest.mark.parametrize("address", ["marie.example.org", "a,karim@example.org", "Marie <m@example.org>",
                                     "m@example"])  # fmt: skip
def test_a_wrong_address_is_said_next_to_the_field(mail_app, address):
    response = submit(mail_app.test_client(), "/actualite", {**NEWS, "courriel_contact": address})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "n&#39;est pas une adresse de courriel" in html
    assert 'href="#courriel_contact"' in html and branches(mail_app) == []


def test_mail_settings_are_checked_when_the_bridge_starts(monkeypatch):
    from bridge.config import load_config
    from bridge.mail import settings_from

    base = {"SMTP_HOST": "smtp.example.org", "SMTP_SENDER": "portail@example.org", "PUBLIC_URL": PUBLIC}
    with pytest.raises(SystemExit, match="PUBLIC_URL"):
        settings_from({**base, "PUBLIC_URL": ""})
    with pytest.raises(SystemExit, match="SMTP_SENDER"):
        settings_from({**base, "SMTP_SENDER": "portail"})
    with pytest.raises(SystemExit, match="en clair"):
        settings_from({**base, "SMTP_SECURITY": "aucune", "SMTP_USER": "portail"})
    with pytest.raises(SystemExit, match="starttls, tls ou aucune"):
        settings_from({**base, "SMTP_SECURITY": "ssl3"})
    assert settings_from({**base, "SMTP_SECURITY": "tls"}).port == 465
    assert settings_from(base).port == 587 and settings_from({"SMTP_HOST": ""}) is None
    monkeypatch.setenv("PLACETTE_BRIDGE_SECRET_KEY", secrets.token_hex(32))  # a repeated pattern is refused
    monkeypatch.setenv("PLACETTE_BRIDGE_SMTP_HOST", "smtp.example.org")
    monkeypatch.setenv("PLACETTE_BRIDGE_SMTP_PORT", "2525")
    monkeypatch.setenv("PLACETTE_BRIDGE_SMTP_SENDER", "portail@example.org")
    monkeypatch.setenv("PLACETTE_BRIDGE_PUBLIC_URL", PUBLIC)
    monkeypatch.delenv("PLACETTE_BRIDGE_CONFIG", raising=False)
    mail = settings_from(load_config())
    assert (mail.host, mail.port, mail.security, mail.public_url) == ("smtp.example.org", 2525, "starttls", PUBLIC)


def test_the_referent_is_alerted_once_through_the_queue(mail_app, relay):
    _, inbox = relay
    with_accounts(mail_app, referent_email="sam@example.org")
    card = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin.", "quartier": "Les Tilleuls", "courriel_contact": "marie@example.org"}  # fmt: skip
    assert submit(mail_app.test_client(), "/fiche?association=jardin-des-tilleuls", card).status_code == 201
    (branch,) = branches(mail_app)
    lea = mail_app.test_client()
    login(lea, "lea")
    page = lea.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "Prévenir la personne référente" in page and "sam@example.org" not in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    done = lea.post(f"/relecture/proposition/{branch}/prevenir", data={"csrf": csrf, "note": "Le numéro change."})
    assert "Sam va recevoir un courriel" in done.get_data(as_text=True)
    again = lea.post(f"/relecture/proposition/{branch}/prevenir", data={"csrf": csrf})
    assert "déjà été prévenue" in again.get_data(as_text=True)
    assert "Prévenue le " in lea.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    queue_of(mail_app).send_due()
    (alert,) = inbox.to("sam@example.org")
    assert alert["Subject"] == "Une proposition attend votre décision : « Jardin des Tilleuls »"
    text = alert.get_content()
    assert f"{PUBLIC}relecture/proposition/{branch}" in text and "Léa ajoute : « Le numéro change. »" in text
    assert "Jardin des Tilleuls" in text and "marie@example.org" not in text  # not the contributor's address
