"""The resident build engine (placette/build/engine.py): builds made by one
Pelican kept in memory equal one-shot builds, read only what changed, report
every problem at every build, and a crash mid-build harms nothing.

The random sequences of edits through the engine are in
tests/test_publishing_differential.py (`make serve` and the builder's engine).
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from placette.build.engine import Engine
from placette.publish.builder import Rebuilder
from placette.publish.selfcheck import differences
from tests.conftest import FIXTURES, ROOT, build_site
from tests.differential import Portal, add_news, edit_card

# Two interface languages: the engine's language pages are compared with a clean
# build's too (the clean build of a fixture site is French only unless asked).
LANGUAGES = ["fr", "ar"]


def _engine(site: Path, tmp_path: Path) -> Engine:
    return Engine(str(ROOT / "pelicanconf.py"), {
        "PATH": str(site), "OUTPUT_PATH": str(tmp_path / "sortie"), "CACHE_PATH": str(tmp_path / "cache"),
        "DELETE_OUTPUT_DIRECTORY": False, "PLACETTE_GIT_HISTORY": False,
        "INTERFACE_LANGUAGES": LANGUAGES})  # fmt: skip


@pytest.fixture
def site(tmp_path):
    target = tmp_path / "portail"
    for folder in ("associations", "content"):
        shutil.copytree(FIXTURES / "mini" / folder, target / folder)
    return target


def test_a_second_build_in_the_same_process_reads_no_unchanged_file(site, tmp_path, monkeypatch):
    """Pelican's Markdown reader completes the MARKDOWN setting in place: the
    reading cache's key changed after the first build of a process, and the
    engine's second build read every file again."""
    import markdown

    converted = []  # each Markdown text converted (card texts are, at every build; files only when read)
    plain = markdown.Markdown.convert
    monkeypatch.setattr(markdown.Markdown, "convert", lambda self, text: converted.append(text) or plain(self, text))

    def files_read() -> list[str]:
        bodies = {p.name: p.read_text().split("---\n", 2)[2] for p in sorted(site.rglob("*.md"))}
        found = [name for name, body in bodies.items() if body.strip() and body in converted]
        converted.clear()
        return found

    engine = _engine(site, tmp_path)
    assert engine.build().ok
    assert len(files_read()) > 5
    assert engine.build().ok
    assert files_read() == []
    news = sorted((site / "associations").glob("*/actualites/*.md"))[0]
    text = news.read_text(encoding="utf-8")
    news.write_text(text[: text.rindex("\n")] + " Un mot de plus.\n", encoding="utf-8")
    assert engine.build().ok
    assert files_read() == [news.name]


def test_a_build_keeps_nothing_of_the_builds_before_it(site, tmp_path):
    """The engine builds all day (`make serve`, the publishing builder): each
    build's articles and pages must be freed once it is done. Pelican's
    memoised `get_content`/`get_summary` kept every one of them (about 100 MB
    a build at the quartier portal, 1.5 GB after eleven builds)."""
    import gc
    import weakref

    from pelican import signals
    from pelican.contents import Content

    made: list[weakref.ref] = []

    def remember(generators):
        for generator in generators:
            for name in ("articles", "hidden_articles", "pages", "hidden_pages", "translations"):
                made.extend(weakref.ref(item) for item in getattr(generator, name, []) or [])

    engine = _engine(site, tmp_path)
    signals.all_generators_finalized.connect(remember)
    try:
        assert engine.build().ok
    finally:
        signals.all_generators_finalized.disconnect(remember)
    assert len(made) > 5
    folder = sorted((site / "associations").iterdir())[0] / "actualites"
    folder.mkdir(exist_ok=True)
    (folder / "2026-11-21-encore.md").write_text("---\ntitre: Encore une\ndate: 2026-11-21 10:00\n---\nTexte.\n",
                                                 encoding="utf-8")  # fmt: skip
    assert engine.build().ok
    gc.collect()
    assert [r() for r in made if r() is not None] == []
    assert not Content.__dict__["get_content"].cache and not Content.__dict__["get_summary"].cache


def test_engine_builds_equal_a_clean_build(site, tmp_path):
    engine = _engine(site, tmp_path)
    portal = Portal(site)  # the edit helpers only need its tree
    for step in range(3):
        assert engine.build().ok
        add_news(portal, step, bool(step % 2))
        edit_card(portal, step, True)
    assert engine.build().ok
    build_site(site, tmp_path / "propre", INTERFACE_LANGUAGES=LANGUAGES)
    assert differences(tmp_path / "sortie", tmp_path / "propre") == []


def test_every_build_of_the_engine_reports_the_same_warnings(site, tmp_path):
    """Pelican's log filter lets each warning through once per process: the
    engine's second build reported nothing of what the first found."""
    from pelican.log import LimitLogger

    assert isinstance(logging.getLogger("placette"), LimitLogger)  # the filter applies to our messages
    report = tmp_path / "rapport.jsonl"
    engine = Engine(str(ROOT / "pelicanconf.py"), {
        "PATH": str(site), "OUTPUT_PATH": str(tmp_path / "sortie"), "CACHE_PATH": str(tmp_path / "cache"),
        "PLACETTE_GIT_HISTORY": False, "PLACETTE_BUILD_REPORT": str(report),
        "INCREMENTAL": {"enabled": True, "inconnue": 1}})  # fmt: skip
    found = []
    for _ in range(2):
        assert engine.build().ok
        found.append(sorted(report.read_text(encoding="utf-8").splitlines()))
    assert any("clé inconnue 'inconnue'" in line for line in found[0])
    assert found[0] == found[1]


def test_a_change_of_settings_is_read_by_the_next_build(site, tmp_path):
    """publishconf.py imports pelicanconf.py: Python's module cache must not
    keep the old settings (a settings list changed in git was ignored)."""
    settings = tmp_path / "reglages"
    settings.mkdir()
    (settings / "base.py").write_text(f"from sys import path\npath.insert(0, {str(ROOT)!r})\n"
                                      "from pelicanconf import *\nSITENAME = 'Avant'\n", encoding="utf-8")  # fmt: skip
    (settings / "publication.py").write_text(
        "import os, sys\nsys.path.insert(0, os.path.dirname(__file__))\nfrom base import *\n", encoding="utf-8"
    )  # as publishconf.py
    engine = Engine(str(settings / "publication.py"), {
        "PATH": str(site), "OUTPUT_PATH": str(tmp_path / "sortie"), "CACHE_PATH": str(tmp_path / "cache"),
        "PLACETTE_GIT_HISTORY": False, "THEME": str(ROOT / "themes" / "placette"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")]})  # fmt: skip
    assert engine.build().ok
    assert "Avant" in (tmp_path / "sortie" / "index.html").read_text(encoding="utf-8")
    time.sleep(0.01)
    (settings / "base.py").write_text((settings / "base.py").read_text().replace("Avant", "Après"), encoding="utf-8")
    assert engine.build().ok
    assert "Après" in (tmp_path / "sortie" / "index.html").read_text(encoding="utf-8")


# Loaded by the engine's process at start (PYTHONPATH): the first build stops
# for good once the news pages are written, and says so; later ones run.
PAUSE_HOOK = """
import os, time
from pelican import signals

def pause(generator, **_):
    marker = os.environ["PLACETTE_TEST_PAUSE"]
    if not os.path.exists(marker):
        open(marker, "w").close()
        time.sleep(600)

signals.article_writer_finalized.connect(pause)
"""


def test_an_engine_killed_mid_build_leaves_the_site_online_and_the_next_build_right(tmp_path):
    portal = Portal.create(tmp_path / "depot", FIXTURES / "mini")
    hook, marker = tmp_path / "crochet", tmp_path / "en-pause"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(PAUSE_HOOK, encoding="utf-8")
    marker.touch()  # the first build runs through
    rebuilder = Rebuilder(portal.git_dir, tmp_path / "publie", tmp_path / "donnees",
                          extra_env={"PYTHONPATH": str(hook), "PLACETTE_TEST_PAUSE": str(marker)})  # fmt: skip
    try:
        assert rebuilder.build_main().ok
        online = rebuilder.current()
        before = {p.relative_to(online).as_posix(): p.read_bytes() for p in online.rglob("*") if p.is_file()}
        add_news(portal, 3, True)
        edit_card(portal, 1, True)
        portal.commit("deux changements")
        marker.unlink()
        engine = rebuilder._resident.process
        outcomes = []
        thread = threading.Thread(target=lambda: outcomes.append(rebuilder.build_main()))
        thread.start()
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert time.monotonic() < deadline and thread.is_alive()
            time.sleep(0.05)
        os.kill(engine.pid, 9)
        thread.join(60)
        assert outcomes and not outcomes[0].ok
        assert "moteur de construction" in outcomes[0].error
        assert rebuilder.current() == online
        after = {p.relative_to(online).as_posix(): p.read_bytes() for p in online.rglob("*") if p.is_file()}
        assert after == before  # not one byte of the site online changed
        logging.getLogger().info("next build")
        outcome = rebuilder.build_main()
        assert outcome.ok, outcome.error
        assert rebuilder._resident.process.pid != engine.pid
        from placette.publish.selfcheck import clean_build

        reference = clean_build(rebuilder, rebuilder.status()["commit"], tmp_path / "propre")
        assert differences(rebuilder.current(), reference) == []
    finally:
        rebuilder.close()


def test_an_idle_engine_gives_its_memory_back_and_the_next_build_starts_one(site, tmp_path):
    from placette.publish.builder import pelican_command
    from placette.publish.engine_process import ResidentEngine

    for name in ("pelicanconf.py", "publishconf.py"):
        shutil.copy2(ROOT / name, site / name)
    for folder in ("placette", "plugins", "themes"):
        os.symlink(ROOT / folder, site / folder)
    command = pelican_command(site, "publishconf.py", tmp_path / "sortie", tmp_path / "cache")
    env = {**os.environ, "PLACETTE_SITEURL": "https://quartier.test"}
    resident = ResidentEngine(idle_seconds=1.0)
    try:
        assert resident.build(command, str(site), env, timeout=300)[0]
        first = resident.process
        assert first is not None and first.poll() is None  # kept between builds...
        deadline = time.monotonic() + 30
        while resident.process is not None:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert first.poll() is not None  # ...until idle: stopped
        assert resident.build(command, str(site), env, timeout=300)[0]  # the next build starts another
        assert resident.process is not None and resident.process.pid != first.pid
    finally:
        resident.close()
