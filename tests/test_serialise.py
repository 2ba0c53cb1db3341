"""The serialiser is the inverse of validation: what it writes reads back as
the values it was given, for generated values and for every demo file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from placette.model import serialise
from placette.model.annonces import ANNONCE_FIELDS, parse_annonce
from placette.model.card import CARD_FIELDS, Address, Image, parse_card
from placette.model.documents import read_document
from placette.model.event_file import parse_event
from placette.model.events import EVENT_FIELDS, DateRange, Override, Place
from placette.model.hours import DAYS, Day, Range
from placette.model.layout import CARD_FILE
from placette.model.news import NEWS_FIELDS, parse_news
from placette.model.portraits import PORTRAIT_FIELDS, parse_portrait
from placette.model.settings import portal_config, read_pelican_settings

ROOT = Path(__file__).resolve().parent.parent
CONFIG = portal_config(read_pelican_settings(ROOT / "pelicanconf.py"))
DEMO_CARDS = sorted(CONFIG.associations_path.glob(f"*/{CARD_FILE}"))
DEMO_DOCUMENTS = sorted(CONFIG.associations_path.glob("*/*/*.md")) + sorted(CONFIG.portal_news_path.glob("*.md"))


def _without_lines(values: dict) -> dict:
    """Values as compared: an override's line in its file is where it was read, not a value."""
    found = dict(values)
    if found.get("overrides"):
        found["overrides"] = [dataclasses.replace(o, line=None) for o in found["overrides"]]
    return found


# -- every demo file: parse -> serialise -> parse gives the same values -------------------------
def test_the_demo_has_files_of_every_kind():
    assert len(DEMO_CARDS) >= 10 and len(DEMO_DOCUMENTS) >= 20
    assert any("/agenda/" in p.as_posix() for p in DEMO_DOCUMENTS)


@pytest.mark.parametrize("path", DEMO_CARDS, ids=lambda p: p.parent.name)
def test_every_demo_card_reads_back_the_same_once_written(path):
    association, problems = parse_card(path.read_bytes(), "x", path.parent, path.parent.name, CONFIG)
    assert problems == []
    written = serialise.card(association, CARD_FIELDS)
    again, problems = parse_card(written, "x", path.parent, path.parent.name, CONFIG)
    assert problems == [], written.decode()
    assert dataclasses.replace(again, source=association.source) == association


@pytest.mark.parametrize("path", DEMO_DOCUMENTS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_every_demo_document_reads_back_the_same_once_written(path):
    where, item, problems = read_document(path, CONFIG)
    assert problems == []
    assert where.kind in ("news", "event", "annonce", "portrait")
    fields = {"event": EVENT_FIELDS, "annonce": ANNONCE_FIELDS, "portrait": PORTRAIT_FIELDS}.get(
        where.kind, NEWS_FIELDS
    )
    written = serialise.document(item.values, fields, item.body)
    if where.kind == "event":
        again, problems = parse_event(written, "x", path, CONFIG, where.image_folder, where.association)
    elif where.kind == "annonce":
        again, problems = parse_annonce(written, "x", path, CONFIG, where.image_folder, where.association)
        assert again.annonce == item.annonce
    elif where.kind == "portrait":
        again, problems = parse_portrait(written, "x", path, CONFIG, where.image_folder, where.association)
        assert again.portrait == item.portrait
    else:
        again, problems = parse_news(written, "x", path, CONFIG, where.image_folder, fields)
    assert problems == [], written.decode()
    assert _without_lines(again.values) == _without_lines(item.values)
    assert again.body == item.body
    if where.kind == "event":

        def unlined(event):
            return dataclasses.replace(event, overrides=[dataclasses.replace(o, line=None) for o in event.overrides])

        assert unlined(again.event) == unlined(item.event)


# -- generated values ---------------------------------------------------------------------------
# Text as volunteers type it: accents, quotes, colons, hashes, brackets, YAML words, other scripts.
ALPHABET = st.sampled_from(list("aZé ':#-[]{},&*!|>%@`\"\\ç€لا中") + ["yes", "null", "~", "---", " - "])
LINE = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).map(str.strip).filter(bool)
MULTILINE = st.lists(LINE, min_size=1, max_size=4).map("\n".join)
DAY = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))
MINUTE = st.times().map(lambda t: t.replace(second=0, microsecond=0))
# A moment that exists once in Europe/Paris (no DST gap or fold: validation refuses those)
MOMENT = st.builds(dt.datetime.combine, DAY, MINUTE).filter(lambda m: not 1 <= m.hour <= 3)


def _labels(vocabulary):
    return st.lists(st.sampled_from(vocabulary.labels), max_size=3, unique=True)


@st.composite
def hours(draw):
    chosen = {}
    for day in draw(st.lists(st.sampled_from(DAYS), min_size=1, max_size=7, unique=True)):
        kind = draw(st.sampled_from(["ouvert", "fermé", "sur rendez-vous"]))
        if kind != "ouvert":
            chosen[day] = Day(day, kind)
            continue
        starts = sorted(draw(st.lists(st.integers(0, 23), min_size=1, max_size=3, unique=True)))
        chosen[day] = Day(day, "ouvert", tuple(Range(f"{h:02d}:00", f"{h:02d}:30") for h in starts))
    return tuple(chosen.get(d) or Day(d, "fermé") for d in DAYS)


COORDINATES = st.tuples(st.floats(-90, 90), st.floats(-180, 180))


@st.composite
def cards(draw):
    c = CONFIG
    return {
        "name": draw(LINE), "kind": draw(st.sampled_from(c.kinds.labels)), "summary": draw(LINE),
        "description": draw(st.none() | MULTILINE),
        "address": draw(st.none() | st.builds(Address, LINE, st.none() | LINE, st.just("86000"), LINE)),
        "coordinates": draw(st.none() | COORDINATES),
        "neighbourhood": draw(st.sampled_from(c.neighbourhoods.labels)),
        "phone": draw(st.none() | st.just("05 49 00 00 00")),
        "email": draw(st.none() | st.just("contact@example.org")),
        "website": draw(st.none() | st.just("https://example.org/a?b=1#c")),
        "social": draw(st.just(()) | st.just((("mastodon", "https://social.example.org/@x"),))),
        "hours": draw(st.just(()) | hours()), "hours_note": draw(st.none() | LINE),
        "themes": draw(_labels(c.themes)), "services": draw(_labels(c.services)),
        "languages": draw(st.lists(st.sampled_from(sorted(c.languages.values())), max_size=3, unique=True)),
        "accessibility": draw(_labels(c.accessibility)),
        "logo": draw(st.none() | st.builds(Image, st.just("images/logo.png"), LINE)),
        "maintainers": draw(st.lists(st.sampled_from(["a.martin", "b-durand", "c_2"]), max_size=2, unique=True)),
        "confirmed_on": draw(st.none() | DAY),
    }  # fmt: skip


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "logo.png").write_bytes(b"")
    return tmp_path


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(values=cards())
def test_a_written_card_reads_back_as_its_values(folder, values):
    written = serialise.card(values, CARD_FIELDS)
    association, problems = parse_card(written, "x", folder, "x", CONFIG)
    assert problems == [], written.decode()
    assert {k: getattr(association, k) for k in values} == values


@SETTINGS
@given(title=LINE, date=MOMENT, summary=st.none() | LINE, themes=_labels(CONFIG.themes), draft=st.booleans(),
       image=st.none() | st.builds(Image, st.just("images/logo.png"), LINE), body=MULTILINE,
       source_id=st.none() | LINE)  # fmt: skip
def test_a_written_news_item_reads_back_as_its_values(folder, title, date, summary, themes, draft, image, body,
                                                      source_id):  # fmt: skip
    values = {"title": title, "date": date, "modified": None, "summary": summary, "themes": themes, "image": image,
              "lang": None, "translation_of": None, "draft": draft,
              "source": "https://agenda.example.org/flux.xml" if source_id else None, "source_id": source_id}  # fmt: skip
    written = serialise.document(values, NEWS_FIELDS, body + "\n")
    item, problems = parse_news(written, "x", folder / "actualites" / "a.md", CONFIG, folder)
    assert problems == [], written.decode()
    assert item.values == values and item.body == body + "\n"


@st.composite
def events(draw):
    """An event: one day, or a weekly rule with exceptions and changed sessions."""
    start = draw(MOMENT)
    values = {f.name: (f.default() if callable(f.default) else f.default) for f in EVENT_FIELDS}
    values.update(title=draw(LINE), start=start, summary=draw(st.none() | LINE), price=draw(st.none() | LINE),
                  status=draw(st.sampled_from(["scheduled", "cancelled", "full"])),
                  place=draw(st.none() | st.builds(Place, LINE, st.none() | LINE, st.none() | COORDINATES)),
                  audience=draw(_labels(CONFIG.audiences)), themes=draw(_labels(CONFIG.themes)))  # fmt: skip
    if draw(st.booleans()):
        values["start"] = start.date()
        values["end"] = draw(st.none() | st.just(start.date() + dt.timedelta(days=2)))
    elif start.hour < 23:
        values["end"] = draw(st.none() | st.just(dt.time(start.hour + 1, start.minute)))
    if draw(st.booleans()):
        values["rrule"] = "FREQ=WEEKLY;BYDAY=" + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()]
        week = dt.timedelta(days=7)
        first = values["start"]

        def on(n):
            return first + n * week

        values["exdates"] = [on(1).date() if isinstance(first, dt.datetime) else on(1),
                             DateRange(on(3).date() if isinstance(first, dt.datetime) else on(3),
                                       on(4).date() if isinstance(first, dt.datetime) else on(4))]  # fmt: skip
        values["exdates_note"] = draw(st.none() | LINE)
        values["overrides"] = [Override(on(2), "cancelled", note=draw(st.none() | LINE)),
                               Override(on(5), "scheduled", start=on(6), place=Place(draw(LINE)))]  # fmt: skip
    return values


@SETTINGS
@given(values=events(), body=st.none() | MULTILINE)
def test_a_written_event_reads_back_as_its_values(folder, values, body):
    written = serialise.document(values, EVENT_FIELDS, (body or "") + "\n")
    item, problems = parse_event(written, "x", folder / "agenda" / "a.md", CONFIG, folder, "x")
    assert problems == [], written.decode()
    assert _without_lines(item.values) == values


@pytest.mark.parametrize("text", ["oui", "12:30", "a: b", "# x", "- x", "[x]", "l'été « ici »", "\\", '"', "é\u2028"])
def test_a_scalar_reads_back_exactly(text):
    from placette.model import yamlload

    assert yamlload.load(f"k: {serialise.scalar(text)}\n")["k"] == text
