"""The contact form in Chromium at 360 px: axe-core finds nothing on the form,
on its errors and on its answer; a message typed there reaches a real SMTP
server on loopback through the served bridge's mail queue."""

from __future__ import annotations

import json
import os
import time

import pytest

from tests.browser import axe_script
from tests.clients import free_port, start_server, stop_server
from tests.smtp_server import smtp_server

pytestmark = pytest.mark.browser
TEAM = "equipe@quartier.example.org"


@pytest.fixture(scope="module")
def served(portal_repository, tmp_path_factory):
    data, port, relay_port = tmp_path_factory.mktemp("contact-browser") / "data", free_port(), free_port()
    settings = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(relay_port), "SMTP_SECURITY": "aucune",
                "SMTP_SENDER": "Portail <portail@quartier.example.org>", "CONTACT_TO": TEAM,
                "PUBLIC_URL": "https://proposer.quartier.example.org/", "RATE_LIMIT": "1000/300"}  # fmt: skip
    with smtp_server(relay_port) as inbox:
        os.environ.update({f"PLACETTE_BRIDGE_{k}": v for k, v in settings.items()})
        try:
            server = start_server(data, portal_repository, port)
        finally:
            for key in settings:
                del os.environ[f"PLACETTE_BRIDGE_{key}"]
        try:
            yield f"http://127.0.0.1:{port}", inbox
        finally:
            stop_server(server)


def no_violation(page) -> None:
    page.wait_for_load_state("load")
    page.evaluate(axe_script().read_text(encoding="utf-8"))  # the bridge's CSP refuses an injected <script>
    violations = page.evaluate("async () => (await axe.run(document)).violations.map(v => [v.id, v.help])")
    assert violations == [], json.dumps(violations, ensure_ascii=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_form_its_errors_and_its_answer_are_accessible_and_the_team_receives_the_message(browser, served):
    base, inbox = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "/contact?sujet=accessibilite")
    no_violation(page)
    page.click("button[type=submit]")  # nothing typed
    assert "écrivez votre message" in page.locator(".error-summary").inner_text()
    no_violation(page)
    page.fill("#message", "Les boutons de l'agenda sont trop petits pour moi.")
    page.fill("#courriel", "gaston@example.org")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Votre message est envoyé"
    no_violation(page)
    context.close()
    for _ in range(100):  # the served bridge's queue sends it in the background
        if inbox.to(TEAM):
            break
        time.sleep(0.1)
    (message,) = inbox.to(TEAM)
    assert "trop petits pour moi" in message.get_content()
    assert message["Reply-To"].addresses[0].addr_spec == "gaston@example.org"


def test_the_reply_to_an_annonce_is_accessible(browser, served):
    base, _ = served
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "/contact-annonce?annonce=jardin-des-tilleuls/2026-11-20-cherche-jardiniers")
    assert page.locator("h1").inner_text() == "Répondre à l'annonce « Des jardiniers pour les bacs du printemps »"
    no_violation(page)
    page.goto(base + "/contact-annonce?annonce=jardin-des-tilleuls/2026-10-02-donne-graines")
    no_violation(page)
    context.close()
