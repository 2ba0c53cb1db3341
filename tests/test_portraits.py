"""Portraits and stories of the neighbourhood (placette/model/portraits.py,
plugins/placette_portraits, bridge/portraits.py, bridge/consent.py): what the
model refuses and says in French, where the demo's portraits are listed (list,
association page and feed, their own feed read by real clients, gazette,
sitemap, search), that the consent data is never published, and the bridge's
form with the person's consent recorded outside git.

The withdrawal, built end to end, is in tests/test_portraits_withdrawal.py."""

from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

import feedparser
import lxml.html
import pytest
from PIL import Image

from placette.model.portraits import parse_portrait
from placette.model.settings import portal_config, read_pelican_settings
from tests.bridge_client import branches, show, submit
from tests.conftest import ROOT
from tests.feedcheck import atom_problems, rss_problems

CONFIG = portal_config(read_pelican_settings(ROOT / "pelicanconf.py"))
JOSIANE = "associations/centre-socio-culturel-des-quatre-vents/portraits/2026-11-18-josiane-la-memoire-des-tilleuls/"
KARIM = "associations/jardin-partage-des-lavandieres/portraits/2026-06-12-karim-le-jardinier-qui-prete-ses-outils/"
STORY = "associations/club-des-aines-du-champ-fleuri/portraits/2026-10-05-quand-le-champ-fleuri-etait-des-jardins/"
DEMO_CONSENTS = ("3f9a1c07b2e4", "8d20e6b41a9c", "c51b7e9d03f8")


# -- the model ------------------------------------------------------------------------------------
def portrait_file(tmp_path: Path, header: str, body: str = "> « Des mots. »\n", photo: str | None = None) -> tuple:
    folder = tmp_path / "associations" / "asso"
    (folder / "portraits").mkdir(parents=True)
    if photo:
        (folder / photo).parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (8, 8)).save(folder / photo)
    path = folder / "portraits" / "2026-11-20-nadia.md"
    data = f"---\n{header}---\n{body}".encode()
    return parse_portrait(data, "portraits/2026-11-20-nadia.md", path, CONFIG, folder, "asso")


GOOD = "titre: Nadia\ngenre: portrait\ndate: 2026-11-20\nqui: voisine\nconsentement: 0123456789ab\n"


def test_a_valid_portrait_is_read_with_its_kind_and_consent(tmp_path):
    item, problems = portrait_file(tmp_path, GOOD)
    assert problems == []
    assert (item.portrait.kind, item.portrait.consent, item.portrait.who) == ("portrait", "0123456789ab", "voisine")
    assert item.portrait.uid == "asso/2026-11-20-nadia"


@pytest.mark.parametrize(
    ("header", "body", "photo", "field", "words"),
    [
        (GOOD.replace("consentement: 0123456789ab\n", ""), "x\n", None, "consentement", "obligatoire"),
        (GOOD.replace("0123456789ab", "oui"), "x\n", None, "consentement", "n'est pas un numéro de consentement"),
        (GOOD.replace("qui: voisine\n", ""), "x\n", None, "qui", "un portrait dit qui est la personne"),
        (GOOD.replace("genre: portrait", "genre: interview"), "x\n", None, "genre", "« histoire du quartier »"),
        (GOOD, "\n", None, "texte", "écrivez les mots de la personne"),
        (GOOD + "image:\n  fichier: images/nadia.jpg\n  alt: Nadia\n", "x\n", "images/nadia.jpg", "image",
         "les photos d'un portrait vont dans son dossier portraits/2026-11-20-nadia/"),
        (GOOD, "![Nadia](images/nadia.jpg)\n", "images/nadia.jpg", "image", "vont dans son dossier"),
    ],
)  # fmt: skip
def test_make_check_says_what_is_wrong_in_french(tmp_path, header, body, photo, field, words):
    item, problems = portrait_file(tmp_path, header, body, photo)
    assert item is None
    assert any(p.field == field and words in p.message for p in problems), problems


def test_a_story_needs_no_who_and_its_photo_in_its_folder_is_accepted(tmp_path):
    header = GOOD.replace("genre: portrait", "genre: histoire du quartier").replace("qui: voisine\n", "")
    header += "image:\n  fichier: portraits/2026-11-20-nadia/lavoir.png\n  alt: Le lavoir\n"
    item, problems = portrait_file(tmp_path, header, photo="portraits/2026-11-20-nadia/lavoir.png")
    assert problems == [] and item.portrait.kind == "histoire"


# -- the demo, built --------------------------------------------------------------------------------
def test_the_list_is_newest_first_with_each_kind(demo_build):
    page = lxml.html.fromstring(demo_build.read("portraits/index.html"))
    links = [a.get("href") for a in page.xpath("//ul[@class='cards']//h2/a")]
    assert [link.split("portraits/")[-1] for link in links] == [
        p.split("portraits/")[-1] for p in (JOSIANE, STORY, KARIM)
    ]
    kinds = [" ".join(k.text_content().split()) for k in page.xpath("//p[@class='portrait-kind']")]
    assert kinds == ["Portrait", "Histoire du quartier", "Portrait"]
    assert page.xpath("//nav[@aria-label='Menu principal']//a[@href='../portraits/' or contains(@href, 'portraits/')]")


def test_the_page_shows_the_words_who_and_the_photo_but_never_the_consent(demo_build):
    page = lxml.html.fromstring(demo_build.read(JOSIANE + "index.html"))
    text = " ".join(page.text_content().split())
    assert "Habitante des Tilleuls depuis 1974" in text
    assert "les arbres de l'allée n'étaient pas plus hauts que moi" in text
    (img,) = page.xpath("//article//img")
    assert img.get("alt").startswith("Dessin d'une tour") and "dessin" in img.get("src")
    assert page.xpath("//article[@data-pagefind-body]")  # in the search index
    everything = "\n".join(p.read_bytes().decode("utf-8", "replace") for p in demo_build.output.rglob("*")
                           if p.is_file() and p.suffix in (".html", ".xml", ".json", ".ics", ".txt", ".js"))  # fmt: skip
    for consent in DEMO_CONSENTS:
        assert consent not in everything
    assert not (demo_build.output / "donnees" / "portraits.json").exists()  # not open data (docs say why)


def test_the_association_page_and_feed_carry_its_portraits(demo_build):
    slug = "centre-socio-culturel-des-quatre-vents"
    page = lxml.html.fromstring(demo_build.read(f"associations/{slug}/index.html"))
    (section,) = page.xpath("//section[@aria-labelledby='titre-portraits']")
    assert "Josiane, la mémoire des Tilleuls" in section.text_content()
    feed = feedparser.parse(demo_build.read(f"associations/{slug}/actualites.atom.xml"))
    assert any(e.link.endswith(JOSIANE) for e in feed.entries)
    other = demo_build.read("associations/plume-et-papiers/index.html")
    assert "titre-portraits" not in other  # no empty section where there is none


def test_the_portraits_feeds_are_valid(demo_build):
    atom = demo_build.output / "feeds" / "portraits.atom.xml"
    rss = demo_build.output / "feeds" / "portraits.rss.xml"
    assert atom_problems(atom) == [] and rss_problems(rss) == []
    entries = feedparser.parse(atom.read_bytes()).entries
    assert [e.title for e in entries] == ["Portrait : Josiane, la mémoire des Tilleuls",
                                         "Portrait : Josiane raconte les Tilleuls",  # its easy-to-read version
                                         "Histoire du quartier : Quand le Champ-Fleuri était des jardins",
                                         "Portrait : Karim, le jardinier qui prête ses outils"]  # fmt: skip
    assert not re.search(r'src="(?!https?://)', entries[0].content[0].value)  # absolute images for readers
    news = demo_build.read("feeds/actualites.atom.xml")
    assert "Josiane" not in news  # a portrait is not news of the whole portal


@pytest.mark.slow
def test_newsboat_reads_the_portraits_feeds(demo_build, tmp_path):
    import shutil
    import subprocess

    assert shutil.which("newsboat"), "newsboat est absent : apt-get install newsboat"
    (tmp_path / "config").write_text("", encoding="utf-8")
    for number, name in enumerate(("portraits.atom.xml", "portraits.rss.xml")):
        (tmp_path / "urls").write_text(f'"exec:cat {demo_build.output / "feeds" / name}"\n', encoding="utf-8")
        cache = tmp_path / f"cache-{number}.db"
        subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config"),
                        "-x", "reload"], check=True, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})  # fmt: skip
        with sqlite3.connect(cache) as db:
            urls = [row[0] for row in db.execute("SELECT url FROM rss_item ORDER BY pubDate DESC")]
        assert urls == ["http://127.0.0.1:8000/" + p for p in (JOSIANE, JOSIANE + "facile/", STORY, KARIM)], name


def test_the_gazette_shows_the_new_ones_only(demo_build):
    whole = lxml.html.fromstring(demo_build.read("gazette/index.html"))
    (section,) = whole.xpath("//p[@class='gazette-portraits']")
    text = " ".join(section.text_content().split())
    assert "portrait « Josiane, la mémoire des Tilleuls »" in text  # 4 days old
    assert "Karim" not in text and "Champ-Fleuri était" not in text  # June, October: not new
    assert "Josiane" in demo_build.read("gazette/les-tilleuls/index.html")
    assert "Josiane" not in demo_build.read("gazette/le-moulin/index.html")


def test_sitemap_previews_and_photos(demo_build):
    sitemap = "".join(p.read_text() for p in demo_build.output.glob("sitemap*.xml"))
    for url in (JOSIANE, STORY, KARIM, "portraits/"):
        assert f"/{url}</loc>" in sitemap, url
    assert (demo_build.output / JOSIANE / "apercu.jpg").is_file()
    assert list((demo_build.output / JOSIANE).glob("dessin-*.webp"))


# -- the bridge ------------------------------------------------------------------------------------
FORM = {"association": "jardin-des-tilleuls", "genre": "portrait", "titre": "Nadia, la voisine qui répare tout",
        "qui": "habitante des Tilleuls, bénévole au jardin", "texte": "> « Je répare, donc je suis. »",
        "personne": "Nadia", "personne_contact": "nadia@example.org", "accord_personne": "oui",
        "photo_alt": "Une caisse à outils", "photo_accord": "oui", "auteur": "Léa"}  # fmt: skip


def jpeg_with_metadata() -> bytes:
    picture, exif = io.BytesIO(), Image.Exif()
    exif[0x010E] = "Nadia Exemple, rue des Tilleuls"  # ImageDescription
    Image.new("RGB", (64, 48), (200, 120, 40)).save(picture, "JPEG", exif=exif, comment=b"Tel 01 99 00 12 34")
    return picture.getvalue()


def test_the_form_records_the_consent_outside_git_and_gives_the_withdrawal_link(bridge_app):
    client = bridge_app.test_client()
    page = client.get("/portrait").get_data(as_text=True)
    assert 'value="histoire du quartier"' in page and "accord_personne" in page
    response = submit(client, "/portrait", FORM, {"photo": (io.BytesIO(jpeg_with_metadata()), "nadia.jpg")})
    html = response.get_data(as_text=True)
    assert response.status_code == 201, html[:2000]
    link = re.search(r'id="lien-retrait">[^<]*(/retrait/[A-Za-z0-9_-]{32})<', html).group(1)
    (branch,) = branches(bridge_app)
    name = "2026-11-22-nadia-la-voisine-qui-repare-tout"
    path = f"associations/jardin-des-tilleuls/portraits/{name}.md"
    written = show(bridge_app, branch, path)
    consent = re.search(rb'^consentement: "?([0-9a-f]{12})"?$', written, re.M).group(1).decode()
    assert b"nadia@example.org" not in written and b"personne" not in written  # only the id is in git
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    files = __import__("tests.bridge_client", fromlist=["git"]).git(repo, "diff", "--name-only", f"main...{branch}")
    (photo,) = [f for f in files.split() if f.endswith(".jpg")]
    assert photo.startswith(f"associations/jardin-des-tilleuls/portraits/{name}/photo-")
    stored = show(bridge_app, branch, photo)
    assert b"Nadia Exemple" not in stored and b"01 99 00" not in stored  # re-encoded, metadata stripped
    assert re.search(f'fichier: "?portraits/{name}/photo-'.encode(), written)
    data = Path(bridge_app.config["DATA_DIR"])
    with sqlite3.connect(data / "consentements.sqlite3") as db:
        row = db.execute("SELECT association, person, contact, via, state, token_hash FROM consents WHERE id = ?",
                         (consent,)).fetchone()  # fmt: skip
    assert row[:5] == ("jardin-des-tilleuls", "Nadia", "nadia@example.org", "Léa", "donne")
    assert link.rsplit("/", 1)[1] not in row[5]  # the token is only stored hashed
    answer = client.get(link).get_data(as_text=True)
    assert "Nadia, la voisine qui répare tout" in answer and "Retirer mon portrait" in answer


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"accord_personne": ""}, "accord_personne", "la personne a lu son portrait et accepte"),
        ({"personne": ""}, "personne", "écrivez qui a donné son accord"),
        ({"personne_contact": "demain"}, "personne_contact", "attendu un courriel ou un numéro"),
        ({"qui": ""}, "qui", "un portrait dit qui est la personne"),
        ({"genre": "interview"}, "genre", "n'est pas un genre de portrait"),
    ],
)
def test_the_form_says_each_problem_and_records_nothing(bridge_app, changes, field, words):
    response = submit(bridge_app.test_client(), "/portrait", {**FORM, **changes})
    html = response.get_data(as_text=True).replace("&#39;", "'")
    assert response.status_code == 400 and words in html, html[:3000]
    assert f'<a href="#{field}">' in html
    assert branches(bridge_app) == []
    store = Path(bridge_app.config["DATA_DIR"]) / "consentements.sqlite3"
    if store.exists():
        with sqlite3.connect(store) as db:
            assert db.execute("SELECT COUNT(*) FROM consents").fetchone() == (0,)


def test_a_portrait_always_needs_the_referent():
    """Whatever the proposal calls itself: a file or a photo under portraits/ needs the referent."""
    from bridge.accounts import Account, may, needs_referent

    reviewer = Account("lea", "Léa", frozenset({"relecteur"}))
    referent = Account("sam", "Sam", frozenset({"referent"}))
    cases = [
        ("portrait", ["associations/a/portraits/2026-11-20-nadia.md"]),
        ("actualite", ["associations/a/portraits/2026-11-20-nadia.md"]),
        ("actualite", ["associations/a/portraits/2026-11-20-nadia/photo.jpg"]),
        ("actualite", ["associations/a/portraits/2026-11-20-nadia.facile.md"]),
    ]
    for kind, files in cases:
        assert needs_referent(kind, files, photos_need_referent=False), (kind, files)
        assert not may(reviewer, "approuver", "a", kind, files, ["lea"]), (kind, files)
        assert may(referent, "approuver", "a", kind, files, [])
    assert may(reviewer, "approuver", "a", "actualite", ["associations/a/actualites/2026-11-20-x.md"], [])


def login(app, who: str):
    client = app.test_client()
    page = client.get("/relecture/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    answer = client.post(
        "/relecture/connexion", data={"csrf": csrf, "identifiant": who, "mot_de_passe": "motdepasse-1"}
    )
    assert answer.status_code == 303
    return client


def test_the_review_shows_the_consent_to_the_referent_only(reviewer_app):
    form = {**FORM, "personne": "Zoé", "personne_contact": "01 99 00 77 88"}
    assert submit(reviewer_app.test_client(), "/portrait", form).status_code == 201
    (branch,) = branches(reviewer_app)
    referent = login(reviewer_app, "sam").get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    reviewer = login(reviewer_app, "lea").get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "Zoé, recueilli par Léa" in referent
    assert "Zoé" not in reviewer and "l'accord de la personne est enregistré" in reviewer.replace("&#39;", "'")
    assert "validée par la personne référente" in reviewer
    for page in (referent, reviewer):
        assert "01 99 00 77 88" not in page  # the contact: never on a page


def test_the_consent_command_for_associations_that_commit_by_git(portal_repository, tmp_path, capsys):
    """`python -m bridge.consent ajouter` gives the id and the link; `verifier` names each
    portrait of main whose consent is unknown, withdrawn or missing, and only those."""
    from bridge import consent
    from placette.publish import gitstore

    data = tmp_path / "donnees"
    assert consent.main(["--donnees", str(data), "ajouter", "--association", "jardin-des-tilleuls", "--titre",
                         "Nadia", "--personne", "Nadia", "--par", "Alice", "--contact", "01 99 00 12 34"]) == 0  # fmt: skip
    said = capsys.readouterr().out
    ident = re.search(r"consentement: ([0-9a-f]{12}) »", said).group(1)
    assert re.search(r"/retrait/[A-Za-z0-9_-]{32}$", said.strip())
    repo = gitstore.open_repository(data / "portail.git", portal_repository)
    folder = "associations/jardin-des-tilleuls/portraits"
    files = {f"{folder}/{name}.md": f"---\ntitre: x\nconsentement: {number}\n---\nx\n".encode() if number else b"---\n---\n"
             for name, number in (("a-connu", ident), ("b-inconnu", "0123456789ab"), ("c-sans", None))}  # fmt: skip
    head = gitstore.commit_on_new_branch(repo, "tmp/p", files, "Portraits", gitstore.Author("Alice"))
    repo.git.update_ref("refs/heads/main", head)
    assert consent.main(["--donnees", str(data), "verifier"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"{folder}/b-inconnu.md : le consentement 0123456789ab n'est pas enregistré dans la passerelle",
                     f"{folder}/c-sans.md : pas de numéro de consentement", "3 portrait(s), 2 problème(s)."]  # fmt: skip
    consent.ConsentStore(data / consent.FILE_NAME).withdraw(ident)
    assert consent.main(["--donnees", str(data), "verifier"]) == 1
    assert f"{folder}/a-connu.md : le consentement {ident} a été retiré" in capsys.readouterr().out


def test_a_portrait_turned_away_after_its_form_was_read_leaves_no_consent(portal_repository, tmp_path):
    """Over the hourly cap of the association (here 0), the form is valid but nothing is
    stored: neither a branch nor the person's name and contact."""
    from bridge import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"), "SOURCE_REPOSITORY": str(portal_repository),
                      "FORM_MIN_AGE": 0, "ASSOCIATION_HOURLY_CAP": 0})  # fmt: skip
    response = submit(app.test_client(), "/portrait", FORM)
    assert response.status_code == 429, response.get_data(as_text=True)[:2000]
    assert branches(app) == []
    with sqlite3.connect(tmp_path / "bridge" / "consentements.sqlite3") as db:
        assert db.execute("SELECT COUNT(*) FROM consents").fetchone() == (0,)


def test_a_portrait_has_its_easy_to_read_version_linked_both_ways(demo_build):
    """Issue 23: « avec une version facile à lire possible » (issue 20's pairing, by path)."""
    page = demo_build.read(JOSIANE + "index.html")
    easy = demo_build.read(JOSIANE + "facile/index.html")
    assert 'class="easy-link"' in page and f'{JOSIANE}facile/"' in page
    assert "Josiane raconte les Tilleuls" in easy and f'{JOSIANE}"' in easy
    assert "Josiane raconte les Tilleuls" in demo_build.read("facile-a-lire/index.html")
    assert "Josiane raconte les Tilleuls" not in demo_build.read("portraits/index.html")  # not a second portrait
