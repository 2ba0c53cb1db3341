"""Link previews read as a messaging app reads them: the OpenGraph tags of every
page (extruct, a library made to extract them), the Twitter-card tags and the
canonical link (lxml), and each og:image opened with Pillow at its declared size."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import extruct
import pytest
import recurring_ical_events
from icalendar import Calendar
from lxml import html as lxml_html
from PIL import Image

from placette.model import dates
from tests.conftest import PUBLIC_URL

DEV_URL = "http://127.0.0.1:8000"
# Pages made to be shown inside other sites (plugins/placette_embed): no preview of their own.
WITHOUT_PREVIEW = ("integrer/",)
REQUIRED = ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name",
            "og:image", "og:image:width", "og:image:height", "og:image:alt")  # fmt: skip
TWITTER = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")


def read_tags(path: Path) -> tuple[dict, dict, str | None]:
    """(OpenGraph properties, Twitter-card tags, canonical address) of a page."""
    text = path.read_text(encoding="utf-8")
    (graph,) = extruct.extract(text, syntaxes=["opengraph"], uniform=False)["opengraph"]
    properties: dict[str, str] = {}
    for name, value in graph["properties"]:
        if name == "og:locale:alternate":  # OpenGraph's one array here: each other language of the page
            properties.setdefault(name, [])
            assert value not in properties[name], f"{path}: {name} {value} twice"
            properties[name].append(value)
            continue
        assert name not in properties, f"{path}: {name} twice"
        properties[name] = value
    tree = lxml_html.fromstring(text)
    twitter = {m.get("name"): m.get("content") for m in tree.xpath("//head/meta[starts-with(@name, 'twitter:')]")}
    canonical = tree.xpath("//head/link[@rel='canonical']/@href")
    assert len(canonical) == 1, path
    return properties, twitter, canonical[0]


@cache
def image_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as image:
        image.load()  # the whole file is read: a truncated image fails here
        return image.size


def pages(output: Path) -> list[Path]:
    """Every page with a preview, in every interface language (ar/integrer/… is an embed too)."""
    return [p for p in sorted(output.rglob("*.html"))
            if not re.sub(r"^(ar|en)/", "", p.relative_to(output).as_posix()).startswith(WITHOUT_PREVIEW)]  # fmt: skip


@pytest.mark.parametrize("which", ["demo_build", "demo_month_end"])
def test_every_page_has_a_complete_preview_whose_image_exists_at_its_declared_size(request, which):
    build = request.getfixturevalue(which)
    siteurl = PUBLIC_URL if which == "demo_month_end" else DEV_URL
    found = pages(build.output)
    assert len(found) > 250
    kinds = set()
    for page in found:
        relative = page.relative_to(build.output).as_posix()
        graph, twitter, canonical = read_tags(page)
        missing = [name for name in REQUIRED if not graph.get(name, "").strip()]
        assert missing == [], (relative, missing)
        assert sorted(twitter) == sorted(TWITTER) and all(twitter.values()), (relative, twitter)
        address = f"{siteurl}/{relative.removesuffix('index.html')}"
        assert graph["og:url"] == canonical == address, relative
        assert graph["og:title"] == twitter["twitter:title"] and graph["og:image"] == twitter["twitter:image"]
        assert graph["og:locale"] in ("fr_FR", "ar_AR", "en_GB", "es_ES", "pt_PT", "tr_TR"), relative
        image = graph["og:image"]
        assert image.startswith(siteurl + "/"), (relative, image)
        file = build.output / image.removeprefix(siteurl + "/")
        declared = (int(graph["og:image:width"]), int(graph["og:image:height"]))
        assert image_size(file) == declared, (relative, image)
        large = declared == (1200, 630)
        assert twitter["twitter:card"] == ("summary_large_image" if large else "summary"), relative
        kinds.add((graph["og:type"], large))
    assert kinds == {("article", True), ("website", True), ("website", False)}  # items, other pages, logos


def test_each_page_type_shows_its_own_picture(demo_month_end):
    def graph(relative: str) -> dict:
        return read_tags(demo_month_end.output / relative)[0]

    event = graph("associations/plume-et-papiers/agenda/permanence-du-lundi/index.html")
    assert event["og:type"] == "article" and event["og:title"] == "Permanence de l'écrivain public, le lundi après-midi"
    assert event["og:image"] == f"{PUBLIC_URL}/associations/plume-et-papiers/agenda/permanence-du-lundi/apercu.jpg"
    news = graph(
        "associations/centre-socio-culturel-des-quatre-vents/actualites/2026-06-02-fete-de-quartier/index.html"
    )
    assert news["og:image"].endswith("/2026-06-02-fete-de-quartier/apercu.jpg")
    assert "Publiée le mardi 2 juin 2026" in news["og:image:alt"]
    association = graph("associations/plume-et-papiers/index.html")
    assert association["og:image"] == f"{PUBLIC_URL}/associations/plume-et-papiers/images/logo.png"
    assert association["og:title"] == "Plume et Papiers" and association["og:type"] == "website"
    home = graph("index.html")
    assert home["og:image"] == f"{PUBLIC_URL}/apercu.jpg" and home["og:locale"] == "fr_FR"
    arabic = graph("ar/associations/les-voisines/agenda/cafe-des-voisines/index.html")  # the Arabic translation
    assert arabic["og:locale"] == "ar_AR"
    assert arabic["og:image"].endswith("/ar/associations/les-voisines/agenda/cafe-des-voisines/apercu.jpg")
    assert re.search("[\u0600-\u06ff]", arabic["og:title"])  # the title of the translation, in Arabic


def test_a_cancelled_event_says_so_in_its_preview(demo_month_end):
    folder = demo_month_end.output / "associations/studio-rafale/agenda/scene-ouverte-decembre"
    graph = read_tags(folder / "index.html")[0]
    assert graph["og:title"].startswith("ANNULÉ : ") and graph["og:image:alt"].startswith("ANNULÉ — ")
    with Image.open(folder / "apercu.jpg") as image:
        band = image.convert("RGB").getpixel((600, 8))  # the top band: red, not the portal's blue
    assert band[0] > 140 and band[1] < 60 and band[2] < 60, band


def _next_sessions(ics: Path, today: dt.date) -> list:
    calendar = Calendar.from_ical(ics.read_bytes())
    start = dt.datetime.combine(today, dt.time())
    found = recurring_ical_events.of(calendar).between(start, start + dt.timedelta(days=400))
    return sorted((e for e in found if str(e.get("STATUS", "CONFIRMED")) != "CANCELLED"),
                  key=lambda e: str(e["DTSTART"].dt))  # fmt: skip


@pytest.mark.parametrize(
    "which, today", [("demo_build", dt.date(2026, 11, 22)), ("demo_month_end", dt.date(2026, 11, 30))]
)
def test_an_event_preview_says_its_next_session_in_french(request, which, today):
    """Swept over two build days: the picture's text (its alt) names the next
    session the event's own .ics gives, as « lundi 23 novembre, 14 h – 17 h »."""
    build = request.getfixturevalue(which)
    checked = 0
    for ics in sorted(build.output.glob("associations/*/agenda/*.ics")):
        page = ics.with_suffix("") / "index.html"
        graph = read_tags(page)[0]
        if graph["og:title"].startswith(("ANNULÉ", "REPORTÉ")):
            continue
        sessions = _next_sessions(ics, today)
        if not sessions:
            continue
        start = sessions[0]["DTSTART"].dt
        if isinstance(start, dt.datetime):
            start = start.astimezone(ZoneInfo("Europe/Paris")) if start.tzinfo else start
            said = f"{dates.day_month(start.date(), today)}, {dates.time_label(start)}"
        else:
            said = dates.day_month(start, today)
        assert said in graph["og:image:alt"], (page, said, graph["og:image:alt"])
        checked += 1
    assert checked > 20
