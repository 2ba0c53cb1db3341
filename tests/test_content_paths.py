"""Pelican's one PATH (the project root) reaches content/ and associations/
and nothing else: decoys in .venv, output, tests, plugins and themes are never
read nor copied."""

import shutil

from tests.conftest import FIXTURES, build_site

DECOYS = [".venv", "output", "tests", "plugins", "themes", "cache", "node_modules", "docs"]


def test_only_content_folders_are_scanned(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "mini", site)
    for folder in DECOYS:
        (site / folder).mkdir(exist_ok=True)
        (site / folder / "leurre.md").write_text("---\ntitre: Leurre\ndate: 2026-01-01\n---\nx\n")
        (site / folder / "leurre.png").write_bytes(b"\x89PNG")
    build = build_site(site, tmp_path / "out")
    sources = set(build.context["generated_content"]) | set(build.context["static_content"])
    assert sources, "the build read nothing"
    assert all(s.startswith(("content/", "associations/")) for s in sources), sources
    assert not list((tmp_path / "out").rglob("leurre*"))
    assert "Leurre" not in "".join(p.read_text() for p in (tmp_path / "out").rglob("*.html"))
