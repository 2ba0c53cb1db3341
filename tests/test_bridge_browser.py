"""A volunteer on a phone, in real headless Chromium, against the real server."""

import json
import os

import pytest
from PIL import Image

from tests.browser import axe_script
from tests.clients import free_port, propositions, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bridge_server(portal_repository, tmp_path_factory):
    data, port = tmp_path_factory.mktemp("bridge-browser") / "data", free_port()
    os.environ["PLACETTE_BRIDGE_RATE_LIMIT"] = "1000/300"  # one address sends every test's forms
    try:
        server = start_server(data, portal_repository, port)
    finally:
        del os.environ["PLACETTE_BRIDGE_RATE_LIMIT"]
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
    # The click waits for the new page to start, not for its stylesheet: a
    # layout measured before it arrives is the unstyled page's (on a busy machine).
    page.wait_for_load_state("load")
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
    phone.click("text=Plus de détails")
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
    phone.click("text=Plus de détails")
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


def test_a_portrait_with_its_consent_then_the_withdrawal_page(phone, bridge_server):
    """Sent from a phone: the receipt gives the withdrawal link once; the person's page
    asks for one confirmation; both pages pass axe-core at 360 px."""
    base, data = bridge_server
    phone.goto(base + "/portrait")
    phone.select_option("#association", "jardin-des-tilleuls")
    phone.check("input[name=genre][value=portrait]")
    phone.fill("#titre", "Yasmine, la voisine des semis")
    phone.fill("#qui", "habitante du Moulin, elle donne ses graines")
    phone.fill("#texte", "« Une graine, ça se partage. »")
    phone.fill("#personne", "Yasmine")
    phone.check("input[name=accord_personne]")
    phone.click("button[type=submit]")
    received(phone)
    link = phone.locator("#lien-retrait").inner_text()
    assert link.startswith(base + "/retrait/")
    for page in (None, link):
        if page:
            phone.goto(page)
        phone.add_script_tag(path=str(axe_script()))
        result = phone.evaluate("async () => await axe.run(document)")
        assert result["violations"] == [], json.dumps([(v["id"], v["help"]) for v in result["violations"]])
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert "Yasmine, la voisine des semis" in phone.content()
    assert phone.locator("button.danger").inner_text() == "Retirer mon portrait"


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
                                  "/confidentialite", "/introuvable", "/annonce", "/contact", "/portrait",
                                  "/document"])  # fmt: skip
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


def test_a_simple_event_takes_at_most_three_screens_and_dates_are_read_in_french(phone, bridge_server):
    base, data = bridge_server
    phone.set_viewport_size({"width": 360, "height": 640})
    phone.goto(base + "/evenement")
    phone.select_option("#association", "atelier-velo")
    phone.fill("#titre", "Soirée jeux")
    phone.fill("#date", "22 décembre")
    phone.fill("#heure_debut", "18:00")
    phone.fill("#heure_fin", "20:00")
    height = phone.evaluate("document.documentElement.scrollHeight")
    assert height <= 3 * 640, f"{height} px: more than three screens"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("button[type=submit]")
    received(phone)
    assert "mardi 22 décembre 2026, 18 h – 20 h" in phone.locator(".understood").inner_text()


def test_only_the_chosen_frequency_shows_its_fields(phone, bridge_server):
    base, _ = bridge_server
    phone.goto(base + "/evenement")
    monthly, weekly = phone.locator("#jour_du_mois"), phone.locator("input[name=jours][value=mardi]")
    assert not monthly.is_visible() and not weekly.is_visible() and not phone.locator("#sans_seance").is_visible()
    phone.check("input[name=repetition][value=chaque_semaine]")
    assert weekly.is_visible() and not monthly.is_visible() and phone.locator("#sans_seance").is_visible()
    phone.check("input[name=repetition][value=chaque_mois]")
    assert monthly.is_visible() and not weekly.is_visible()


def test_without_javascript_every_field_is_there_and_the_form_works(browser, bridge_server):
    base, data = bridge_server
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/evenement")
    assert page.locator("#jour_du_mois").is_visible() and page.locator("#sans_seance").is_visible()
    page.select_option("#association", "atelier-velo")
    page.fill("#titre", "Permanence du jeudi")
    page.fill("#date", "3/12/2026")
    page.fill("#heure_debut", "09:00")
    page.check("input[name=repetition][value=chaque_semaine]")
    page.check("input[name=jours][value=jeudi]")
    page.fill("#sans_seance", "24/12\n31 décembre")
    page.click("button[type=submit]")
    link = received(page)
    assert not page.locator("[data-copy]").is_visible()  # no script: no button that does nothing
    assert page.locator(".tracking").inner_text() == link  # the link itself, as text to select
    assert "sauf le 24 décembre 2026 et le 31 décembre 2026" in page.locator(".understood").inner_text()
    context.close()


def test_the_receipt_fits_and_its_link_is_copied_or_shared(browser, bridge_server):
    base, _ = bridge_server
    context = browser.new_context(viewport={"width": 360, "height": 640})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    page = context.new_page()
    page.goto(base + "/actualite")
    page.select_option("#association", "jardin-des-tilleuls")
    page.fill("#titre", "Un titre assez long pour la page de reçu")
    page.fill("#texte", "Le texte.")
    page.click("button[type=submit]")
    link = received(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    assert not page.locator("[data-share]").is_visible()  # this browser has no Web Share
    page.click("text=Copier le lien")
    assert page.evaluate("navigator.clipboard.readText()") == link
    assert "Lien copié" in page.locator(".copy-status").inner_text()
    # The copy button works under the bridge's real Content-Security-Policy (no bypass_csp here), which
    # refuses an injected <script>: axe-core is evaluated through the DevTools protocol instead.
    page.evaluate(axe_script().read_text(encoding="utf-8"))
    assert page.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
    context.close()


def test_the_share_button_hands_the_link_to_the_phone(browser, bridge_server):
    base, _ = bridge_server
    context = browser.new_context(viewport={"width": 360, "height": 640})
    context.add_init_script(
        "Object.defineProperty(Navigator.prototype, 'share', {configurable: true, value: "
        "(data) => { window.shared = data; return Promise.resolve(); }});"
    )
    page = context.new_page()
    page.goto(base + "/actualite")
    page.select_option("#association", "jardin-des-tilleuls")
    page.fill("#titre", "À partager")
    page.fill("#texte", "Le texte.")
    page.click("button[type=submit]")
    link = received(page)
    page.click("button:has-text('Partager')")
    assert page.evaluate("window.shared") == {"title": "Suivi de ma proposition", "url": link}
    context.close()


def test_the_home_offers_eight_large_labelled_buttons(phone, bridge_server):
    base, _ = bridge_server
    phone.goto(base + "/")
    boxes = [phone.locator(".choice").nth(i).bounding_box() for i in range(phone.locator(".choice").count())]
    assert len(boxes) == 9  # news, event, petite annonce, portrait, document, edit, cancel, card, new association
    assert all(b["height"] >= 64 and b["width"] >= 300 for b in boxes), boxes
    names = phone.locator(".choice-title").all_inner_texts()
    assert names[:2] == ["Une actualité", "Un événement"]
