"""Gzipped twins for nginx gzip_static: made for every text file, again only
for changed files, and removed with their page."""

from __future__ import annotations

import gzip
import os

from placette.build import precompress
from tests.conftest import build_site
from tests.test_incremental import ASSO, _copy_demo, delete_news, edit_news


def _build(site, output, tmp_path):
    return build_site(site, output, DELETE_OUTPUT_DIRECTORY=False, CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
                      CACHE_PATH=str(tmp_path / "cache"), PRECOMPRESS_GZIP=True)  # fmt: skip


def test_twins_follow_their_files(tmp_path):
    site, output = _copy_demo(tmp_path / "site"), tmp_path / "out"
    assert _build(site, output, tmp_path).errors() == []
    page = output / ASSO / "index.html"
    twin = page.with_name("index.html.gz")
    assert gzip.decompress(twin.read_bytes()) == page.read_bytes()
    for name in ("feeds/actualites.atom.xml", "agenda/agenda.ics", "theme/css/placette.css"):
        path = output / name
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes(), name
    assert not list(output.rglob("*.webp.gz"))  # images are not text
    untouched = output / "associations/la-rustine/index.html.gz"
    before = os.stat(untouched)
    removed = output / ASSO / "actualites/2025-11-03-permanence-jeudi/index.html"
    assert removed.with_name("index.html.gz").is_file()
    edit_news(site)
    delete_news(site)
    assert _build(site, output, tmp_path).errors() == []
    after = os.stat(untouched)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not compressed again
    assert gzip.decompress(twin.read_bytes()) == page.read_bytes()  # the changed page's twin follows
    assert not removed.exists() and not removed.with_name("index.html.gz").exists()  # gone with its page


def test_compression_is_deterministic_and_skipped_when_it_does_not_pay():
    text = ("Atelier vélo tous les samedis. " * 50).encode()
    assert precompress.gzipped(text) == precompress.gzipped(text)
    assert gzip.decompress(precompress.gzipped(text)) == text
    assert precompress.gzipped(b"ab") is None
