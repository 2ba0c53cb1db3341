"""The bridge's contact form (where the accessibility statement sends a
resident who meets a problem): relayed through the mail queue to a real SMTP
server on loopback, to the team only, with the resident's address as Reply-To."""

from __future__ import annotations

import pytest

from tests.bridge_client import submit
from tests.clients import free_port
from tests.smtp_server import smtp_server
from tests.test_mail import make_app, queue_of

TEAM = "equipe@quartier.example.org"
MESSAGE = {"sujet": "accessibilite", "page": "https://placette.example.org/agenda/",
           "message": "Le lecteur d'écran ne lit pas les horaires de l'agenda.", "nom": "Yvette",
           "courriel": "yvette@example.org"}  # fmt: skip


@pytest.fixture
def relay():
    port = free_port()
    with smtp_server(port) as inbox:
        yield port, inbox


@pytest.fixture
def contact_app(portal_repository, tmp_path, relay):
    return make_app(portal_repository, tmp_path / "bridge", relay[0], CONTACT_TO=TEAM)


def test_a_message_reaches_the_team_through_the_queue_with_the_reply_address(contact_app, relay):
    _, inbox = relay
    page = contact_app.test_client().get("/contact?sujet=accessibilite").get_data(as_text=True)
    assert 'value="accessibilite" checked' in page
    response = submit(contact_app.test_client(), "/contact", MESSAGE)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert "Votre message est envoyé" in response.get_data(as_text=True)
    assert inbox.received == []  # the answer did not wait for the relay
    assert queue_of(contact_app).send_due() == 1
    ((_, recipients, message, raw),) = inbox.received
    assert recipients == [TEAM] and message["To"] == TEAM
    assert message["Reply-To"].addresses[0].addr_spec == "yvette@example.org"
    assert message["Subject"] == "Accessibilité : un problème signalé"
    assert "Auto-Submitted" not in message  # a person wrote it: the team answers it
    text = message.get_content()
    assert MESSAGE["message"] in text and MESSAGE["page"] in text and "Yvette" in text
    assert raw.isascii()
    assert queue_of(contact_app).pending() == []  # nothing kept once sent


def test_without_an_address_the_message_still_goes_and_says_no_answer_is_possible(contact_app, relay):
    _, inbox = relay
    response = submit(contact_app.test_client(), "/contact", {**MESSAGE, "courriel": "", "nom": ""})
    assert response.status_code == 201 and "nous ne pourrons pas vous répondre" in response.get_data(as_text=True)
    queue_of(contact_app).send_due()
    ((_, _, message, _),) = inbox.received
    assert "Reply-To" not in message and "pas de réponse possible" in message.get_content()


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"message": "  "}, "message", "écrivez votre message"),
        ({"message": "x" * 4001}, "message", "message trop long"),
        ({"sujet": "publicite"}, "sujet", "choisissez de quoi il s'agit"),
        ({"courriel": "yvette-at-example"}, "courriel", "n'est pas une adresse de courriel"),
    ],
)
def test_a_wrong_form_is_said_next_to_the_field_and_nothing_is_sent(contact_app, relay, changes, field, words):
    response = submit(contact_app.test_client(), "/contact", {**MESSAGE, **changes})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'id="{field}-erreur"' in html or f'<a href="#{field}">' in html
    assert words in html.replace("&#39;", "'")
    assert queue_of(contact_app).pending() == []


def test_a_form_without_its_tokens_is_refused(contact_app):
    response = contact_app.test_client().post("/contact", data=MESSAGE)
    assert response.status_code == 403
    assert queue_of(contact_app).pending() == []


def test_without_mail_or_team_address_the_page_says_how_else_to_reach_the_team(
    bridge_app, portal_repository, tmp_path, relay
):
    for app in (bridge_app, make_app(portal_repository, tmp_path / "b", relay[0])):
        html = app.test_client().get("/contact").get_data(as_text=True)
        assert "pas encore ouvert" in html and "<form" not in html
        assert app.test_client().post("/contact", data=MESSAGE).status_code == 200


def test_a_wrong_team_address_stops_the_bridge_with_a_french_message(portal_repository, tmp_path, relay):
    with pytest.raises(SystemExit, match="CONTACT_TO vaut « equipe »"):
        make_app(portal_repository, tmp_path / "b", relay[0], CONTACT_TO="equipe")
