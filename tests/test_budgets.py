"""What a resident with an old phone and no data left pays for each page."""

import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import build_site

TYPICAL = {
    "accueil": "index.html",
    "association": "associations/plume-et-papiers/index.html",
    "événement": "associations/plume-et-papiers/agenda/permanence-du-lundi/index.html",
    "actualité": "associations/centre-socio-culturel-des-quatre-vents/actualites/2026-06-02-fete-de-quartier/index.html",
    "agenda (deux semaines)": "agenda/index.html",
    "annuaire": "associations/index.html",
    "portraits": "portraits/index.html",
    "portrait": "associations/centre-socio-culturel-des-quatre-vents/portraits/"
    "2026-11-18-josiane-la-memoire-des-tilleuls/index.html",
    "documents d'une association": "associations/jardin-partage-des-lavandieres/documents/index.html",
    "facile à lire": "facile-a-lire/index.html",
    "événement facile à lire": "associations/centre-socio-culturel-des-quatre-vents/agenda/"
    "festival-des-quatre-vents/facile/index.html",
}
LIMIT, LIMIT_GZ = 50 * 1024, 15 * 1024


class Resources(HTMLParser):
    """Stylesheets and scripts a page loads, and every external reference."""

    def __init__(self):
        super().__init__()
        self.assets, self.external = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" or tag == "script" and a.get("src"):
            self.assets.append(a.get("href") or a.get("src"))
        loaded = {"img": "src", "script": "src", "iframe": "src", "source": "srcset", "audio": "src",
                  "video": "src", "embed": "src", "object": "data"}  # fmt: skip
        value = a.get(loaded.get(tag, "")) or (
            a.get("href") if tag == "link" and a.get("rel") in ("stylesheet", "preload", "icon", "manifest") else None
        )
        if value and re.match(r"^(https?:)?//", value.strip()):
            self.external.append((tag, value))


def weight(output: Path, page: str) -> tuple[int, int]:
    html = (output / page).read_bytes()
    parser = Resources()
    parser.feed(html.decode())
    files = [html] + [(output / page).parent.joinpath(src).resolve().read_bytes() for src in parser.assets]
    return sum(len(f) for f in files), sum(len(gzip.compress(f, 9)) for f in files)


@pytest.mark.parametrize("name", sorted(TYPICAL))
def test_typical_pages_fit_the_budget(demo_build, name):
    raw, packed = weight(demo_build.output, TYPICAL[name])
    assert raw <= LIMIT and packed <= LIMIT_GZ, (name, raw, packed)


def test_no_page_loads_anything_from_another_host(demo_build):
    for page in demo_build.output.rglob("*.html"):
        parser = Resources()
        parser.feed(page.read_text())
        assert parser.external == [], (page, parser.external)


def test_a_city_directory_is_split_by_letter(tmp_path):
    site = tmp_path / "ville"
    for i in range(400):
        folder = site / "associations" / f"asso-{i:03d}"
        folder.mkdir(parents=True)
        name = f"{'ABCDEFGHIJKLMNOPRSTV'[i % 20]}ssociation numéro {i}"
        (folder / "association.yml").write_text(
            f"nom: {name}\ntype: association\nresume: Une association du quartier, avec un résumé "
            f"de longueur habituelle pour l'annuaire.\nquartier: Le Moulin\nthemes: [sport]\n"
        )
    build = build_site(site, tmp_path / "out")
    out = build.output
    assert weight(out, "associations/index.html")[0] <= LIMIT
    letters = sorted(p.parent.name for p in (out / "associations/lettre").glob("*/index.html"))
    assert len(letters) == 20
    for letter in letters:
        assert weight(out, f"associations/lettre/{letter}/index.html")[0] <= LIMIT
    # 400 associations in one theme: paginated by 40
    pages = sorted((out / "associations/themes/sport").rglob("index.html"))
    assert len(pages) == 10
    for page in pages:
        assert weight(out, page.relative_to(out).as_posix())[0] <= LIMIT


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(TYPICAL) + ["recherche", "abonnement"])
def test_small_screens_and_large_text(browser, demo_site, name):
    url = demo_site + "/" + TYPICAL.get(name, f"{name}/index.html").removesuffix("index.html")
    page = browser.new_page(viewport={"width": 320, "height": 640})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    assert all(r.startswith(demo_site) for r in requests), [r for r in requests if not r.startswith(demo_site)]
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "no sideways scrolling at 320 px"
    small = page.evaluate("""() => [...document.querySelectorAll(
        'header a, footer a, nav a, .chips a, .letters a, .button, button, input, .subscribe a')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim().slice(0, 30), e.getBoundingClientRect().height])
        .filter(([_, h]) => h < 44)""")
    assert small == [], f"tap targets under 44 px: {small}"
    page.set_viewport_size({"width": 640, "height": 800})
    page.add_style_tag(content="html { font-size: 200% !important; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 640, "text at 200 % fits"
    page.close()


@pytest.mark.browser
def test_screenshots_show_the_pages(browser, demo_site, tmp_path):
    from PIL import Image

    from tests.screenshots import take

    for path in take(demo_site, browser, tmp_path):
        with Image.open(path) as image:
            assert image.size == (360, 640)
            colours = image.convert("RGB").getcolors(maxcolors=100000)
            assert colours is None or len(colours) > 20, path  # not a blank page
