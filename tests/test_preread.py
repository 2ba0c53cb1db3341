"""Files read by worker processes before Pelican reads them (plugins/placette_content/preread.py):
the same site byte for byte, the same problems reported, and the main process
reads none of the files the workers read."""

from __future__ import annotations

import shutil

import pytest

from placette.publish.selfcheck import differences
from tests.conftest import FIXTURES, build_site

PARALLEL = {"workers": 2, "parallel_from": 1}


@pytest.fixture
def site(tmp_path):
    target = tmp_path / "portail"
    for folder in ("associations", "content"):
        shutil.copytree(FIXTURES / "mini" / folder, target / folder)
    broken = target / "associations/atelier-velo/actualites/2026-05-01-sans-date.md"
    broken.write_text("---\ntitre: Sans date\n---\nTexte\n", encoding="utf-8")
    return target


def _build(site, output, reading, monkeypatch):
    import markdown

    converted = []
    plain = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: converted.append(text) or plain(self, text))
    result = build_site(site, output, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=False, CACHE_PATH=str(output) + "-cache",
                        READING=reading)  # fmt: skip
    bodies = {p.name: p.read_text().split("---\n", 2)[2] for p in sorted(site.rglob("*.md"))}
    read_here = sorted(name for name, body in bodies.items() if body.strip() and body in converted)
    problems = sorted(r.getMessage() for r in result.logs if r.levelname in ("ERROR", "CRITICAL"))
    return read_here, problems


def test_a_build_reading_in_parallel_equals_one_reading_in_one_process(site, tmp_path, monkeypatch):
    read_alone, problems_alone = _build(site, tmp_path / "seul", {"workers": 1}, monkeypatch)
    read_here, problems = _build(site, tmp_path / "parallele", PARALLEL, monkeypatch)
    assert len(read_alone) > 5  # one process: it read every file
    assert read_here == []  # the workers read them (the broken one fails before Markdown, here and there)
    assert problems == problems_alone and any("2026-05-01-sans-date.md" in p for p in problems)
    assert differences(tmp_path / "seul", tmp_path / "parallele") == []


def test_few_files_are_read_in_one_process(site, tmp_path, monkeypatch):
    read_here, _ = _build(site, tmp_path / "sortie", {"workers": 2, "parallel_from": 10_000}, monkeypatch)
    assert len(read_here) > 5
