"""Issue 18: the bridge (forms, receipts, e-mails) and the review pages in every
interface language.

- In the pseudo-locale every page of the bridge -- each form, a form sent back
  with its problems, the receipt, the tracking page, the withdrawal page, the
  contact forms, the error pages -- and every review page (the routes of the
  permission matrix, tests/test_review_matrix.py) shows no French interface
  text (tests/i18n_leaks.py).
- The language comes from `?langue=`, then Accept-Language, then French; links
  and forms keep it; a link from the static site's Arabic page opens the Arabic form.
- The receipt e-mail of a proposal made in Arabic is in Arabic, and so is the
  message after the review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from placette.i18n.languages import PSEUDO, language
from tests.bridge_client import branches, submit, tokens
from tests.browser import axe_script
from tests.clients import free_port, start_server
from tests.i18n_leaks import leaks
from tests.smtp_server import smtp_server
from tests.test_mail import make_app

NEWS = {"association": "jardin-des-tilleuls", "date": "2026-11-22", "titre": "Le jardin rouvre", "texte": "Texte."}
ACCOUNTS = ("lea", "relecteur"), ("sam", "referent"), ("root", "admin")


def write_accounts(app) -> None:
    digest = PasswordHasher().hash("motdepasse-1")
    path = Path(app.config["ACCOUNTS_FILE"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f'[comptes.{login}]\nnom = "{login.capitalize()}"\nroles = ["{role}"]\n'
                            f'mot_de_passe = "{digest}"\n' for login, role in ACCOUNTS), encoding="utf-8")  # fmt: skip


def login(app, who: str, lang: str = PSEUDO):
    client = app.test_client()
    page = client.get(f"/relecture/connexion?langue={lang}").get_data(as_text=True)
    answer = client.post(f"/relecture/connexion?langue={lang}", data={**_csrf(page), "identifiant": who,
                                                                      "mot_de_passe": "motdepasse-1"})  # fmt: skip
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]
    return client


def _csrf(html: str) -> dict:
    return {"csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1)}


@pytest.fixture(scope="module")
def app(portal_repository, tmp_path_factory):
    from bridge import create_app

    data = tmp_path_factory.mktemp("i18n-passerelle") / "bridge"
    # with e-mail settings (a relay nobody listens to: nothing is sent here), so the forms ask for an
    # address and the contact form is open
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCE_REPOSITORY": str(portal_repository),
                      "FORM_MIN_AGE": 0, "RATE_LIMIT": (1000, 300), "SMTP_HOST": "127.0.0.1", "SMTP_PORT": free_port(),
                      "SMTP_SECURITY": "aucune", "SMTP_SENDER": "portail@quartier.example.org",
                      "PUBLIC_URL": "https://proposer.quartier.example.org/", "CONTACT_TO": "equipe@quartier.example.org",
                      "INTERFACE_LANGUAGES": ["fr", "ar", "en", PSEUDO]})  # fmt: skip
    write_accounts(app)
    return app


def checked(response, status: int = 200) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status, html[:3000]
    return html


def assert_translated(html: str, where: str) -> None:
    assert re.search(rf'<html lang="{PSEUDO}" dir="ltr">', html), where
    found = leaks(html)
    assert found == [], f"{where} : texte français non traduit : {found}"


# -- the volunteers' pages -------------------------------------------------------------------------------
FORM_PAGES = [
    "/", "/confidentialite", "/actualite", "/evenement", "/annonce", "/portrait", "/document", "/nouvelle-association",
    "/fiche", "/fiche?association=jardin-des-tilleuls", "/annuler", "/annuler?association=jardin-des-tilleuls",
    "/modifier", "/modifier?association=jardin-des-tilleuls", "/contact", "/contact-annonce?annonce=inconnue",
    "/page-qui-n-existe-pas",
]  # fmt: skip


@pytest.mark.parametrize("path", FORM_PAGES)
def test_every_bridge_page_is_translated(app, path):
    client = app.test_client()
    separator = "&" if "?" in path else "?"
    response = client.get(f"{path}{separator}langue={PSEUDO}")
    html = response.get_data(as_text=True)
    assert response.status_code in (200, 404), html[:2000]
    assert_translated(html, path)


def test_the_bridge_offers_every_route_to_this_test():
    """A new page of the bridge for volunteers must be walked here too."""
    from bridge import create_app

    rules = {r.rule for r in create_app({"TESTING": True}).url_map.iter_rules()
             if not r.endpoint.startswith(("relecture.", "static"))}  # fmt: skip
    walked = {p.split("?")[0] for p in FORM_PAGES} | {
        "/suivi/<token>", "/suivi/<token>/corriger", "/suivi/<token>/retirer", "/retrait/<token>",
        "/contact-annonce", "/document/<token>",  # walked below, with a proposal
    }  # fmt: skip
    assert rules - walked == set()


@pytest.mark.parametrize(
    "path, form",
    [
        ("/actualite", {"association": "", "titre": "", "date": "31/02/2026", "courriel_contact": "pas-une-adresse"}),
        ("/evenement", {"association": "jardin-des-tilleuls", "titre": "Atelier", "date": "demain peut-être",
                        "heure_debut": "25:99", "repetition": "chaque_semaine", "jusqu_au": "hier"}),
        ("/nouvelle-association", {"nom": "", "telephone": "12", "site": "jardin", "courriel": "x@",
                                   "horaires_lundi": "9h-8h"}),
        ("/annonce", {"association": "jardin-des-tilleuls", "titre": "", "duree": ""}),
        ("/portrait", {"association": "jardin-des-tilleuls", "genre": "", "titre": ""}),
        ("/contact", {"sujet": "", "message": "", "courriel": "pas-une-adresse"}),
    ],
)  # fmt: skip
def test_a_form_sent_back_with_its_problems_is_translated(app, path, form):
    client = app.test_client()
    answer = submit(client, f"{path}?langue={PSEUDO}", form)
    html = checked(answer, 400)
    assert 'class="error-summary"' in html
    assert_translated(html, f"{path} (erreurs)")


def test_receipt_tracking_correction_and_withdrawal_are_translated(app):
    client = app.test_client()
    answer = submit(client, f"/actualite?langue={PSEUDO}", NEWS)
    receipt = checked(answer, 201)
    assert_translated(receipt, "reçu")
    shown = re.search(r'id="lien-suivi">([^<]+)<', receipt).group(1)
    assert shown.endswith(f"?langue={PSEUDO}")  # the tracking link opens in the language of the form
    link = re.search(r"(/suivi/[A-Za-z0-9_-]+)", shown).group(1)
    assert_translated(checked(client.get(f"{link}?langue={PSEUDO}")), "suivi")
    assert_translated(checked(client.get(f"{link}/corriger?langue={PSEUDO}")), "corriger")
    page = client.get(f"{link}?langue={PSEUDO}").get_data(as_text=True)
    withdrawn = client.post(f"{link}/retirer?langue={PSEUDO}", data=tokens(page))
    assert withdrawn.status_code in (200, 303)
    assert_translated(checked(client.get(f"{link}?langue={PSEUDO}")), "suivi (retirée)")


def test_a_portrait_s_withdrawal_page_is_translated(app):
    client = app.test_client()
    receipt = checked(submit(client, f"/portrait?langue={PSEUDO}", {
        "association": "jardin-des-tilleuls", "genre": "portrait", "titre": "Nadia répare tout", "qui": "voisine",
        "texte": "« Mes mots. »", "personne": "Nadia", "accord_personne": "oui"}), 201)  # fmt: skip
    assert_translated(receipt, "reçu du portrait")
    withdrawal = re.search(r'id="lien-retrait">[^<]*(/retrait/[A-Za-z0-9_-]+)', receipt).group(1)
    page = checked(client.get(f"{withdrawal}?langue={PSEUDO}"))
    assert_translated(page, "retrait")
    refused = client.post(f"{withdrawal}?langue={PSEUDO}", data={**_csrf(page), **tokens(page)})
    assert_translated(checked(refused, 400), "retrait sans confirmation")


def test_error_pages_are_translated(app):
    client = app.test_client()
    assert_translated(checked(client.get(f"/suivi/inconnu?langue={PSEUDO}"), 404), "suivi inconnu")
    assert_translated(checked(client.post(f"/actualite?langue={PSEUDO}", data={}), 403), "formulaire sans jeton")


# -- the review pages ------------------------------------------------------------------------------------
def test_every_review_page_is_translated(app):
    """The review routes of the permission matrix, as an admin (who sees everything) in the pseudo-locale."""
    from tests.test_review_matrix import ROUTES

    volunteer = app.test_client()
    submit(
        volunteer, "/actualite", {**NEWS, "titre": "À relire", "facile_titre": "Facile", "facile_texte": "Une phrase."}
    )
    submit(volunteer, "/fiche?association=jardin-des-tilleuls", {
        "association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
        "resume": "Un jardin.", "quartier": "Les Tilleuls", "telephone": "01 99 00 10 07"})  # fmt: skip
    admin = login(app, "root")
    anonymous = app.test_client()
    assert_translated(checked(anonymous.get(f"/relecture/connexion?langue={PSEUDO}")), "connexion")
    refused = anonymous.post(f"/relecture/connexion?langue={PSEUDO}", data={
        **_csrf(anonymous.get(f"/relecture/connexion?langue={PSEUDO}").get_data(as_text=True)),
        "identifiant": "root", "mot_de_passe": "faux"})  # fmt: skip
    assert_translated(refused.get_data(as_text=True), "connexion refusée")
    queue = checked(admin.get(f"/relecture/?langue={PSEUDO}"))
    assert_translated(queue, "file")
    shown = {"file"}
    for branch in sorted(set(re.findall(r'href="/relecture/proposition/([^"?]+)', queue))):
        assert_translated(checked(admin.get(f"/relecture/proposition/{branch}?langue={PSEUDO}")), branch)
        shown.add("voir")
    assert_translated(checked(admin.get(f"/relecture/publiees?langue={PSEUDO}")), "publiees")
    assert_translated(checked(admin.get(f"/relecture/import?langue={PSEUDO}")), "import")
    shown |= {"publiees", "import"}
    branch = sorted(b for b in branches(app) if "le-jardin-rouvre" in b or "a-relire" in b)[0]
    page = admin.get(f"/relecture/proposition/{branch}?langue={PSEUDO}").get_data(as_text=True)
    head = re.search(r'name="commit" value="([0-9a-f]+)"', page).group(1)
    asked = admin.post(f"/relecture/proposition/{branch}/refuser?langue={PSEUDO}",
                       data={**_csrf(page), "commit": head, "clause": "C2", "motif": "Hors sujet"})  # fmt: skip
    assert_translated(checked(asked), "refuser : confirmer")
    corrected = admin.post(f"/relecture/proposition/{branch}/corriger?langue={PSEUDO}",
                           data={**_csrf(page), "commit": head, "motif": "Ajoutez l'heure."})  # fmt: skip
    assert_translated(checked(corrected), "décision")
    empty = admin.post(f"/relecture/refuser-en-lot?langue={PSEUDO}", data={**_csrf(page), "clause": "C2"})
    assert_translated(empty.get_data(as_text=True), "lot sans proposition")
    shown |= {"refuser", "corriger", "lot"}
    # the other routes answer files (preview, photo, document, feed) or act (approve, alert, FALC, take back)
    assert {"apercu", "photo", "document", "flux", "approuver", "prevenir", "relu-falc", "retirer"} | shown == set(
        ROUTES
    )


# -- choosing the language -------------------------------------------------------------------------------
def test_the_language_comes_from_the_address_then_the_browser_then_french(app):
    client = app.test_client()
    assert '<html lang="fr" dir="ltr">' in client.get("/actualite").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in client.get("/actualite?langue=ar").get_data(as_text=True)
    for header, lang in [("ar-MA,ar;q=0.9,fr;q=0.5", "ar"), ("en-GB,en;q=0.8", "en"), ("de-DE,de;q=0.9", "fr"),
                         ("de;q=0.9,en;q=0.5,ar;q=0.4", "en"), ("", "fr"), (PSEUDO, "fr")]:  # fmt: skip
        html = client.get("/actualite", headers={"Accept-Language": header}).get_data(as_text=True)
        assert f'<html lang="{lang}"' in html, header
    html = client.get("/actualite?langue=en", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html  # the address wins
    html = client.get("/actualite?langue=xx", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html  # an unknown language in the address is not a choice


def test_links_forms_and_the_switcher_keep_the_language(app):
    client = app.test_client()
    home = client.get("/?langue=ar").get_data(as_text=True)
    links = re.findall(r'<a class="choice" href="([^"]+)"', home)
    assert links and all("langue=ar" in link for link in links)
    form = client.get("/fiche?langue=ar").get_data(as_text=True)
    assert '<input type="hidden" name="langue" value="ar">' in form  # a GET form starts a new query string
    switcher = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', home, re.S).group(1)
    assert 'href="/?langue=fr" lang="fr" hreflang="fr">français<' in switcher
    assert f'href="/?langue=en" lang="en" hreflang="en">{language("en").name}<' in switcher
    assert '<span lang="ar" translate="no" aria-current="true">العربية</span>' in switcher
    assert PSEUDO not in switcher  # the tests' language is never offered to a resident
    answer = submit(client, "/actualite?langue=ar", NEWS)
    assert '<html lang="ar" dir="rtl">' in checked(answer, 201)


def test_text_inputs_follow_what_is_typed(app):
    html = app.test_client().get("/evenement?langue=ar").get_data(as_text=True)
    for name in ("titre", "lieu_nom", "lieu_adresse", "prix", "auteur"):
        assert re.search(rf'<input id="{name}" name="{name}" type="text"[^>]* dir="auto"', html), name
    for name in ("texte", "sans_seance"):
        assert re.search(rf'<textarea id="{name}" name="{name}"[^>]* dir="auto"', html), name
    assert re.search(r'<input id="heure_debut" name="heure_debut" type="time"[^>]* dir="ltr"', html)


def test_the_portal_s_words_are_offered_in_the_reader_s_language(app):
    """Themes and audiences are the portal's words (placette/i18n/vocabulary.py): the
    Arabic form offers them in Arabic and still sends the French value the files hold."""
    client = app.test_client()
    arabic = client.get("/evenement?langue=ar").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" name="themes" value="santé"[^>]*> <span>الصحة</span>', arabic)
    assert ">santé<" not in arabic
    french = client.get("/evenement").get_data(as_text=True)
    assert re.search(r'<input type="checkbox" name="themes" value="santé"[^>]*> <span>santé</span>', french)


def test_french_pages_and_check_messages_stay_french(app):
    """The default language says what it always said: the problems are the model's own French sentences."""
    client = app.test_client()
    html = checked(submit(client, "/actualite", {"association": "", "titre": "", "date": "31/02/2026"}), 400)
    assert "« 31/02/2026 » n&#39;existe pas : le 31 février 2026 n&#39;est pas dans le calendrier" in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'lang="fr"' not in main  # nothing marked as foreign in a French page
    arabic = checked(
        submit(client, "/actualite?langue=ar", {"association": "", "titre": "", "date": "31/02/2026"}), 400
    )
    assert "n&#39;existe pas" not in arabic and "31/02/2026" in arabic


def test_a_link_from_the_static_arabic_page_opens_the_arabic_form(app):
    """The static site's pages in Arabic link to the bridge with their language (placette/i18n/links.bridge_link)."""
    from placette.i18n.links import bridge_link

    url = bridge_link("http://127.0.0.1:8080/contact-annonce?annonce=x", "ar")
    assert url == "http://127.0.0.1:8080/contact-annonce?annonce=x&langue=ar"
    assert bridge_link("http://127.0.0.1:8080/contact?sujet=accessibilite", "fr") == (
        "http://127.0.0.1:8080/contact?sujet=accessibilite"
    )
    path = url.split("8080", 1)[1]
    html = app.test_client().get(path).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html


# -- e-mails ---------------------------------------------------------------------------------------------
@pytest.fixture
def relay():
    port = free_port()
    with smtp_server(port) as inbox:
        yield port, inbox


@pytest.fixture
def mail_app(portal_repository, tmp_path, relay):
    app = make_app(portal_repository, tmp_path / "bridge", relay[0], INTERFACE_LANGUAGES=["fr", "ar", "en"])
    write_accounts(app)
    return app


def test_the_receipt_and_the_decision_are_mailed_in_the_volunteer_s_language(mail_app, relay):
    _, inbox = relay
    client = mail_app.test_client()
    receipt = checked(submit(client, "/actualite?langue=ar", {**NEWS, "titre": "حديقة الحي",
                                                              "courriel_contact": "nadia@example.org"}), 201)  # fmt: skip
    assert mail_app.extensions["placette"].pipeline.mail.send_due() == 1
    ((_, _, message, _),) = inbox.received
    body = message.get_content()
    assert message["Subject"] == "وصل اقتراحك « حديقة الحي »"
    assert "مرحبًا" in body and "Bonjour" not in body and "Ce message" not in body
    shown = re.search(r'id="lien-suivi">([^<]+)<', receipt).group(1)
    assert shown.endswith("?langue=ar") and shown in body  # the link opens the tracking page in Arabic
    # the reviewer's decision goes out in Arabic too: the language was kept with the address
    reviewer = login(mail_app, "lea", "fr")
    (branch,) = branches(mail_app)
    page = reviewer.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    head = re.search(r'name="commit" value="([0-9a-f]+)"', page).group(1)
    reviewer.post(f"/relecture/proposition/{branch}/corriger", data={**_csrf(page), "commit": head,
                                                                     "motif": "Ajoutez l'heure."})  # fmt: skip
    assert mail_app.extensions["placette"].pipeline.mail.send_due() == 1
    decision = inbox.received[-1][2]
    assert decision["Subject"] == "اقتراحك « حديقة الحي » بحاجة إلى تصحيح"
    assert "Ajoutez l'heure." in decision.get_content()  # the reviewer's own words, as written
    assert "Bonjour" not in decision.get_content()


def test_a_french_proposal_is_mailed_in_french_as_before(mail_app, relay):
    _, inbox = relay
    checked(submit(mail_app.test_client(), "/actualite", {**NEWS, "courriel_contact": "nadia@example.org"}), 201)
    assert mail_app.extensions["placette"].pipeline.mail.send_due() == 1
    message = inbox.received[0][2]
    assert message["Subject"] == "Votre proposition « Le jardin rouvre » est bien arrivée"
    assert (
        message.get_content()
        .replace("\r\n", "\n")
        .startswith("Bonjour,\n\nVotre proposition « Le jardin rouvre » (actualité) est bien")
    )
    assert "langue=" not in message.get_content()


# -- right to left in a browser ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(portal_repository, tmp_path_factory):
    """The real bridge (waitress), in its default languages: every language with a catalogue."""
    data, port = tmp_path_factory.mktemp("i18n-navigateur") / "data", free_port()
    data.mkdir(parents=True)
    (data / "comptes.toml").write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("motdepasse-1")}"\n'
    )
    process = start_server(data, portal_repository, port)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(20)


def audited(page) -> list:
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.browser
def test_the_arabic_news_form_at_360_px(browser, server):
    # axe-core is injected as a script: the bridge's Content-Security-Policy is bypassed for the audit
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True, locale="ar")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + "/actualite")  # the browser asks for Arabic (Accept-Language: ar)
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.locator("h1").inner_text() == "اقتراح خبر"
    assert audited(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # the form reads right to left; a French name typed in it keeps its own direction
    assert page.evaluate("getComputedStyle(document.querySelector('label[for=titre]')).direction") == "rtl"
    page.select_option("#association", "jardin-des-tilleuls")
    page.fill("#titre", "Fête des 14 Meuniers")
    assert page.evaluate("getComputedStyle(document.querySelector('#titre')).direction") == "ltr"  # dir="auto"
    page.fill("#texte", "الحديقة مفتوحة يوم السبت.")
    assert page.evaluate("getComputedStyle(document.querySelector('#texte')).direction") == "rtl"
    page.fill("#date", "22/11/2026")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "شكرًا، وصل اقتراحك بنجاح"
    assert "الأحد 22 نوفمبر 2026" in page.locator(".understood").inner_text()  # the date read back, in Arabic
    assert page.locator("#lien-suivi").inner_text().endswith("?langue=ar")
    assert audited(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert [r for r in requests if not r.startswith(server)] == []  # no request to another host
    context.close()


@pytest.mark.browser
def test_the_arabic_review_page_at_360_px(browser, server):
    volunteer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    volunteer.goto(server + "/evenement")
    volunteer.select_option("#association", "atelier-velo")
    volunteer.fill("#titre", "Atelier du jeudi")
    volunteer.fill("#date", "3 décembre")
    volunteer.fill("#heure_debut", "17:00")
    volunteer.click("button[type=submit]")
    volunteer.wait_for_load_state("load")
    context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True)
    reviewer = context.new_page()
    reviewer.goto(server + "/relecture/?langue=ar")
    assert audited(reviewer) == []  # the login page
    reviewer.fill("#identifiant", "lea")
    reviewer.fill("#mot_de_passe", "motdepasse-1")
    reviewer.click("button[type=submit]")
    reviewer.wait_for_load_state("load")
    assert reviewer.evaluate("document.documentElement.dir") == "rtl"  # the language was kept through the login
    assert audited(reviewer) == []  # the queue
    reviewer.click("text=Atelier du jeudi")
    reviewer.wait_for_load_state("load")
    assert reviewer.locator("h2#t-decision").inner_text() == "القرار"
    assert reviewer.locator("h1 bdi").inner_text() == "Atelier du jeudi"  # the proposal stays as written
    assert audited(reviewer) == []
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_the_team_reads_a_resident_s_arabic_contact_message_in_french(portal_repository, tmp_path, relay):
    """The resident writes from the Arabic page; the portal team's message around it stays French."""
    port, inbox = relay
    app = make_app(portal_repository, tmp_path / "bridge", port, CONTACT_TO="equipe@quartier.example.org")
    page = app.test_client().get("/contact?langue=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    answer = submit(
        app.test_client(), "/contact?langue=ar", {"sujet": "accessibilite", "message": "لا أستطيع قراءة الصفحة."}
    )
    assert '<html lang="ar" dir="rtl">' in checked(answer, 201)
    assert app.extensions["placette"].pipeline.mail.send_due() == 1
    body = inbox.received[0][2].get_content()
    assert "Message reçu par le formulaire de contact du portail (un problème d'accessibilité" in body
    assert "لا أستطيع قراءة الصفحة." in body
