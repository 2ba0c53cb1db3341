"""Easy-to-read versions (« facile à lire », issue 20): `x.facile.md` beside
`x.md`, its page at the original's address + `facile/`, linked both ways, listed
on /facile-a-lire/, an entry of its own in the feeds where its original is."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import lxml.html
import pytest

from placette.model import falc
from placette.model.documents import read_document
from placette.model.settings import portal_config, read_pelican_settings
from tests.conftest import FIXTURES, ROOT, build_site
from tests.feedcheck import atom_problems, rss_problems

VELO = "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos"
PERMANENCE = "associations/jardin-des-tilleuls/agenda/permanence"
REOUVERTURE = "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture"
EASY_NEWS = """---
titre: On échange des vélos
---
Vous avez un vieux vélo ?
Apportez votre vélo à l'atelier.
Nous réparons les vélos.
"""
EASY_EVENT = """---
titre: Le jardin est ouvert le mardi
---
Venez au jardin le mardi après-midi.
C'est gratuit.
"""


def easy_site(root: Path) -> Path:
    site = root / "site"
    shutil.copytree(FIXTURES / "mini", site)
    (site / f"{VELO}.facile.md").write_text(EASY_NEWS, encoding="utf-8")
    (site / f"{PERMANENCE}.facile.md").write_text(EASY_EVENT, encoding="utf-8")
    # a portal news item and its version that gives its own date
    (site / "content/actualites/2026-01-05-bienvenue.facile.md").write_text(
        "---\ntitre: Le site du quartier est ouvert\ndate: 2026-01-06 10:00\n---\nLe site du quartier est ouvert.\n",
        encoding="utf-8",
    )
    return site


def site_config(site: Path):
    return portal_config({**read_pelican_settings(ROOT / "pelicanconf.py"), "PATH": str(site)})


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("easy")
    site = easy_site(root)
    build = build_site(site, root / "out")
    return site, build


def page(build, url: str) -> lxml.html.HtmlElement:
    return lxml.html.parse(str(build.output / url / "index.html")).getroot()


def main_text(tree) -> str:
    return " ".join(tree.find(".//main").text_content().split())


# --- the model ---------------------------------------------------------------


def test_the_pairing_is_by_path_only():
    assert falc.is_easy("a/actualites/2026-01-01-x.facile.md") and not falc.is_easy("a/actualites/x.md")
    assert not falc.is_easy("a/actualites/.facile.md")
    assert falc.original_of("a/agenda/x.facile.md") == "a/agenda/x.md"
    assert falc.easy_of(Path("a/agenda/x.md")) == Path("a/agenda/x.facile.md")
    assert falc.url("associations/a/agenda/x/") == "associations/a/agenda/x/facile/"


def test_a_version_has_its_own_title_and_text_and_the_original_s_other_fields(tmp_path):
    site = easy_site(tmp_path)
    config = site_config(site)
    _, item, problems = read_document(site / f"{PERMANENCE}.facile.md", config)
    assert problems == []
    _, original, _ = read_document(site / f"{PERMANENCE}.md", config)
    assert item.values["title"] == item.event.title == "Le jardin est ouvert le mardi"
    assert item.body.strip().startswith("Venez au jardin")
    for name in ("start", "end", "rrule", "exdates", "overrides", "price", "themes"):
        assert getattr(item.event, name) == getattr(original.event, name), name
    assert item.event.uid == original.event.uid + "/facile"
    _, news, problems = read_document(site / "content/actualites/2026-01-05-bienvenue.facile.md", config)
    assert problems == [] and news.values["date"].day == 6  # its own date wins


@pytest.mark.parametrize(
    ("path", "text", "words"),
    [
        ("associations/atelier-velo/actualites/2026-05-01-absente.facile.md", EASY_NEWS, "sans original"),
        (f"{VELO}.facile.md", "---\ntitre: ''\n---\nTexte.\n", "ce champ est obligatoire"),
        (f"{VELO}.facile.md", "---\nthemes: [sport]\n---\nTexte.\n", "ce champ est obligatoire"),  # its own title
        (f"{VELO}.facile.md", "---\ntitre: Vélos\n---\n", "le texte est vide"),
        (f"{VELO}.facile.md", "---\ntitre: Vélos\ncouleur: bleu\n---\nTexte.\n", "champ inconnu"),
        ("content/pages/a-propos.facile.md", EASY_NEWS, "que pour une actualité, un événement ou un portrait"),
        ("associations/jardin-des-tilleuls/annonces/2026-11-20-cherche-jardiniers.facile.md", EASY_NEWS,
         "que pour une actualité, un événement ou un portrait"),
    ],
)  # fmt: skip
def test_a_wrong_version_is_said_in_french_with_its_file(tmp_path, path, text, words):
    site = easy_site(tmp_path)
    (site / path).write_text(text, encoding="utf-8")
    config = site_config(site)
    _, item, problems = read_document(site / path, config)
    assert item is None and any(words in p.message for p in problems), problems
    assert all(p.file == path for p in problems)


def test_a_broken_original_is_named_by_its_version(tmp_path):
    site = easy_site(tmp_path)
    (site / f"{VELO}.md").write_text("---\ntitre: [\n---\nTexte\n", encoding="utf-8")
    config = site_config(site)
    _, item, problems = read_document(site / f"{VELO}.facile.md", config)
    assert item is None and "son original" in problems[0].message and f"{VELO}.md" in problems[0].message


# --- the build ---------------------------------------------------------------


def test_each_version_has_its_page_below_its_original(built):
    _, build = built
    assert not build.errors()
    news = page(build, f"{VELO}/facile")
    assert news.findtext(".//h1") == "On échange des vélos"
    text = main_text(news)
    assert "Publié le jeudi 2 avril 2026" in text  # the original's date
    # one idea a line: each line of the file is a paragraph of its own, in the text's language (lang)
    assert [p.text_content() for p in news.iterfind(".//article/div[@lang]/p")][-3:] == [
        "Vous avez un vieux vélo ?", "Apportez votre vélo à l'atelier.", "Nous réparons les vélos."]  # fmt: skip
    event = main_text(page(build, f"{PERMANENCE}/facile"))
    assert "Le jardin est ouvert le mardi" in event
    assert "Tous les mardis de 14 h à 17 h" in event  # the original's sessions
    assert "Jardin des Tilleuls" in event  # and its place
    own = main_text(page(build, "actualites/2026-01-05-bienvenue/facile"))
    assert "Publié le mardi 6 janvier 2026" in own


@pytest.mark.parametrize("stem", [VELO, PERMANENCE, "actualites/2026-01-05-bienvenue"])
def test_linked_both_ways_with_the_label_and_alternate_links(built, stem):
    _, build = built
    original, version = page(build, stem), page(build, f"{stem}/facile")
    (link,) = [a for a in original.iterfind(".//main//a") if "facile à lire" in a.text_content()]
    assert link.find("span[@class='easy-label']").text == "Facile à lire"
    assert link.get("href").endswith(f"{stem}/facile/")
    assert [x.get("href") for x in original.iterfind(".//head/link[@title='Version facile à lire']")] == [
        link.get("href")
    ]
    back = [a for a in version.iterfind(".//main//a") if "version habituelle" in a.text_content()]
    assert len(back) == 1 and back[0].get("href").endswith(f"{stem}/") and not back[0].get("href").endswith("facile/")
    (alternate,) = version.iterfind(".//head/link[@title='Version habituelle']")
    assert alternate.get("href") == back[0].get("href") and alternate.get("rel") == "alternate"
    assert version.find(".//main//p[@class='easy-label']").text == "Facile à lire"


def test_an_item_without_a_version_has_no_link(built):
    _, build = built
    tree = page(build, REOUVERTURE)
    assert not [a for a in tree.iterfind(".//main//a") if "facile à lire" in a.text_content()]
    assert not list(tree.iterfind(".//head/link[@title='Version facile à lire']"))


def test_a_version_is_not_a_second_item_in_the_lists(built):
    _, build = built
    for url in ("actualites", "associations/atelier-velo", "agenda", "associations/jardin-des-tilleuls"):
        text = (build.output / url / "index.html").read_text(encoding="utf-8")
        assert "On échange des vélos" not in text and "Le jardin est ouvert le mardi" not in text, url
        assert "/facile/" not in text, url


def test_every_page_has_the_easy_read_entry(built):
    _, build = built
    pages = [p for p in build.output.rglob("*.html") if p.relative_to(build.output).parts[0] != "integrer"]
    assert len(pages) > 30
    for path in pages:
        tree = lxml.html.parse(str(path)).getroot()
        entries = [a for a in tree.iterfind(".//header//a") if a.text_content() == "Facile à lire"]
        assert len(entries) == 1, path
        assert entries[0].get("href").endswith("facile-a-lire/") and "easy-label" in entries[0].get("class")


def test_the_easy_read_page_lists_every_version_newest_first_and_says_what_it_is(built):
    _, build = built
    tree = page(build, "facile-a-lire")
    text = main_text(tree)
    assert "Sur cette page, il y a des textes faciles à lire." in text
    titles = [a.text_content() for a in tree.iterfind(".//ul[@class='easy-items']/li/a")]
    # the event's date is its first session (6 October 2026), then the news of April and January
    assert titles == ["Le jardin est ouvert le mardi", "On échange des vélos", "Le site du quartier est ouvert"]
    hrefs = [a.get("href") for a in tree.iterfind(".//ul[@class='easy-items']/li/a")]
    assert all(h.endswith("/facile/") for h in hrefs)
    feeds = {x.get("href") for x in tree.iterfind(".//head/link[@rel='alternate']")}
    assert {"../feeds/facile-a-lire.atom.xml", "../feeds/facile-a-lire.rss.xml"} <= feeds


def _entries(build, name: str) -> dict[str, str]:
    parsed = feedparser.parse(str(build.output / name))
    assert not parsed.bozo, parsed.bozo_exception
    return {e.title: e.link for e in parsed.entries}


def test_a_version_is_its_own_entry_in_the_feeds_of_its_original(built):
    _, build = built
    site = "http://127.0.0.1:8000/"
    for name in ("feeds/actualites.atom.xml", "feeds/actualites.rss.xml",
                 "associations/atelier-velo/actualites.atom.xml", "feeds/themes/sport.atom.xml"):  # fmt: skip
        entries = _entries(build, name)
        assert entries["Bourse aux vélos"] == f"{site}{VELO}/"
        assert entries["On échange des vélos"] == f"{site}{VELO}/facile/", name
    assert "On échange des vélos" not in _entries(build, "associations/jardin-des-tilleuls/actualites.atom.xml")
    agenda = _entries(build, "feeds/agenda.atom.xml")
    assert agenda["Le jardin est ouvert le mardi"] == f"{site}{PERMANENCE}/facile/"
    easy = _entries(build, "feeds/facile-a-lire.atom.xml")
    assert set(easy) == {"On échange des vélos", "Le jardin est ouvert le mardi", "Le site du quartier est ouvert"}
    for path in build.output.rglob("*.atom.xml"):
        assert atom_problems(path) == [], path
    for path in build.output.rglob("*.rss.xml"):
        assert rss_problems(path) == [], path


def test_a_draft_or_an_orphan_gives_no_page(tmp_path):
    site = easy_site(tmp_path)
    original = site / f"{VELO}.md"
    original.write_text(original.read_text(encoding="utf-8").replace("date:", "brouillon: oui\ndate:"), "utf-8")
    (site / f"{REOUVERTURE}.facile.md").write_text(
        EASY_EVENT.replace("est ouvert le mardi", "ouvre de nouveau"), "utf-8"
    )
    (site / "associations/atelier-velo/actualites/2026-05-01-absente.facile.md").write_text(EASY_NEWS, "utf-8")
    build = build_site(site, tmp_path / "out")
    assert not (build.output / f"{VELO}/facile").exists()  # the original is a draft: so is its version
    assert "On échange des vélos" not in (build.output / "facile-a-lire/index.html").read_text(encoding="utf-8")
    assert (build.output / f"{REOUVERTURE}/facile/index.html").exists()
    assert "Le jardin ouvre de nouveau" in (build.output / "facile-a-lire/index.html").read_text(encoding="utf-8")
    (error,) = [e for e in build.errors() if "absente.facile.md" in e]
    assert "sans original" in error and "2026-05-01-absente.md" in error


def test_a_cached_version_follows_its_original(tmp_path):
    """The reading cache keeps a version while its original's bytes are the same."""
    site = easy_site(tmp_path)
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(tmp_path / "cache")}
    first = build_site(site, tmp_path / "out", **cache)
    assert "jeudi 2 avril 2026" in main_text(page(first, f"{VELO}/facile"))
    original = site / f"{VELO}.md"
    original.write_text(original.read_text(encoding="utf-8").replace("2026-04-02", "2026-04-09"), "utf-8")
    second = build_site(site, tmp_path / "out", **cache)
    text = main_text(page(second, f"{VELO}/facile"))
    assert "jeudi 9 avril 2026" in text and "2 avril" not in text


def test_the_demo_has_a_few_versions():
    versions = sorted(ROOT.glob("associations/*/*/*.facile.md"))
    assert len(versions) >= 3
    assert {p.parent.name for p in versions} == {"actualites", "agenda", "portraits"}
    for path in versions:
        assert falc.original_of(path).is_file(), path


def test_an_incremental_build_follows_each_edit_of_a_version_or_its_original(tmp_path):
    """Each edit gives the same files as a clean build (placette/build/incremental.py)."""
    from tests.golden import files

    site = easy_site(tmp_path)
    output = tmp_path / "incremental"
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip
    easy, original = site / f"{VELO}.facile.md", site / f"{VELO}.md"
    steps = {
        "new version": lambda: (site / f"{REOUVERTURE}.facile.md").write_text(EASY_EVENT, encoding="utf-8"),
        "version edited": lambda: easy.write_text(EASY_NEWS.replace("vieux vélo", "vélo cassé"), "utf-8"),
        "original edited": lambda: original.write_text(
            original.read_text(encoding="utf-8").replace("Bourse aux vélos", "Grande bourse aux vélos"), "utf-8"),
        "version removed": easy.unlink,
    }  # fmt: skip
    build_site(site, output, **cached)
    for name, step in steps.items():
        step()
        assert build_site(site, output, **cached).errors() == [], name
        clean = tmp_path / f"clean-{len(name)}-{name.replace(' ', '-')}"
        build_site(site, clean)
        got, want = files(output), files(clean)
        assert [n for n in sorted(set(got) | set(want)) if got.get(n) != want.get(n)] == [], name
    assert not (output / f"{VELO}/facile").exists()


@pytest.mark.slow
def test_newsboat_reads_the_easy_read_feeds(demo_month_end, tmp_path):
    """newsboat (Debian's package) opens each entry of the « facile à lire »
    feeds at its easy-to-read page."""
    import sqlite3
    import subprocess

    (tmp_path / "config").write_text("", encoding="utf-8")
    found = {}
    for number, name in enumerate(("feeds/facile-a-lire.atom.xml", "feeds/facile-a-lire.rss.xml")):
        (tmp_path / "urls").write_text(f'"exec:cat {demo_month_end.output / name}"\n', encoding="utf-8")
        cache = tmp_path / f"cache-{number}.db"
        subprocess.run(["newsboat", "-u", str(tmp_path / "urls"), "-c", str(cache), "-C", str(tmp_path / "config"),
                        "-x", "reload"], check=True, capture_output=True, timeout=120,
                       env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "LANG": "C.UTF-8"})  # fmt: skip
        with sqlite3.connect(cache) as db:
            found[name] = sorted(db.execute("SELECT title, url FROM rss_item").fetchall())
    atom, rss = found.values()
    assert atom == rss and len(atom) == len(sorted(ROOT.glob("associations/*/*/*.facile.md")))
    for title, url in atom:
        assert url.startswith("https://placette.example.org/associations/") and url.endswith("/facile/"), title
    assert ("La grande fête du quartier",
            "https://placette.example.org/associations/centre-socio-culturel-des-quatre-vents/agenda/"
            "festival-des-quatre-vents/facile/") in atom  # fmt: skip


def test_make_check_counts_versions_apart_from_the_items(tmp_path):
    from placette.cli import check
    from placette.model.settings import read_pelican_settings

    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(easy_site(tmp_path))
    problems, counts = check.check(settings)
    assert problems == []
    assert (counts["news"], counts["events"], counts["easy"]) == (4, 3, 3)  # the mini site's items, and 3 versions
