"""The search index is rebuilt only when indexed pages change, in the
background, and -- when publishing -- after the pages went online, except when
a page was removed (removed content must not stay findable)."""

from __future__ import annotations

import gzip
import os
import shutil
import sys
from pathlib import Path

import pytest

from placette.build import search_index
from tests.conftest import build_site
from tests.test_incremental import ASSO, _copy_demo, add_news, delete_news


def _cached(tmp_path: Path) -> dict:
    return {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
            "CACHE_PATH": str(tmp_path / "cache")}  # fmt: skip


def _indexed_text(output: Path) -> str:
    texts = []
    for path in sorted((output / "pagefind" / "fragment").iterdir()):
        data = gzip.decompress(path.read_bytes())
        texts.append(data.decode("utf-8", "replace"))
    return "\n".join(texts)


def _bundle(output: Path) -> dict:
    folder = output / "pagefind"
    return {p.relative_to(folder): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def deferred() -> dict:
    """As the publishing builder asks for it (placette/publish/builder.py)."""
    return {"PLACETTE_SEARCH_DEFERRED": True}


def test_the_index_is_left_alone_when_no_indexed_page_changed(tmp_path):
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "out"
    assert build_site(site, output, **_cached(tmp_path)).errors() == []
    before = _bundle(output)
    assert build_site(site, output, **_cached(tmp_path)).errors() == []
    assert _bundle(output) == before  # not one file rewritten
    add_news(site)
    assert build_site(site, output, **_cached(tmp_path)).errors() == []
    after = _bundle(output)
    assert "Une permanence de plus le samedi" in _indexed_text(output)
    kept = [name for name in before if after.get(name) == before[name]]
    assert len(kept) > 0.8 * len(before)  # only the changed fragments and index chunks are new files


def test_deferred_index_follows_the_pages(tmp_path, deferred):
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "out"
    cache = tmp_path / "cache"
    assert build_site(site, output, **_cached(tmp_path), **deferred).errors() == []
    add_news(site)
    assert build_site(site, output, **_cached(tmp_path), **deferred).errors() == []
    page = output / ASSO / "actualites/2026-11-20-nouvelle-permanence/index.html"
    assert page.is_file()
    assert "Une permanence de plus le samedi" not in _indexed_text(output)  # not yet
    assert search_index.finish_pending(str(output), str(cache)) is True
    assert "Une permanence de plus le samedi" in _indexed_text(output)
    assert search_index.finish_pending(str(output), str(cache)) is False  # nothing left to do
    assert not [p for p in cache.iterdir() if p.name.startswith("placette-recherche-")]  # staging removed


def test_a_removed_page_is_never_left_in_a_deferred_index(tmp_path, deferred):
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "out"
    assert build_site(site, output, **_cached(tmp_path), **deferred).errors() == []
    title = "Une permanence de plus le jeudi matin"
    removed = site / ASSO / "actualites/2025-11-03-permanence-jeudi.md"
    assert title.lower() in removed.read_text(encoding="utf-8").lower()
    assert title.lower() in _indexed_text(output).lower()
    delete_news(site)
    assert build_site(site, output, **_cached(tmp_path), **deferred).errors() == []
    assert title.lower() not in _indexed_text(output).lower()  # indexed at once, not deferred
    assert search_index.finish_pending(str(output), str(tmp_path / "cache")) is False
    assert not os.path.exists(output / ASSO / "actualites/2025-11-03-permanence-jeudi/index.html")


def test_an_indexing_left_running_is_stopped_before_its_folder_goes(tmp_path, monkeypatch):
    """A build that failed before `finish` left its indexer writing into the
    cache; the next start for the same output (or `cancel`) stops it and waits
    for it before its staging folder is removed."""
    from tests.test_publishing_processes import SLOW_CHILD, _gone, _kill, _wait_for

    output, cache = tmp_path / "sortie", tmp_path / "cache"
    (output / "a").mkdir(parents=True)
    (output / "a/index.html").write_text("<p>a</p>", encoding="utf-8")
    slow = tmp_path / "lent.py"
    slow.write_text(SLOW_CHILD, encoding="utf-8")
    pids = [tmp_path / "1.pid", tmp_path / "2.pid"]
    monkeypatch.setattr(
        search_index, "command", lambda site, bundle, *_: [sys.executable, str(slow), bundle, str(pids[0])]
    )
    first = search_index.start(str(output), str(cache), [str(output / "a/index.html")])
    _wait_for(pids[0])
    pid = int(pids[0].read_text())
    monkeypatch.setattr(
        search_index, "command", lambda site, bundle, *_: [sys.executable, str(slow), bundle, str(pids[1])]
    )
    try:
        second = search_index.start(str(output), str(cache), [str(output / "a/index.html")])  # the next build
        assert _gone(pid, seconds=0.1) and not os.path.exists(first.stage)
        _wait_for(pids[1])
        search_index.cancel(str(output))
        assert _gone(int(pids[1].read_text()), seconds=0.1) and not os.path.exists(second.stage)
    finally:
        _kill(pid)
    shutil.rmtree(cache)  # nothing writes there any more


def test_gzipped_twins_do_not_make_the_index_look_changed(scratch_site, tmp_path, monkeypatch):
    """With precompression (the production settings) the twins made after the
    index were counted as part of it: the index in place never looked like the
    one recorded, and every build indexed the whole site again."""
    runs = []
    indexer = search_index.command
    monkeypatch.setattr(search_index, "command", lambda site, *rest: runs.append(site) or indexer(site, *rest))
    settings = {**_cached(tmp_path), "PRECOMPRESS_GZIP": True}
    output = tmp_path / "sortie"
    for _ in range(2):
        runs.clear()
        assert build_site(scratch_site, output, **settings).errors() == []
    assert runs == []
    assert (output / "pagefind/pagefind-entry.json.gz").is_file()


def _listing(output: Path, names: list[str]) -> list[tuple]:
    found = []
    for name in names:
        status = (output / name).stat()
        found.append((name, status.st_size, status.st_mtime_ns, status.st_ino))
    return found


def _mirrored(mirror: Path) -> dict:
    return {p.relative_to(mirror).as_posix(): p.stat().st_ino for p in mirror.rglob("*") if p.is_file()}


def test_the_mirror_links_again_only_what_changed_and_drops_what_went(tmp_path):
    """The pages Pagefind reads are kept between builds (search_index.sync_mirror):
    an unchanged page stays the same link, a rewritten one is linked to its new
    file, a removed one leaves, and nothing else is ever in it."""
    output, mirror = tmp_path / "sortie", str(tmp_path / "miroir")
    for name, text in (("a/index.html", "a"), ("b/index.html", "b"), ("c/index.html", "c")):
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text)
    search_index.sync_mirror(mirror, str(output), _listing(output, ["a/index.html", "b/index.html", "c/index.html"]))
    first = _mirrored(Path(mirror))
    assert first == {n: (output / n).stat().st_ino for n in ("a/index.html", "b/index.html", "c/index.html")}

    replacement = output / "b/new"
    replacement.write_text("b, rewritten")
    os.replace(replacement, output / "b/index.html")  # as the build replaces a file: a new inode
    (output / "stale/index.html").parent.mkdir()
    (output / "stale/index.html").write_text("left by an old build, never indexed")
    search_index.sync_mirror(mirror, str(output), _listing(output, ["a/index.html", "b/index.html"]))
    second = _mirrored(Path(mirror))
    assert set(second) == {"a/index.html", "b/index.html"}
    assert second["a/index.html"] == first["a/index.html"]
    assert (Path(mirror) / "b/index.html").read_text() == "b, rewritten"


def test_a_mirror_left_half_made_is_made_anew(tmp_path):
    """A build killed while the mirror changed left no listing beside it: the
    next one does not trust what it holds."""
    output, mirror = tmp_path / "sortie", tmp_path / "miroir"
    (output / "a").mkdir(parents=True)
    (output / "a/index.html").write_text("a")
    search_index.sync_mirror(str(mirror), str(output), _listing(output, ["a/index.html"]))
    (mirror / "intrus.html").write_text("written by nobody this build knows")
    os.remove(str(mirror) + ".json")
    search_index.sync_mirror(str(mirror), str(output), _listing(output, ["a/index.html"]))
    assert set(_mirrored(mirror)) == {"a/index.html"}


def test_only_pages_with_a_part_to_index_are_given_to_the_indexer(tmp_path, monkeypatch):
    """With three interface languages, the copies of a page in the other
    languages carry no `data-pagefind-body`: they are not staged, and the
    index is the same as the one Pagefind makes from the whole site."""
    seen = {}
    real_start = search_index.start

    def spy(output_path, cache, pages, *args, **kwargs):
        seen["pages"] = sorted(os.path.relpath(p, output_path) for p in pages)
        return real_start(output_path, cache, pages, *args, **kwargs)

    monkeypatch.setattr(search_index, "start", spy)
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "out"
    languages = {"INTERFACE_LANGUAGES": ["fr", "ar"]}
    assert build_site(site, output, **_cached(tmp_path), **languages).errors() == []
    written = sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))
    marked = [name for name in written if "data-pagefind-body" in (output / name).read_text(encoding="utf-8")]
    assert seen["pages"] == marked and len(marked) < len(written) / 2
    whole = tmp_path / "entier"
    search_index._index_everything(str(output), str(whole / "pagefind"), "fr")  # Pagefind on every page
    for part in ("fragment", "index"):  # files named by their content
        assert sorted(os.listdir(output / "pagefind" / part)) == sorted(os.listdir(whole / "pagefind" / part))
