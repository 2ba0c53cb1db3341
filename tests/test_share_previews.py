"""The preview pictures: the same card gives the same bytes (in another
process too), a card is drawn once (cached by content hash), and a build
produces a preview again only when its item changes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys

import pytest
from PIL import Image

from placette.build import incremental, previews
from tests.conftest import FIXTURES, ROOT, build_site

CARD = previews.Card(
    title="Café réparation : on répare ensemble grille-pain et vélos", kind="Agenda",
    when="samedi 5 décembre, 10 h – 12 h 30", place="Maison des Tilleuls, 3 rue des Lilas",
    author="Atelier Vélo des Tilleuls", site="Placette des Quatre-Vents",
    picture="associations/etoile-sportive-des-quatre-vents/images/gala-de-boxe.jpg",
)  # fmt: skip
DRAW = """
import sys
from pathlib import Path
from placette.build import previews
card = previews.Card(**{json})
sys.stdout.buffer.write(previews.preview(card, previews.Fonts(), Path(sys.argv[1]), Path(sys.argv[2])))
"""


def test_the_same_card_gives_the_same_bytes_in_another_process(tmp_path):
    import dataclasses
    import json

    first = previews.preview(CARD, previews.Fonts(), ROOT, tmp_path / "a")
    script = DRAW.replace("{json}", repr(json.loads(json.dumps(dataclasses.asdict(CARD)))))
    other = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path / "b")], capture_output=True,
                           check=True, env={"PYTHONHASHSEED": "123", "PATH": ""}, cwd=ROOT).stdout  # fmt: skip
    assert hashlib.sha256(first).digest() == hashlib.sha256(other).digest()
    with Image.open(tmp_path / "a" / next((tmp_path / "a").iterdir()).name) as image:
        assert image.size == (1200, 630) and image.format == "JPEG"
        assert not image.info.get("exif") and "icc_profile" not in image.info
    assert len(first) < 200_000  # messaging apps drop heavier previews


def test_what_a_card_shows_changes_its_bytes():
    fonts = previews.Fonts()
    base = previews.draw(CARD, fonts)
    for change in ({"title": "Café réparation"}, {"when": "samedi 12 décembre, 10 h – 12 h 30"},
                   {"status": "ANNULÉ"}, {"place": ""}, {"author": "Autre association"}):  # fmt: skip
        other = previews.Card(**{**CARD.__dict__, **change})
        assert previews.draw(other, fonts) != base, change


def test_an_arabic_title_is_shaped_and_set_from_the_right():
    """With raqm (libfribidi), Arabic letters join: the shaped line is narrower
    than the letters set one by one, and it ends at the right margin."""
    fonts = previews.Fonts()
    font = fonts("bold", 62)
    title = "مقهى الجارات"
    assert font.getlength(title, direction="rtl") < sum(font.getlength(c) for c in title)
    card = previews.Card(title=title, kind="Agenda", rtl=True)
    with Image.open(__import__("io").BytesIO(previews.draw(card, fonts))) as image:
        line = image.convert("L").crop((0, 120, 1200, 190))
        dark = [x for x in range(1200) if min(line.getpixel((x, y)) for y in range(70)) < 100]
    assert dark and dark[-1] > 1100 and dark[0] > 500  # right-aligned, not from the left margin


def test_missing_fonts_are_said_in_french_and_the_build_goes_on(tmp_path):
    build = build_site(FIXTURES / "mini", tmp_path / "out", SHARE={"font_folder": str(tmp_path / "nulle-part")})
    (error,) = [e for e in build.errors() if "aperçus" in e]
    assert "fonts-dejavu-core" in error and "SHARE['font_folder']" in error
    assert not list((tmp_path / "out").rglob("apercu.jpg"))
    assert 'property="og:title"' in build.read("index.html")  # the other tags are still there


@pytest.mark.slow
def test_previews_are_made_again_only_when_their_item_changes(tmp_path, monkeypatch):
    produced: list[str] = []  # the previews each build computed again
    original_produce = incremental.Build.produce

    def produce(build, paths, values, compute):
        def counted():
            produced.extend(os.path.relpath(p, build.output_path) for p in paths if p.endswith("apercu.jpg"))
            return compute()

        return original_produce(build, paths, values, counted)

    def made() -> set[str]:
        found = set(produced)
        produced.clear()
        return found

    monkeypatch.setattr(incremental.Build, "produce", produce)
    rendered: list[str] = []  # the embeddable pages each build rendered again
    original_render = incremental.Build.render

    def render(build, template, localcontext):
        text = original_render(build, template, localcontext)
        if localcontext["output_file"].startswith("integrer/") and not isinstance(text, incremental.Unchanged):
            rendered.append(localcontext["output_file"])
        return text

    monkeypatch.setattr(incremental.Build, "render", render)
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "mini", site)
    drawn = []
    original = previews.draw
    monkeypatch.setattr(previews, "draw", lambda card, *a, **k: drawn.append(card.title) or original(card, *a, **k))
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip
    output = tmp_path / "out"
    build_site(site, output, **cached)
    first = made()
    assert len(first) > 5 and len(drawn) == len(first)
    rendered.clear()
    build_site(site, output, **cached)
    assert made() == set() and len(drawn) == len(first) and rendered == []
    event = site / "associations/atelier-velo/agenda/atelier-du-samedi.md"
    event.write_text(event.read_text(encoding="utf-8").replace("titre: ", "titre: Grand ", 1), encoding="utf-8")
    edited = build_site(site, output, **cached)
    assert edited.errors() == []
    assert made() == {"associations/atelier-velo/agenda/atelier-du-samedi/apercu.jpg"}
    assert len(drawn) == len(first) + 1 and drawn[-1].startswith("Grand ")
    # the embeddable pages rendered again are those that list the event
    showing = {p.relative_to(output).as_posix() for p in (output / "integrer").rglob("index.html")
               if "Grand Atelier" in p.read_text(encoding="utf-8")}  # fmt: skip
    assert showing and sorted(rendered) == sorted(showing)
    # A clean build into another folder draws nothing: every card is in the cache,
    # and gives the same bytes as the incremental one.
    clean = build_site(site, tmp_path / "propre", CACHE_PATH=str(tmp_path / "cache"))
    assert clean.errors() == [] and made() == first and len(drawn) == len(first) + 1
    for path in output.rglob("apercu.jpg"):
        assert path.read_bytes() == (tmp_path / "propre" / path.relative_to(output)).read_bytes(), path
