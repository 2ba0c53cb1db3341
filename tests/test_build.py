"""Real Pelican builds of the mini fixture site: lenient, safe, complete."""

import json
import re
from html.parser import HTMLParser

import pytest

from tests.conftest import build_site


class Elements(HTMLParser):
    """Every start tag of a page with its attributes (entities decoded)."""

    def __init__(self, html):
        super().__init__()
        self.tags = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_directory_pages_are_written(mini_build):
    out = mini_build.output
    for path in [
        "index.html",
        "associations/index.html",
        "associations/jardin-des-tilleuls/index.html",
        "associations/jardin-des-tilleuls/jardin-des-tilleuls.vcf",
        "associations/themes/index.html",
        "associations/themes/environnement/index.html",
        "associations/quartiers/les-tilleuls/index.html",
        "associations/services/jardinage/index.html",
        "associations/types/association/index.html",
        "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/index.html",
        "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/ar/index.html",
        "actualites/index.html",
        "actualites/2026-01-05-bienvenue/index.html",
        "a-propos/index.html",
    ]:
        assert (out / path).is_file(), path
    assert mini_build.errors() == []


def test_only_images_leave_association_folders(mini_build):
    published = {p.relative_to(mini_build.output).as_posix() for p in mini_build.output.rglob("*")}
    assert "associations/jardin-des-tilleuls/images/logo.png" in published
    assert not [p for p in published if p.endswith((".yml", ".md"))]


def test_association_page(mini_build):
    html = mini_build.read("associations/jardin-des-tilleuls/index.html")
    assert '<a href="tel:+33199001001" dir="ltr">01 99 00 10 01</a>' in html  # its digits in order in Arabic
    assert 'href="mailto:jardin@example.org"' in html
    assert "https://www.openstreetmap.org/?mlat=46.58120&amp;mlon=0.34210" in html
    assert "<td>9 h – 12 h, 14 h – 17 h 30</td>" in html
    assert 'width="64" height="64"' in html
    assert "Le jardin rouvre ses portes" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1))
    assert data["@type"] == "Organization"
    assert data["telephone"] == "+33 1 99 00 10 01"
    assert data["address"]["postalCode"] == "86990"
    assert data["openingHoursSpecification"][0]["opens"] == "09:00"


def test_vcard(mini_build):
    text = mini_build.read("associations/jardin-des-tilleuls/jardin-des-tilleuls.vcf")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jardin des Tilleuls\r\n")
    assert "TEL;TYPE=WORK,VOICE:+33199001001\r\n" in text
    assert "ADR;TYPE=WORK:;;3 allée des Tilleuls;Val-de-Brume;;86990;France\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    assert "NOTE:Un jardin partagé au pied des immeubles\\, ouvert" in text


def test_translations_are_linked_and_rtl(mini_build):
    arabic = mini_build.read("associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/ar/index.html")
    assert re.search(r'<article class="news"[^>]* lang="ar" dir="rtl">', arabic)
    assert 'hreflang="fr"' in arabic
    french = mini_build.read("associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture/index.html")
    assert 'hreflang="ar"' in french
    # themes default to the association's
    assert "themes/environnement/" in french


def test_broken_items_are_skipped_and_the_rest_builds(scratch_site, tmp_path):
    news = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    news.write_text("---\ntitre: Bourse\ndate: 2026-02-30\n---\nTexte\n", encoding="utf-8")
    card = scratch_site / "associations/jardin-des-tilleuls/association.yml"
    card.write_text(card.read_text(encoding="utf-8").replace("9:00-12:00", "25:00-26:00"), encoding="utf-8")
    build = build_site(scratch_site, tmp_path / "out")
    errors = "\n".join(build.errors())
    assert "2026-04-02-bourse-aux-velos.md, ligne 3, date : « 2026-02-30 » n'est pas une date" in errors
    assert "association.yml, ligne 20, horaires.mercredi : « 25:00 » n'est pas une heure" in errors
    out = build.output
    # the invalid card's pages and news are not published, nothing else is lost
    assert not (out / "associations/jardin-des-tilleuls/index.html").exists()
    assert not (out / "associations/jardin-des-tilleuls/actualites").exists()
    assert not (out / "associations/jardin-des-tilleuls/images/logo.png").exists()
    assert (out / "associations/atelier-velo/index.html").is_file()
    assert (out / "actualites/2026-01-05-bienvenue/index.html").is_file()
    assert "Jardin des Tilleuls" not in (out / "associations/index.html").read_text()
    assert not list(out.rglob("*.md"))


XSS_DESCRIPTION = """description: |
  Bonjour <script>alert('x')</script> <img src=x onerror="alert(1)" alt="a">
  [clic](javascript:alert(2)) <iframe src="https://evil.example.org"></iframe>
  <a href="https://example.org" onclick="steal()">lien</a>
"""


def test_content_is_sanitised(scratch_site, tmp_path):
    card = scratch_site / "associations/atelier-velo/association.yml"
    card.write_text(card.read_text() + XSS_DESCRIPTION.replace("nom", "x"), encoding="utf-8")
    card.write_text(card.read_text().replace("nom: Atelier Vélo Roue Libre", "nom: Vélo <b>Libre</b>"))
    news = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    news.write_text(
        "---\ntitre: <script>alert(3)</script>\ndate: 2026-04-02\nresume: a <b onmouseover=x>b</b>\n---\n"
        "Texte <script>alert(4)</script><svg onload=alert(5)></svg>"
        '<a href="javascript:alert(6)">x</a> <p style="x" onclick="y">z</p>\n',
        encoding="utf-8",
    )
    build = build_site(scratch_site, tmp_path / "out")
    assert build.errors() == []
    for page in build.output.rglob("*.html"):
        for tag, attrs in Elements(page.read_text()).tags:
            assert tag not in ("object", "embed"), page
            if tag == "iframe":  # only the theme's own: the embeddable agenda's live preview
                assert attrs.get("class") == "embed-preview" and attrs["src"].endswith("/integrer/agenda/"), page
            # the only SVG is the gazette's own QR code
            assert tag != "svg" or page.parent.parent.name == "gazette" or page.parent.name == "gazette", page
            if tag == "script":
                assert attrs.get("type") == "application/ld+json" or attrs.get("src"), page
            assert not [name for name in attrs if name.startswith("on")], (page, tag, attrs)
            for name in ("href", "src"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:")
        assert "alert(4)" not in page.read_text()
    html = (build.output / "associations/atelier-velo/index.html").read_text()
    assert "Vélo &lt;b&gt;Libre&lt;/b&gt;" in html
    assert '<a href="https://example.org" rel="noopener">lien</a>' in html


BAD_CARDS = {
    "syntaxe": b"nom: Atelier: Velo\n",
    "tabulation": b"nom: Atelier\n\ttype: association\n",
    "vide": b"",
    "latin1": "nom: Atelier Vélo\n".encode("latin-1"),
    "alias": b'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n',
    "python": b"nom: !!python/object/apply:os.system ['touch /tmp/placette-pwned']\n",
    "type": b"nom: [Atelier]\ntype: association\nresume: x\nquartier: Le Moulin\n",
}


@pytest.mark.parametrize("case", sorted(BAD_CARDS))
def test_a_bad_card_never_crashes_the_build(scratch_site, tmp_path, case):
    (scratch_site / "associations/atelier-velo/association.yml").write_bytes(BAD_CARDS[case])
    build = build_site(scratch_site, tmp_path / "out")
    assert any(m.startswith("associations/atelier-velo/association.yml") for m in build.errors())
    assert not (build.output / "associations/atelier-velo/index.html").exists()
    assert (build.output / "associations/jardin-des-tilleuls/index.html").is_file()
    assert not (tmp_path / "placette-pwned").exists()
