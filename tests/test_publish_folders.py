"""The published folder of a build: a full tree, unchanged files shared with
the site online as hard links, changed ones copied, the site online untouched
(placette/publish/folders.py)."""

from __future__ import annotations

import os
from pathlib import Path

from placette.publish.folders import snapshot


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_snapshot_links_what_did_not_change_and_copies_the_rest(tmp_path):
    output, online = tmp_path / "sortie", tmp_path / "builds" / "1"
    for name, text in (("index.html", "accueil"), ("a/b/page.html", "page"), ("a/b/page.html.gz", "gz"),
                       ("agenda/index.html", "agenda")):  # fmt: skip
        (output / name).parent.mkdir(parents=True, exist_ok=True)
        (output / name).write_text(text)
    snapshot(output, None, online)
    assert _tree(online) == _tree(output)
    assert all(os.stat(online / n).st_ino != os.stat(output / n).st_ino for n in _tree(output))  # copies

    before = _tree(online)
    (output / "agenda/index.html").write_text("agenda, une séance de plus")  # a page the build changed
    (output / "a/b/page.html.gz").unlink()  # a file the build removed
    (output / "nouveau/index.html").parent.mkdir()
    (output / "nouveau/index.html").write_text("nouvelle page")
    following = tmp_path / "builds" / "2"
    snapshot(output, online, following)
    assert _tree(following) == _tree(output)
    assert _tree(online) == before  # the site online is never touched
    assert os.stat(following / "index.html").st_ino == os.stat(online / "index.html").st_ino
    assert os.stat(following / "a/b/page.html").st_ino == os.stat(online / "a/b/page.html").st_ino
    assert os.stat(following / "agenda/index.html").st_ino != os.stat(online / "agenda/index.html").st_ino
    assert not (tmp_path / "builds" / "2.tmp").exists()
