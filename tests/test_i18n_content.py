"""Content in several languages, shown in the reader's language (issue 18).

A translation into an interface language is that language's page of its item
(`/ar/<item>/`, Arabic interface and Arabic text); a translation into another
language keeps `<item>/tr/`. Listings (agenda, news, home, association pages,
directory) show an item's translation, or a card's translated texts, on the
pages of that language, and the French text marked `lang="fr"` elsewhere.
"""

from __future__ import annotations

import re
import shutil

import lxml.html
import pytest

from placette.i18n.content import Said, card_text, in_language, lang_attributes, pick
from placette.i18n.languages import PSEUDO
from placette.model.card import CARD_FIELDS, parse_card
from placette.model.serialise import card as serialise_card
from tests.conftest import FIXTURES, ROOT, build_site
from tests.i18n_leaks import leaks
from tests.linkcheck import broken_links

LANGUAGES = ["fr", "ar", "en"]
GARDEN = "associations/jardin-des-tilleuls"
NEWS = f"{GARDEN}/actualites/2026-03-14-reouverture"  # has an Arabic translation in the fixture
EVENT = f"{GARDEN}/agenda/permanence"
ARABIC_TITLE = "الحديقة تفتح أبوابها من جديد"
ENGLISH_EVENT = "Open hours at the garden"
TURKISH_TITLE = "Bahçe yeniden açılıyor"
CARD_TRANSLATIONS = """traductions:
  ar:
    resume: حديقة مشتركة عند أسفل العمارات، مفتوحة لجميع السكان.
    description: |
      نزرع **معًا** الخضر والزهور.
  anglais:
    resume: A shared garden at the foot of the flats, open to every resident.
"""


def _scratch(tmp_path_factory):
    """The mini site, with an English translation of an event, a Turkish one
    of a news item (not an interface language) and a card in three languages."""
    site = tmp_path_factory.mktemp("content-site") / "site"
    shutil.copytree(FIXTURES / "mini", site)
    event = (site / f"{EVENT}.md").read_text(encoding="utf-8")
    header = event.split("---")[1]
    header = re.sub(r"titre: .*", f"titre: {ENGLISH_EVENT}", header) + "langue: en\ntraduction_de: permanence\n"
    (site / f"{EVENT}-en.md").write_text(f"---{header}---\nEvery Tuesday afternoon, come and garden.\n",
                                         encoding="utf-8")  # fmt: skip
    (site / f"{NEWS}-tr.md").write_text(
        f"---\ntitre: {TURKISH_TITLE}\ndate: 2026-03-14 10:00\nlangue: tr\ntraduction_de: 2026-03-14-reouverture\n"
        "---\nEkim cumartesi günü yeniden başlıyor.\n", encoding="utf-8")  # fmt: skip
    (site / "content/pages/a-propos-ar.md").write_text(
        "---\ntitre: عن البوابة\nlangue: ar\ntraduction_de: a-propos\n---\nهذه بوابة جمعيات الحي.\n", encoding="utf-8"
    )
    card = site / GARDEN / "association.yml"
    card.write_text(card.read_text(encoding="utf-8") + CARD_TRANSLATIONS, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = _scratch(tmp_path_factory)
    return build_site(site, tmp_path_factory.mktemp("content-out"), INTERFACE_LANGUAGES=LANGUAGES)


def _page(site, path: str):
    return lxml.html.fromstring(site.read(path))


def _lang_of(element) -> str | None:
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


# -- where translations live ------------------------------------------------------------------
def test_a_translation_into_an_interface_language_is_that_languages_page(site):
    arabic = site.read(f"ar/{NEWS}/index.html")
    assert '<html lang="ar" dir="rtl">' in arabic and f"<h1>{ARABIC_TITLE}</h1>" in arabic
    assert not (site.output / NEWS / "ar").exists()  # the old address is gone (nginx redirects it)
    assert not (site.output / "ar" / NEWS / "ar").exists() and not (site.output / "en" / NEWS / "ar").exists()
    english = site.read(f"en/{EVENT}/index.html")
    assert '<html lang="en" dir="ltr">' in english and f"<h1>{ENGLISH_EVENT}</h1>" in english
    assert not (site.output / EVENT / "en").exists()
    # The French item keeps its address in French, and is read in English where it has no translation.
    assert "<h1>Le jardin rouvre ses portes</h1>" in site.read(f"{NEWS}/index.html")
    assert "<h1>Le jardin rouvre ses portes</h1>" in site.read(f"en/{NEWS}/index.html")
    assert "<h1>Permanence au jardin</h1>" in site.read(f"ar/{EVENT}/index.html")


def test_a_page_translated_into_an_interface_language_is_that_languages_page(site):
    arabic = _page(site, "ar/a-propos/index.html")
    assert arabic.xpath("//h1")[0].text_content() == "عن البوابة"
    assert not (site.output / "a-propos" / "ar").exists()
    assert "<h1>À propos</h1>" in site.read("en/a-propos/index.html")
    # The menu names the page in the reader's language, or in French marked as such.
    (arabic_item,) = [
        a
        for a in arabic.xpath("//header[@class='site-header']//nav[not(@class)]//a")
        if a.get("href", "").endswith("/ar/a-propos/")
    ]
    assert arabic_item.text_content() == "عن البوابة" and _lang_of(arabic_item) == "ar"
    english = _page(site, "en/index.html")
    (english_item,) = [
        a
        for a in english.xpath("//header[@class='site-header']//nav[not(@class)]//a")
        if a.get("href", "").endswith("/en/a-propos/")
    ]
    assert english_item.text_content() == "À propos" and english_item.getparent().get("lang") == "fr"


def test_a_translation_into_another_language_keeps_its_own_address(site):
    for prefix in ("", "ar/", "en/"):
        page = site.read(f"{prefix}{NEWS}/tr/index.html")
        assert f"<h1>{TURKISH_TITLE}</h1>" in page
        assert f'<html lang="{prefix[:-1] or "fr"}"' in page
    assert not (site.output / "tr").exists()


def test_the_original_and_its_translations_link_each_other(site):
    french = _page(site, f"{NEWS}/index.html")
    links = {a.get("hreflang"): a for a in french.xpath("//article//a[@hreflang]")}
    assert links["ar"].text_content() == "العربية" and links["ar"].get("lang") == "ar"
    assert links["ar"].get("title") == ARABIC_TITLE  # its title, in its language
    assert links["ar"].get("href").endswith(f"/ar/{NEWS}/") and links["tr"].get("href").endswith(f"/{NEWS}/tr/")
    assert links["tr"].text_content() == "Türkçe"
    arabic = _page(site, f"ar/{NEWS}/index.html")
    back = {a.get("hreflang"): a.get("href") for a in arabic.xpath("//article//a[@hreflang]")}
    assert back["fr"].endswith(f"/{NEWS}/") and "/ar/" not in back["fr"]  # not shifted into Arabic
    assert back["tr"].endswith(f"/{NEWS}/tr/")
    english_event = _page(site, f"en/{EVENT}/index.html")
    assert [a.get("hreflang") for a in english_event.xpath("//article//a[@hreflang]")] == ["fr"]


def test_hreflang_alternates_name_each_language_once(site):
    for path in (f"{NEWS}/index.html", f"ar/{NEWS}/index.html", f"en/{NEWS}/index.html"):
        alternates = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', site.read(path))
        codes = [code for code, _ in alternates]
        assert codes == [*LANGUAGES, "tr"], (path, codes)
        href = dict(alternates)
        assert href["ar"].endswith(f"/ar/{NEWS}/") and href["tr"].endswith(f"/{NEWS}/tr/")
        assert href["fr"].endswith(f"/{NEWS}/") and "/ar/" not in href["fr"] and "/en/" not in href["fr"]


def test_no_link_is_broken(site):
    assert broken_links(site.output) == []


# -- listings in the reader's language --------------------------------------------------------
def _titles(page, link_end: str):
    """(text, language) of each link to an item in the page."""
    return [(a.text_content(), _lang_of(a)) for a in page.xpath("//main//a") if a.get("href", "").endswith(link_end)]


@pytest.mark.parametrize("listing", ["agenda/index.html", f"{GARDEN}/index.html", "index.html"])
def test_the_agenda_shows_an_event_in_the_readers_language(site, listing):
    english = _titles(_page(site, f"en/{listing}"), f"/en/{EVENT}/")
    assert english and set(english) == {(ENGLISH_EVENT, "en")}, english
    arabic = _titles(_page(site, f"ar/{listing}"), f"/ar/{EVENT}/")
    assert arabic and set(arabic) == {("Permanence au jardin", "fr")}, arabic  # no Arabic version: French, marked
    french = _titles(_page(site, listing), f"/{EVENT}/")
    assert set(french) == {("Permanence au jardin", "fr")}


@pytest.mark.parametrize("listing", ["actualites/index.html", f"{GARDEN}/index.html", f"{GARDEN}/actualites/index.html",
                                     "actualites/2026/03/index.html"])  # fmt: skip
def test_news_lists_show_an_item_in_the_readers_language(site, listing):
    arabic = _titles(_page(site, f"ar/{listing}"), f"/ar/{NEWS}/")
    assert arabic and set(arabic) == {(ARABIC_TITLE, "ar")}, arabic
    english = _titles(_page(site, f"en/{listing}"), f"/en/{NEWS}/")
    assert english and set(english) == {("Le jardin rouvre ses portes", "fr")}, english
    assert set(_titles(_page(site, listing), f"/{NEWS}/")) == {("Le jardin rouvre ses portes", "fr")}
    item = next(li for li in _page(site, f"en/{listing}").xpath("//main//li")
                if li.xpath(f'.//a[contains(@href, "/en/{NEWS}/")]'))  # fmt: skip
    assert item.get("lang") == "fr" and item.get("dir") == "ltr"  # French text in an English page


def test_the_directory_shows_a_cards_summary_in_the_readers_language(site):
    def summary(path):
        page = _page(site, path)
        card = next(
            li for li in page.xpath("//li[@class='card']") if li.xpath(".//a[contains(@href, 'jardin-des-tilleuls')]")
        )
        (paragraph,) = [p for p in card.xpath("./p") if "meta" not in (p.get("class") or "")]
        return paragraph.text_content(), _lang_of(paragraph)

    assert summary("ar/associations/index.html") == ("حديقة مشتركة عند أسفل العمارات، مفتوحة لجميع السكان.", "ar")
    assert summary("en/associations/index.html") == (
        "A shared garden at the foot of the flats, open to every resident.", "en")  # fmt: skip
    assert summary("associations/index.html") == (
        "Un jardin partagé au pied des immeubles, ouvert à tous les habitants.", "fr")  # fmt: skip
    other = _page(site, "ar/associations/index.html").xpath(
        "//li[@class='card'][.//a[contains(@href, 'atelier-velo')]]/p"
    )
    assert [(p.get("lang"), p.get("dir")) for p in other if not p.get("class")] == [("fr", "ltr")]


def test_the_association_page_shows_the_description_of_its_language(site):
    arabic = _page(site, f"ar/{GARDEN}/index.html").xpath("//section[@aria-labelledby='titre-presentation']")[0]
    assert "نزرع معًا الخضر والزهور." in arabic.text_content() and "Nous cultivons" not in arabic.text_content()
    english = _page(site, f"en/{GARDEN}/index.html").xpath("//section[@aria-labelledby='titre-presentation']")[0]
    (block,) = english.xpath(".//div[@lang]")  # no English description: the French one, marked
    assert (block.get("lang"), block.get("dir")) == ("fr", "ltr") and "Nous cultivons" in block.text_content()
    french = site.read(f"{GARDEN}/index.html")
    assert "Nous cultivons <strong>ensemble</strong>" in french and "نزرع" not in french
    (lead,) = _page(site, f"en/{GARDEN}/index.html").xpath("//p[@class='lead']")
    assert lead.text_content().startswith("A shared garden") and _lang_of(lead) == "en"
    (lead,) = _page(site, "en/associations/atelier-velo/index.html").xpath("//p[@class='lead']")
    assert (lead.get("lang"), lead.get("dir")) == ("fr", "ltr")


# -- the pieces, without Pelican --------------------------------------------------------------
class _Item:
    def __init__(self, lang, title, translations=()):
        self.lang, self.title, self.translations = lang, title, list(translations)


def test_in_language_picks_the_translation_of_the_page():
    arabic = _Item("ar", "عربي")
    item = _Item("fr", "Français", [arabic, _Item("tr", "Türkçe")])
    assert in_language(item, "ar") is arabic and in_language(item, "fr") is item and in_language(item, "en") is item
    assert in_language(None, "ar") is None


def test_lang_attributes_only_where_the_language_differs():
    assert lang_attributes(_Item("fr", "x"), "ar") == ' lang="fr" dir="ltr"'
    assert lang_attributes(_Item("ar", "x"), "fr") == ' lang="ar" dir="rtl"'
    assert lang_attributes(_Item("en", "x"), "en") == ""
    assert lang_attributes(Said("x", "xx-unknown"), "fr") == ' lang="xx-unknown" dir="auto"'


def test_pick_marks_the_french_text_on_another_languages_page():
    choices = (("fr", "<p>Bonjour</p>"), ("ar", "<p>مرحبا</p>"))
    assert pick(choices, "ar") == "<p>مرحبا</p>" and pick(choices, "fr") == "<p>Bonjour</p>"
    assert pick(choices, "en") == '<div lang="fr" dir="ltr">\n<p>Bonjour</p>\n</div>'


# -- the card's schema ------------------------------------------------------------------------
def _config():
    from pelican.settings import read_settings

    from placette.model.settings import portal_config

    return portal_config(read_settings(str(ROOT / "pelicanconf.py")))


def _parse(text: str):
    config = _config()
    folder = ROOT / "associations" / "les-voisines"
    return parse_card(text.encode(), "associations/x/association.yml", folder, "x", config)


BASE = """nom: Les Voisines
type: association
resume: Des femmes du quartier qui s'entraident.
quartier: Le Moulin
"""


def test_a_card_with_translations_reads_each_language():
    card, problems = _parse(BASE + CARD_TRANSLATIONS)
    assert problems == []
    assert set(card.translations) == {"ar", "en"}  # « anglais » is English
    assert card.translations["ar"].description == "نزرع **معًا** الخضر والزهور."
    assert card.translations["en"].description is None
    assert card_text(card, "summary", code="en") == "A shared garden at the foot of the flats, open to every resident."
    assert card_text(card, "summary", code="en").lang == "en"
    assert card_text(card, "summary", code="tr") == card.summary and card_text(card, "summary", code="tr").lang == "fr"


@pytest.mark.parametrize(("block", "line", "field", "words"), [
    ("traductions: arabe\n", 5, "traductions", "attendu un bloc"),
    ("traductions:\n  klingon:\n    resume: nuqneH\n", 6, "traductions.klingon", "n'est pas une langue connue"),
    ("traductions:\n  fr:\n    resume: Bonjour\n", 6, "traductions.fr", "le français est la langue de la fiche"),
    ("traductions:\n  ar:\n    resume: x\n  arabe:\n    resume: y\n", 8, "traductions.arabe", "donnée deux fois"),
    ("traductions:\n  ar:\n    titre: x\n", 7, "traductions.ar.titre", "champ inconnu"),
    ("traductions:\n  ar:\n    resume: |\n      deux\n      lignes\n", 7, "traductions.ar.resume", "une seule ligne"),
    ("traductions:\n  en: Hello\n", 6, "traductions.en", "attendu un bloc"),
])  # fmt: skip
def test_a_wrong_translation_is_said_with_its_line_and_field(block, line, field, words):
    card, problems = _parse(BASE + block)
    assert card is None
    assert [(p.file, p.line, p.field) for p in problems] == [("associations/x/association.yml", line, field)]
    assert words in problems[0].message


def test_translations_serialise_as_they_read():
    card, _ = _parse(BASE + CARD_TRANSLATIONS)
    again, problems = _parse(serialise_card(card, CARD_FIELDS).decode())
    assert problems == [] and again.translations == card.translations


# -- the incremental build ----------------------------------------------------------------------
def test_a_new_translation_renders_again_the_pages_of_its_language(tmp_path):
    site, output = tmp_path / "site", tmp_path / "out"
    shutil.copytree(FIXTURES / "mini", site)
    options = {"INTERFACE_LANGUAGES": LANGUAGES, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
               "CACHE_PATH": str(tmp_path / "cache"), "DELETE_OUTPUT_DIRECTORY": False}  # fmt: skip
    build_site(site, output, **options)
    before = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
    event = (site / f"{EVENT}.md").read_text(encoding="utf-8").split("---")[1]
    header = re.sub(r"titre: .*", f"titre: {ENGLISH_EVENT}", event) + "langue: en\ntraduction_de: permanence\n"
    (site / f"{EVENT}-en.md").write_text(f"---{header}---\nEvery Tuesday.\n", encoding="utf-8")
    build_site(site, output, **options)
    after = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
    changed = {name for name in after if before.get(name) != after[name]}
    assert {"en/agenda/index.html", f"en/{GARDEN}/index.html", f"en/{EVENT}/index.html"} <= changed
    assert ENGLISH_EVENT in after["en/agenda/index.html"].decode()
    # In Arabic only the event's page changed (« Aussi en : English »), not the listings.
    assert {name for name in changed if name.startswith("ar/")} == {f"ar/{EVENT}/index.html"}, sorted(changed)
    clean = build_site(site, tmp_path / "clean", INTERFACE_LANGUAGES=LANGUAGES).output
    assert after == {p.relative_to(clean).as_posix(): p.read_bytes() for p in clean.rglob("*.html")}
    (site / f"{EVENT}-en.md").unlink()  # and back: the French item is the English page again
    build_site(site, output, **options)
    assert {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")} == before


# -- the bridge's card editor keeps the translations ---------------------------------------------
def test_the_card_editor_keeps_the_translations_byte_for_byte(reviewer_app):
    from tests.bridge_client import show
    from tests.test_bridge_edit import CARD, CARD_PATH, changed_lines, edit, publish

    block = CARD_TRANSLATIONS.replace("  ar:\n", "  ar: # relu par Samira\n").replace("anglais:", "'anglais':")
    text = CARD.replace("logo:\n", block + "logo:\n")
    publish(reviewer_app, CARD_PATH, text)
    branch = edit(reviewer_app, "/fiche?association=jardin-des-tilleuls", telephone="01 99 00 10 09")
    after = show(reviewer_app, branch, CARD_PATH).decode()
    assert sorted(changed_lines(text, after)) == ["+mis_a_jour: 2026-11-22", "+telephone: 01 99 00 10 09 # accueil",
                                                  "-mis_a_jour: 2026-10-01", "-telephone: 01 99 00 10 01 # accueil"]  # fmt: skip
    assert block in after
    config = reviewer_app.extensions["placette"].pipeline.config()
    card, problems = parse_card(after.encode(), CARD_PATH, config.associations_path / "jardin-des-tilleuls",
                                "jardin-des-tilleuls", config)  # fmt: skip
    assert problems == [] and set(card.translations) == {"ar", "en"}


def test_nginx_sends_the_old_address_of_a_translation_to_its_languages_page(site):
    """docs/deploiement/nginx-site.conf: an address that no longer exists
    (/<item>/ar/) is redirected to the page of its language (/ar/<item>/)."""
    text = (ROOT / "docs/deploiement/nginx-site.conf").read_text(encoding="utf-8")
    assert re.search(r"location / +\{ try_files \$uri \$uri/ @moved;", text)  # only when no file answers
    (found,) = re.findall(r'location @moved +\{ rewrite "([^"]+)" (\S+) permanent; return 404; \}', text)
    pattern, target = re.compile(found[0]), found[1]
    for old in (f"/{NEWS}/ar/", f"/{NEWS}/ar", f"/{EVENT}/en/"):
        assert not (site.output / old.strip("/") / "index.html").exists(), old
        match = pattern.match(old)
        assert match, old
        moved = target.replace("$1", match.group(1)).replace("$2", match.group(2))
        assert (site.output / moved.strip("/") / "index.html").is_file(), moved
    assert not pattern.match(f"/{NEWS}/tr/")  # not an interface language: its page is where it was
    assert (site.output / NEWS / "tr" / "index.html").is_file()


# -- the pseudo-locale: content is never taken for untranslated interface ----------------------------
@pytest.fixture(scope="module")
def pseudo(tmp_path_factory):
    site = _scratch(tmp_path_factory)
    return build_site(site, tmp_path_factory.mktemp("content-pseudo"), INTERFACE_LANGUAGES=["fr", PSEUDO])


@pytest.mark.parametrize("listing", ["agenda/index.html", "index.html", "actualites/index.html",
                                     "actualites/2026/03/index.html", "associations/index.html",
                                     f"{GARDEN}/index.html", f"{GARDEN}/actualites/index.html"])  # fmt: skip
def test_listed_content_says_its_language_on_another_languages_page(pseudo, listing):
    """Titles and summaries in French on a page of another language carry
    `lang="fr"`: the leak finder (and a screen reader) knows them for content."""
    found = " | ".join(leaks(pseudo.read(f"{PSEUDO}/{listing}")))
    for content in ("Permanence au jardin", "Le jardin rouvre ses portes", "Un jardin partagé au pied",
                    "On répare son vélo", "Nous cultivons", "Atelier du premier samedi", "Fête des récoltes",
                    "Bourse aux vélos"):  # fmt: skip
        assert content not in found, (listing, content)
