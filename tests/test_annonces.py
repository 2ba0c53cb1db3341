"""Petites annonces (placette/model/annonces.py, plugins/placette_annonces): an
expired annonce is never shown (two pinned days), the lists, the feeds read by
real clients, the open data with its schema, make check's messages, and the
reply form relayed to a real SMTP server on loopback without the address ever
being shown."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import jsonschema
import lxml.html
import pytest

from placette.model.annonces import parse_annonce
from placette.model.settings import portal_config, read_pelican_settings
from tests.bridge_client import submit
from tests.clients import free_port
from tests.conftest import FIXTURES, ROOT, build_site
from tests.feedcheck import atom_problems, rss_problems
from tests.smtp_server import smtp_server
from tests.test_mail import make_app, queue_of

CONFIG = portal_config(read_pelican_settings(ROOT / "pelicanconf.py"))
CURRENT = "associations/jardin-des-tilleuls/annonces/2026-11-20-cherche-jardiniers/"
EXPIRED = "associations/jardin-des-tilleuls/annonces/2026-10-02-donne-graines/"  # 30 days: shown until 1 November


def every_text(out: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(out.rglob("*"))
                     if p.is_file() and p.suffix in (".html", ".xml", ".json", ".ics", ".txt"))  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("today", "shown", "gone"),
    [
        ("2026-11-01", [EXPIRED], [CURRENT]),  # the current one is not published yet
        ("2026-11-02", [], [EXPIRED, CURRENT]),  # the day after the default 30 days
        ("2026-12-10", [CURRENT], [EXPIRED]),  # its last day
        ("2026-12-11", [], [CURRENT, EXPIRED]),  # the next day's build
    ],
)
def test_an_annonce_is_shown_until_its_last_day_and_never_after(tmp_path, today, shown, gone):
    build = build_site(FIXTURES / "mini", tmp_path / "out", today=today)
    text = every_text(build.output)
    titles = {EXPIRED: "Des graines de tomates à donner", CURRENT: "Des jardiniers pour les bacs du printemps"}
    for url in shown:
        assert (build.output / url / "index.html").exists()
        assert titles[url] in build.read("annonces/index.html")
        assert titles[url] in build.read("feeds/annonces.atom.xml")
        assert url in build.read("donnees/annonces.json")
    for url in gone:
        assert not (build.output / url).exists(), url
        assert titles[url] not in text, url  # no list, feed, open data or search page names it
    assert not build.errors()


def test_the_lists_the_feeds_and_the_open_data(mini_build):
    out = mini_build.output
    assert (out / CURRENT / "index.html").exists() and not (out / EXPIRED).exists()
    for page in (
        "annonces/index.html",
        "annonces/themes/environnement/index.html",
        "annonces/quartiers/les-tilleuls/index.html",
        "associations/jardin-des-tilleuls/annonces/index.html",
    ):
        tree = lxml.html.fromstring(mini_build.read(page))
        links = [a.get("href") for a in tree.iterfind(".//main//h3/a")]
        assert len(links) == 1 and links[0].endswith("2026-11-20-cherche-jardiniers/"), (page, links)
    listing = lxml.html.fromstring(mini_build.read("annonces/index.html"))
    assert listing.find(".//main//h2").text_content() == "Cherche bénévoles"
    for name in ("annonces.atom.xml", "annonces.rss.xml"):
        path = out / "feeds" / name
        assert (atom_problems if name.endswith("atom.xml") else rss_problems)(path) == []
        parsed = feedparser.parse(path.read_bytes())
        assert [e.title for e in parsed.entries] == ["Cherche bénévoles : Des jardiniers pour les bacs du printemps"]
        assert parsed.entries[0].link.endswith(CURRENT)
    data = json.loads(mini_build.read("donnees/annonces.json"))
    jsonschema.validate(data, json.loads(mini_build.read("donnees/schemas/annonces-1.0.schema.json")))
    (record,) = data["annonces"]
    assert record["genre"] == "cherche bénévoles" and record["expire"] == "2026-12-10"
    assert record["quartier"] == "Les Tilleuls"  # the association's, the annonce gives none
    assert "annonces.atom.xml" in mini_build.read("abonnement/index.html")


def test_the_annonce_page_never_shows_an_address_and_links_to_the_bridge(mini_build):
    page = mini_build.read(CURRENT + "index.html")
    assert "jardin@example.org" not in page and "mailto:" not in page
    tree = lxml.html.fromstring(page)
    (button,) = [a for a in tree.iterfind(".//main//a") if a.text_content() == "Écrire un message"]
    assert button.get("href") == ("http://127.0.0.1:8080/contact-annonce?annonce="
                                  "jardin-des-tilleuls/2026-11-20-cherche-jardiniers")  # fmt: skip


HEADER = "---\ntitre: Prêt d'une salle\ngenre: donne / prête\ndate: 2026-11-20\n"


@pytest.mark.parametrize(
    ("header", "body", "words"),
    [
        ("expire: 2027-03-01\n", "Texte.", "une annonce reste 90 jours au plus : le 18/02/2027 au plus tard"),
        ("expire: 2026-11-01\n", "Texte.", "le 01/11/2026 est avant la date de l'annonce"),
        ("", "Écrivez à marie@example.org.", "pas d'adresse de courriel ni de téléphone"),
        ("", "Appelez le 06 12 34 56 78.", "pas d'adresse de courriel ni de téléphone"),
        ("", "", "le texte est vide"),
    ],
)
def test_make_check_says_what_is_wrong_in_french(tmp_path, header, body, words):
    path = tmp_path / "annonces" / "2026-11-20-salle.md"
    item, problems = parse_annonce(f"{HEADER}{header}---\n{body}\n".encode(), "a.md", path, CONFIG, tmp_path, "x")
    assert item is None and any(words in p.message for p in problems), problems


def test_a_wrong_kind_names_the_three_kinds(tmp_path):
    text = HEADER.replace("donne / prête", "vend") + "---\nTexte.\n"
    _, problems = parse_annonce(text.encode(), "a.md", tmp_path / "a" / "b-c.md", CONFIG, tmp_path, "x")
    assert [p.message for p in problems] == ["« vend » n'est pas un genre d'annonce (écrivez « cherche bénévoles », "
                                             "« donne / prête », « recherche »)"]  # fmt: skip


@pytest.fixture
def relay():
    port = free_port()
    with smtp_server(port) as inbox:
        yield port, inbox


def test_a_reply_reaches_the_association_through_the_queue(portal_repository, tmp_path, relay):
    port, inbox = relay
    app = make_app(portal_repository, tmp_path / "bridge", port)
    url = "/contact-annonce?annonce=jardin-des-tilleuls/2026-11-20-cherche-jardiniers"
    page = app.test_client().get(url).get_data(as_text=True)
    assert "Des jardiniers pour les bacs du printemps" in page and "jardin@example.org" not in page
    response = submit(app.test_client(), url, {"message": "Je peux venir le samedi.", "nom": "Karim",
                                               "courriel": "karim@example.org"})  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    assert "jardin@example.org" not in response.get_data(as_text=True)
    assert queue_of(app).send_due() == 1
    ((_, recipients, message, _),) = inbox.received
    assert recipients == ["jardin@example.org"]  # the card's address, looked up by the bridge
    assert message["Reply-To"].addresses[0].addr_spec == "karim@example.org"
    assert "Je peux venir le samedi." in message.get_content()
    assert "Des jardiniers pour les bacs du printemps" in message["Subject"]


@pytest.mark.parametrize("annonce", ["jardin-des-tilleuls/2026-10-02-donne-graines", "jardin-des-tilleuls/absente",
                                     "../../etc/passwd", "atelier-velo/2026-11-20-cherche-jardiniers"])  # fmt: skip
def test_an_expired_or_unknown_annonce_takes_no_message(portal_repository, tmp_path, relay, annonce):
    app = make_app(portal_repository, tmp_path / "bridge", relay[0])
    response = app.test_client().get(f"/contact-annonce?annonce={annonce}")
    assert response.status_code == 404 and "plus en ligne" in response.get_data(as_text=True)
    assert app.test_client().post("/contact-annonce", data={"annonce": annonce, "message": "x"}).status_code == 404
    assert queue_of(app).pending() == []


@pytest.mark.slow
def test_newsboat_reads_the_annonces_feeds(mini_build, tmp_path):
    """newsboat (Debian's package), as for the other feeds: each entry opens the annonce's page."""
    import shutil
    import sqlite3
    import subprocess

    if not shutil.which("newsboat"):
        pytest.skip("newsboat est absent : apt-get install newsboat")
    (tmp_path / "config").write_text("", encoding="utf-8")
    for number, name in enumerate(("annonces.atom.xml", "annonces.rss.xml")):
        (tmp_path / "urls").write_text(f'"exec:cat {mini_build.output / "feeds" / name}"\n', encoding="utf-8")
        cache = tmp_path / f"cache-{number}.db"
        subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config"),
                        "-x", "reload"], check=True, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})  # fmt: skip
        with sqlite3.connect(cache) as db:
            items = db.execute("SELECT title, url FROM rss_item").fetchall()
        assert items == [("Cherche bénévoles : Des jardiniers pour les bacs du printemps",
                          "http://127.0.0.1:8000/" + CURRENT)], name  # fmt: skip


def test_the_gazette_lists_the_current_annonces_of_its_edition(mini_build):
    whole = lxml.html.fromstring(mini_build.read("gazette/index.html"))
    (section,) = whole.xpath("//section[@aria-labelledby='g-annonces']")
    text = " ".join(section.text_content().split())
    assert "Cherche bénévoles : Des jardiniers pour les bacs du printemps — Jardin des Tilleuls" in text
    assert "graines" not in mini_build.read("gazette/index.html")  # expired
    assert "Des jardiniers" in mini_build.read("gazette/les-tilleuls/index.html")
    assert "Des jardiniers" not in mini_build.read("gazette/le-moulin/index.html")  # another sub-neighbourhood


# -- the bridge's form ------------------------------------------------------------------------------
ANNONCE_FORM = {"association": "jardin-des-tilleuls", "genre": "donne / prête", "titre": "Des pots de fleurs",
                "texte": "Une vingtaine de pots en terre cuite.", "duree": "60", "auteur": "Nadia"}  # fmt: skip


def test_the_bridge_form_writes_an_annonce_the_build_reads(bridge_app):
    from tests.bridge_client import branches, show

    client = bridge_app.test_client()
    page = client.get("/annonce").get_data(as_text=True)
    assert "N'écrivez ni courriel ni téléphone" in page and 'value="cherche bénévoles"' in page
    response = submit(client, "/annonce", ANNONCE_FORM)
    assert response.status_code == 201, response.get_data(as_text=True)[:2000]
    receipt = " ".join(lxml.html.fromstring(response.get_data(as_text=True)).text_content().split())
    assert "du dimanche 22 novembre 2026 au jeudi 21 janvier 2027" in receipt  # 60 days, said back
    (branch,) = branches(bridge_app)
    path = "associations/jardin-des-tilleuls/annonces/2026-11-22-des-pots-de-fleurs.md"
    written = show(bridge_app, branch, path)
    item, problems = parse_annonce(written, path, ROOT / path, CONFIG, ROOT, "jardin-des-tilleuls")
    assert problems == [] and item.annonce.kind == "donne-prete"
    assert str(item.annonce.expires) == "2027-01-21"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"texte": "Appelez-moi au 06 12 34 56 78."}, "texte", "pas d'adresse de courriel ni de téléphone"),
        ({"duree": "365"}, "duree", "combien de temps"),
        ({"genre": "vend"}, "genre", "n'est pas un genre d'annonce"),
        ({"association": ""}, "association", "choisissez votre association"),
    ],
)
def test_the_bridge_form_says_each_problem_next_to_its_field(bridge_app, changes, field, words):
    from tests.bridge_client import branches

    response = submit(bridge_app.test_client(), "/annonce", {**ANNONCE_FORM, **changes})
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400 and words in html
    assert f'<a href="#{field}">' in html
    assert branches(bridge_app) == []
