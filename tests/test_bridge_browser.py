"""A volunteer on a phone, in real headless Chromium, against the real server."""

import json

import pytest
from PIL import Image

from tests.browser import axe_script
from bench.clients import free_port, propositions, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bridge_server(portal_repository, tmp_path_factory):
    data, port = tmp_path_factory.mktemp("bridge-browser") / "data", free_port()
    server = start_server(data, portal_repository, port)
    yield f"http://127.0.0.1:{port}", data
    server.terminate()
    server.wait(20)


@pytest.fixture
def phone(browser):
    # axe-core is injected as a script: the bridge's Content-Security-Policy is bypassed for
    # the audit (test_the_security_policy_blocks_nothing_the_bridge_needs runs without this)
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def received(page) -> str:
    assert page.locator("h1").inner_text() == "Merci, votre proposition est bien arrivée", page.content()[:2000]
    return page.locator(".tracking a").inner_text()


def test_news_with_a_photo(phone, bridge_server, tmp_path):
    base, data = bridge_server
    picture = tmp_path / "photo.jpg"
    Image.new("RGB", (800, 600), (90, 140, 60)).save(picture)
    phone.goto(base + "/")
    phone.click("text=Une actualité")
    phone.select_option("#association", "jardin-des-tilleuls")
    phone.fill("#titre", "Les semis commencent")
    phone.fill("#texte", "Rendez-vous **samedi** au jardin.")
    phone.set_input_files("#photo", str(picture))
    phone.fill("#photo_alt", "Des bacs de terre au soleil")
    phone.check("input[name=photo_accord]")
    phone.fill("#auteur", "Sonia")
    phone.click("button[type=submit]")
    link = received(phone)
    assert any("les-semis-commencent" in b for b in propositions(data))
    phone.goto(link)
    assert "en attente de relecture" in phone.content()


def test_recurring_event(phone, bridge_server):
    base, data = bridge_server
    phone.goto(base + "/evenement")
    phone.select_option("#association", "atelier-velo")
    phone.fill("#titre", "Atelier du mardi soir")
    phone.fill("#date", "2026-12-01")
    phone.fill("#heure_debut", "18:00")
    phone.fill("#heure_fin", "20:00")
    phone.check("input[name=repetition][value=chaque_semaine]")
    phone.check("input[name=jours][value=mardi]")
    phone.fill("#sans_seance", "2026-12-22\n2026-12-29")
    phone.click("button[type=submit]")
    received(phone)
    assert any("atelier-du-mardi-soir" in b for b in propositions(data))


def test_errors_are_summarised_and_the_form_keeps_the_text(phone, bridge_server):
    base, _ = bridge_server
    phone.goto(base + "/evenement")
    phone.select_option("#association", "atelier-velo")
    phone.fill("#texte", "Ma présentation")
    phone.click("button[type=submit]")
    assert phone.locator(".error-summary h2").inner_text().startswith("Il y a")
    assert phone.input_value("#texte") == "Ma présentation"
    assert phone.get_attribute("#titre", "aria-invalid") == "true"


def test_card_update_and_new_association(phone, bridge_server):
    base, data = bridge_server
    phone.goto(base + "/fiche")
    phone.select_option("#association", "jardin-des-tilleuls")
    phone.click("button[type=submit]")
    assert phone.input_value("#telephone") == "01 99 00 10 01"
    phone.fill("#horaires_jeudi", "14:00-18:00")
    phone.click("button[type=submit]")
    received(phone)
    phone.goto(base + "/nouvelle-association")
    phone.fill("#nom", "La Boîte à Jeux")
    phone.select_option("#type", "association")
    phone.fill("#resume", "Une ludothèque pour les familles.")
    phone.select_option("#quartier", "La Source")
    phone.click("button[type=submit]")
    received(phone)
    assert any(b.startswith("propositions/la-boite-a-jeux/") for b in propositions(data))


def test_cancel_one_session(phone, bridge_server):
    base, data = bridge_server
    phone.goto(base + "/annuler?association=jardin-des-tilleuls")
    phone.check("input[name=evenement][value=permanence]")
    phone.select_option("#seance-choix", "2026-12-15T14:00:00")
    phone.fill("#motif", "Sortie au marché")
    phone.click("button[type=submit]")
    received(phone)


@pytest.mark.parametrize("path", ["/", "/actualite", "/evenement", "/fiche?association=atelier-velo",
                                  "/nouvelle-association", "/annuler?association=jardin-des-tilleuls",
                                  "/confidentialite", "/introuvable"])  # fmt: skip
def test_bridge_pages_have_no_axe_violation(phone, bridge_server, path):
    base, _ = bridge_server
    phone.goto(base + path)
    phone.add_script_tag(path=str(axe_script()))
    result = phone.evaluate("async () => await axe.run(document)")
    assert result["violations"] == [], json.dumps([(v["id"], v["help"]) for v in result["violations"]])
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_the_security_policy_blocks_nothing_the_bridge_needs(browser, bridge_server):
    """The Content-Security-Policy forbids what comes from elsewhere, not the bridge's own CSS."""
    base, _ = bridge_server
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    messages = []
    phone.on("console", lambda message: messages.append(message.text))
    for path in ("/", "/actualite", "/fiche?association=jardin-des-tilleuls", "/relecture/connexion"):
        response = phone.goto(base + path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert phone.evaluate("document.styleSheets.length === 1 && document.styleSheets[0].cssRules.length > 10")
    context.close()
    assert [m for m in messages if "Content Security Policy" in m or "Refused" in m] == []
