"""The agenda inside partners' sites (/integrer/…): compact pages without
script, every link opening the portal in a new tab, framed by another site
at 300 px and passing axe-core there; only these pages may be framed
(the sample nginx configuration); the « S'abonner » page gives the code."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import html as lxml_html

from tests.browser import axe_script, serve
from tests.conftest import PUBLIC_URL, ROOT

KINDS = {
    "tout l'agenda": "integrer/agenda/",
    "une association": "integrer/associations/plume-et-papiers/",
    "un thème": "integrer/themes/acces-aux-droits/",
    "un quartier": "integrer/quartiers/les-tilleuls/",
}
VARIANTS = ("", "neutre/")


def _embeds(output: Path) -> list[Path]:
    return sorted((output / "integrer").rglob("index.html"))


def test_every_embed_page_is_compact_without_script_and_opens_links_in_a_new_tab(demo_build):
    pages = _embeds(demo_build.output)
    # the whole agenda, each association, theme and sub-neighbourhood, in two colours
    assert len(pages) == 2 * (1 + 22 + 16 + 4), len(pages)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        tree = lxml_html.fromstring(text)
        relative = page.relative_to(demo_build.output).as_posix()
        assert tree.xpath("//script") == [] and tree.xpath("//link[@rel='stylesheet']") == [], relative
        assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"], relative
        links = tree.xpath("//a")
        assert links, relative
        for link in links:
            assert link.get("target") == "_blank" and "noopener" in link.get("rel", "").split(), relative
        assert len(text.encode()) < 12_000, (relative, len(text.encode()))  # all of it: no other request
        assert len(tree.xpath("//li[contains(@class, 'event')]")) <= 8


def test_an_embed_lists_the_next_sessions_of_its_group_only(demo_build):
    today = dt.date(2026, 11, 22)

    def sessions(path: str) -> list:
        tree = lxml_html.fromstring((demo_build.output / path / "index.html").read_bytes())
        found = []
        for item in tree.xpath("//li[contains(@class, 'event')]"):
            start = dt.datetime.fromisoformat(item.xpath(".//time/@datetime")[0])
            where = item.xpath(".//p[@class='where']")[0].text_content()
            found.append((start, where, urljoin(f"http://site.test/{path}/", item.xpath(".//a/@href")[0])))
        return found

    everything = sessions("integrer/agenda")
    assert len(everything) == 8
    starts = [s for s, _, _ in everything]
    assert starts == sorted(starts, key=lambda s: s.replace(tzinfo=None)) and starts[0].date() >= today
    own = sessions("integrer/associations/plume-et-papiers")
    assert own and all(where.startswith("Plume et Papiers") for _, where, _ in own)
    assert all(href.startswith("http://site.test/associations/plume-et-papiers/agenda/") for _, _, href in own)
    assert sessions("integrer/associations/plume-et-papiers/neutre") == own
    empty = lxml_html.fromstring((demo_build.output / "integrer/quartiers/champ-fleuri/index.html").read_bytes())
    listed = empty.xpath("//li[contains(@class, 'event')]")
    assert listed or "Aucun rendez-vous" in empty.text_content()


HOST = """<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Centre social — agenda</title></head>
<body><main><h1>Le site d'un partenaire</h1>
<iframe src="{src}" title="Les prochains rendez-vous du quartier" width="300" height="560" style="border:0"></iframe>
</main></body></html>"""


def _axe(frame) -> list:
    frame.add_script_tag(path=str(axe_script()))
    result = frame.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]  # fmt: skip


@pytest.mark.browser
@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_embed_in_another_site_at_300_px_passes_axe(browser, demo_site, tmp_path, kind, variant):
    """The partner's page is served from another origin, as on a real partner site."""
    (tmp_path / "index.html").write_text(HOST.format(src=f"{demo_site}/{KINDS[kind]}{variant}"), encoding="utf-8")
    with serve(tmp_path) as partner:
        page = browser.new_page(viewport={"width": 340, "height": 700})
        page.goto(partner + "/")
        frame = page.frame_locator("iframe")
        frame.locator("h1").wait_for()
        (embedded,) = [f for f in page.frames if f.url.startswith(demo_site)]
        assert embedded.evaluate("document.documentElement.clientWidth") == 300
        # readable at 300 px: nothing wider than the frame, no text smaller than 12 px
        assert embedded.evaluate("document.documentElement.scrollWidth") <= 300
        smallest = embedded.evaluate(
            "Math.min(...[...document.querySelectorAll('body *')].map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12
        violations = _axe(page.main_frame) + _axe(embedded)
        page.close()
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def _locations(text: str) -> dict[str, str]:
    """Each location block of the site's server: its pattern -> its body."""
    text = re.sub(r"#[^\n]*", "", text)
    return {m.group(1).strip(): m.group(2) for m in re.finditer(r"location\s+([^{]*)\{([^}]*)\}", text)}


def test_sample_nginx_allows_framing_for_embed_pages_only():
    text = (ROOT / "docs/deploiement/nginx-site.conf").read_text(encoding="utf-8")
    server = re.sub(r"#[^\n]*", "", text).split("server {")[1]
    outside = re.sub(r"location\s+[^{]*\{[^}]*\}", "", server)
    assert 'add_header X-Frame-Options "DENY" always;' in outside
    assert "add_header Content-Security-Policy \"frame-ancestors 'none'\" always;" in outside
    locations = _locations(text)
    # `^~`: no regular-expression location can take an embed page away from its block
    embed = locations.pop("^~ /integrer/")
    assert 'add_header Content-Security-Policy "frame-ancestors *" always;' in embed
    assert "X-Frame-Options" not in embed and "try_files" in embed
    for pattern, body in locations.items():
        assert "frame-ancestors *" not in body and "X-Frame-Options" not in body, pattern
        # a location with its own add_header forgets the server's: none serves pages
        if "add_header" in body:
            assert "try_files" not in body and pattern != "/", pattern


def test_the_subscription_page_gives_the_code_and_a_live_preview(demo_month_end):
    tree = lxml_html.fromstring((demo_month_end.output / "abonnement/index.html").read_bytes())
    (snippet,) = tree.xpath("//textarea[@id='code-integrer']")
    assert tree.xpath("//label[@for='code-integrer']")
    (code,) = lxml_html.fragments_fromstring(snippet.text)
    assert code.tag == "iframe" and code.get("src") == f"{PUBLIC_URL}/integrer/agenda/"
    assert code.get("title") and code.get("width") == "100%"
    (preview,) = tree.xpath("//iframe[contains(@class, 'embed-preview')]")
    assert preview.get("src") == f"{PUBLIC_URL}/integrer/agenda/" and preview.get("title")
    listed = tree.xpath("//ul[@class='embed-links']/li/code/text()")
    assert f"{PUBLIC_URL}/integrer/associations/plume-et-papiers/" in listed
    for address in listed:
        assert (demo_month_end.output / address.removeprefix(PUBLIC_URL + "/") / "index.html").is_file(), address
