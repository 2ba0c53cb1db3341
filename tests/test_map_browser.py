"""The map of the actors in real Chromium: where the markers are drawn, at
320 px, with the keyboard, on paper, and nothing asked of another host."""

from __future__ import annotations

import json
import runpy

import pytest

from placette.model.settings import read_pelican_settings
from tests.browser import axe_script
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

MAP = runpy.run_path(str(ROOT / "pelicanconf.py"))["MAP"]
PAGES = ["/carte/", "/carte/quartiers/le-moulin/", "/carte/services/ecrivain-public/",
         "/associations/les-voisines/agenda/atelier-cuisine-du-monde/"]  # fmt: skip


def expected_pixel(box: dict, lat: float, lon: float) -> tuple[float, float]:
    """Where (lat, lon) is on the plan drawn in `box`, from MAP["bbox"] alone."""
    lat_min, lon_min, lat_max, lon_max = MAP["bbox"]
    return (box["x"] + (lon - lon_min) / (lon_max - lon_min) * box["width"],
            box["y"] + (lat_max - lat) / (lat_max - lat_min) * box["height"])  # fmt: skip


def _open(browser, url: str, width: int):
    page = browser.new_page(viewport={"width": width, "height": 640})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, requests


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("path", PAGES)
def test_map_pages_ask_nothing_of_another_host_fit_and_pass_axe(browser, demo_site, path, width):
    page, requests = _open(browser, demo_site + path, width)
    assert requests and all(r.startswith(demo_site) for r in requests), requests
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run(document)")
    page.close()
    violations = [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]]
    assert violations == [], json.dumps(violations, ensure_ascii=False, indent=1)


def _cards() -> dict[str, tuple[float, float]]:
    from placette.model.directory import load_directory
    from placette.model.settings import portal_config

    directory = load_directory(portal_config(read_pelican_settings(ROOT / "pelicanconf.py")))
    return {a.name: a.coordinates for a in directory.associations.values()}


@pytest.mark.parametrize("width", [320, 640])
def test_every_marker_is_where_its_card_says_readable_and_keyed_to_the_list(browser, demo_site, width):
    page, _ = _open(browser, demo_site + "/carte/", width)
    plan = page.locator(".plan-fond").bounding_box()
    groups = page.evaluate("""() => [...document.querySelectorAll('.plan-reperes li')].map(li => {
        const box = e => { const r = e.getBoundingClientRect();
                           return {x: r.x + window.scrollX, y: r.y + window.scrollY, w: r.width, h: r.height}; };
        return {align: li.className, box: box(li), markers: [...li.children].map(a => ({
            target: a.getAttribute('href'), text: a.textContent, ...box(a)}))};
    })""")
    listed = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.plan-liste > li')]
        .map(li => [li.id, li.querySelector('a').textContent]))""")
    cards = _cards()
    markers = [m for g in groups for m in g["markers"]]
    assert len(markers) == len(listed) == len(cards) == 22  # every demo card is on the plan
    for group in groups:
        first = group["markers"][0]["text"].split(" : ", 1)[1]
        x, y = expected_pixel(plan, *cards[first])  # the group starts at its first card's place
        box, top_row = group["box"], [m for m in group["markers"] if m["y"] == group["markers"][0]["y"]]
        # near an edge the row grows inwards from the place, so that it stays on the plan
        anchor = {"au-centre": box["x"] + box["w"] / 2, "vers-droite": top_row[0]["x"] + top_row[0]["w"] / 2,
                  "vers-gauche": top_row[-1]["x"] + top_row[-1]["w"] / 2}[group["align"]]  # fmt: skip
        assert abs(anchor - x) < 1.5 and abs(box["y"] + box["h"] / 2 - y) < 1.5, (group, x, y)
    # and a dot on each place, exactly
    dots = page.evaluate("""() => [...document.querySelectorAll('.plan-pt')].map(d => {
        const r = d.getBoundingClientRect(); return [r.x + window.scrollX + r.width / 2, r.y + window.scrollY + r.height / 2];
    })""")
    names = [m["text"].split(" : ", 1)[1] for m in sorted(markers, key=lambda m: int(m["text"].split(" : ")[0]))]
    assert len(dots) == len(names)
    for (x, y), name in zip(dots, names, strict=True):
        ex, ey = expected_pixel(plan, *cards[name])
        assert abs(x - ex) < 1 and abs(y - ey) < 1, (name, x, y, ex, ey)
    for m in markers:
        number, name = m["text"].split(" : ", 1)
        assert m["target"] == f"#lieu-{number}" and listed[f"lieu-{number}"] == name  # the same line of the list
        # inside the plan, big enough, and no marker covers another (numbers stay legible)
        assert plan["x"] <= m["x"] and m["x"] + m["w"] <= plan["x"] + plan["width"] + 0.5, m
        assert plan["y"] <= m["y"] and m["y"] + m["h"] <= plan["y"] + plan["height"] + 0.5, m
        assert m["w"] >= 24 and m["h"] >= 24, m
    for i, a in enumerate(markers):
        for b in markers[i + 1 :]:
            apart = (a["x"] + a["w"] <= b["x"] + 0.5 or b["x"] + b["w"] <= a["x"] + 0.5
                     or a["y"] + a["h"] <= b["y"] + 0.5 or b["y"] + b["h"] <= a["y"] + 0.5)  # fmt: skip
            assert apart, (a, b)
    page.close()


def test_the_event_point_is_where_the_event_place_is(browser, demo_site):
    page, _ = _open(browser, demo_site + "/associations/les-voisines/agenda/atelier-cuisine-du-monde/", 360)
    page.locator(".plan-lieu").scroll_into_view_if_needed()
    plan = page.locator(".plan-lieu .plan-fond").bounding_box()
    point = page.locator(".plan-point").bounding_box()
    x, y = expected_pixel(plan, 46.5834, 0.3381)  # lieu.gps of the event's file
    assert abs(point["x"] + point["width"] / 2 - x) < 1.5 and abs(point["y"] + point["height"] / 2 - y) < 1.5
    page.close()


def test_a_marker_is_reached_by_the_keyboard_and_leads_to_its_line(browser, demo_site):
    page, _ = _open(browser, demo_site + "/carte/", 360)
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.plan-reperes')"):
            break
    label = page.evaluate("document.activeElement.textContent")
    number = label.split(" : ")[0]
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == f"#lieu-{number}"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.close()


def test_the_map_prints_with_its_markers_and_its_list(browser, demo_site):
    page, _ = _open(browser, demo_site + "/carte/", 360)
    page.emulate_media(media="print")
    shown = page.evaluate("""() => ['.plan-fond', '.plan-reperes a', '.plan-liste']
        .map(s => getComputedStyle(document.querySelector(s)).display)""")
    assert "none" not in shown
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header nav')).display") == "none"
    after = page.evaluate("getComputedStyle(document.querySelector('.plan-reperes a'), '::after').content")
    assert after in ("none", "normal")  # no link address printed over the plan
    assert len(page.pdf(format="A4")) > 1000
    page.close()
