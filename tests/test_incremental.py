"""An incremental build gives exactly what a clean build gives.

The demo portal is copied, then edited step by step as volunteers and the
bridge do (add, edit, delete, rename, cancel an event, change a card, a new
day...). After each step the same output folder is rebuilt with every cache
on, and compared file by file, byte by byte, with a clean build from scratch.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from placette.build import incremental
from tests.conftest import ROOT, build_site
from tests.golden import files

ASSO = "associations/plume-et-papiers"


def _copy_demo(target: Path) -> Path:
    target.mkdir()
    for folder in ("associations", "content"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def add_news(site: Path):
    (site / ASSO / "actualites/2026-11-20-nouvelle-permanence.md").write_text(
        "---\ntitre: Une permanence de plus le samedi\ndate: 2026-11-20 09:30\n"
        "themes:\n  - accès aux droits\n---\nÀ partir de décembre, nous ouvrons aussi **le samedi matin**.\n",
        encoding="utf-8",
    )


def edit_news(site: Path):
    path = site / ASSO / "actualites/2026-03-09-appel-benevoles.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Nous cherchons des bénévoles", "Nous cherchons encore des bénévoles")
                    .replace("neuf", "dix"), encoding="utf-8")  # fmt: skip


def delete_news(site: Path):
    (site / ASSO / "actualites/2025-11-03-permanence-jeudi.md").unlink()


def rename_news(site: Path):
    folder = site / ASSO / "actualites"
    (folder / "2026-11-20-nouvelle-permanence.md").rename(folder / "2026-11-20-permanence-du-samedi.md")


def cancel_event(site: Path):
    path = site / ASSO / "agenda/atelier-avis-d-impot.md"
    path.write_text(path.read_text(encoding="utf-8").replace("fin: 16:00\n", "fin: 16:00\nstatut: annulé\n"),
                    encoding="utf-8")  # fmt: skip


def add_event(site: Path):
    (site / ASSO / "agenda/permanence-du-samedi.md").write_text(
        "---\ntitre: Permanence du samedi matin\ndebut: 2026-12-05 9:30\nfin: 12:00\n"
        "regle: FREQ=WEEKLY;BYDAY=SA\npublic: [adultes]\nprix: gratuit\n"
        "themes:\n  - accès aux droits\n---\nSans rendez-vous.\n",
        encoding="utf-8",
    )


def change_card(site: Path):
    path = site / ASSO / "association.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("nom: Plume et Papiers", "nom: Plume & Papiers")
                    .replace("lundi: 14:00-17:00", "lundi: 14:00-18:00"), encoding="utf-8")  # fmt: skip


def edit_page(site: Path):
    path = site / "content/pages/a-propos.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")


def next_day(site: Path):
    os.environ["PLACETTE_TODAY"] = "2026-11-23"


STEPS = [add_news, edit_news, delete_news, rename_news, cancel_event, add_event, change_card, edit_page, next_day]


def _differences(left: dict, right: dict) -> list[str]:
    names = sorted(set(left) | set(right))
    return [n for n in names if left.get(n) != right.get(n)]


@pytest.fixture
def today():
    yield
    os.environ["PLACETTE_TODAY"] = "2026-11-22"


def test_incremental_build_equals_clean_build_after_each_edit(tmp_path, today):
    site = _copy_demo(tmp_path / "site")
    output, cache = tmp_path / "incremental", tmp_path / "cache"
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(cache)}  # fmt: skip
    stats = []
    original = incremental.Build.remove_stale

    def remember(build, **options):
        removed = original(build, **options)
        stats.append((build.rendered, build.reused, len(removed), build.produced, build.kept))
        return removed

    incremental.Build.remove_stale = remember
    try:
        first = build_site(site, output, **cached)
        assert first.errors() == []
        for step in STEPS:
            step(site)
            result = build_site(site, output, **cached)
            assert result.errors() == [], (step.__name__, result.errors())
            clean = build_site(site, tmp_path / f"clean-{step.__name__}")
            assert clean.errors() == [], (step.__name__, clean.errors())
            different = _differences(files(output), files(tmp_path / f"clean-{step.__name__}"))
            assert different == [], f"after {step.__name__}: {different[:10]}"
    finally:
        incremental.Build.remove_stale = original
    # Each edit rendered a small part of the pages again (stats of the clean
    # builds interleave with the incremental ones); a new day and a change of
    # the pages in the menu render everything (the footer shows the date).
    rendered_first, reused_first, _, produced_first, kept_first = stats[0]
    assert reused_first == 0 and rendered_first > 200
    assert kept_first == 0 and produced_first > 100  # feeds and .ics files
    steps = dict(zip([s.__name__ for s in STEPS], stats[1::2], strict=True))
    for name in ("add_news", "edit_news", "delete_news", "rename_news", "cancel_event", "add_event", "change_card"):
        rendered, reused, _, produced, kept = steps[name]
        assert rendered < 0.5 * rendered_first and reused > 0.5 * rendered_first, (name, steps[name])
        assert produced < 0.5 * produced_first and kept > 0.5 * produced_first, (name, steps[name])
    assert steps["delete_news"][2] > 0 and steps["rename_news"][2] > 0  # the old pages were removed
    assert steps["next_day"][1] == 0


def test_unchanged_files_keep_their_inode_and_mtime(tmp_path):
    site = _copy_demo(tmp_path / "site")
    output = tmp_path / "out"
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_PATH": str(tmp_path / "cache")}
    build_site(site, output, **cached)
    page = output / "associations/plume-et-papiers/index.html"
    feed = output / "feeds/actualites.atom.xml"
    before = {p: os.stat(p) for p in (page, feed)}
    build_site(site, output, **cached)
    for path, status in before.items():
        after = os.stat(path)
        assert (after.st_ino, after.st_mtime_ns) == (status.st_ino, status.st_mtime_ns), path
    edit_news(site)
    build_site(site, output, **cached)
    assert os.stat(page).st_ino != before[page].st_ino  # replaced through a rename, never rewritten in place


def test_a_template_whose_name_is_chosen_at_render_time_is_always_rendered(tmp_path):
    import jinja2

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "fixed.html": "{% extends 'base.html' %}{% block b %}{{ article }}{% endblock %}",
        "base.html": "{{ SITENAME }}{% block b %}{% endblock %}{% include 'part.html' %}",
        "part.html": "{{ menu }}",
        "dynamic.html": "{% include chosen %}",
    }))  # fmt: skip
    analyse = incremental.TemplateDependencies(env, {})
    _, names = analyse("fixed.html")
    assert {"article", "SITENAME", "menu"} <= set(names)
    assert analyse("dynamic.html") is None


def test_a_new_process_reuses_the_previous_build(tmp_path):
    """Each build is a new process, with its own string hashes: nothing in a
    fingerprint may depend on them (a set's order did, once)."""
    import subprocess
    import sys

    from tests.conftest import FIXTURES

    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "mini", site)
    rendered = []
    for seed in ("1", "2"):
        result = subprocess.run(
            [sys.executable, "-m", "pelican", "-s", str(ROOT / "publishconf.py"), "-o", str(tmp_path / "out"),
             "-e", f'PATH="{site}"', f'CACHE_PATH="{tmp_path / "cache"}"', "DELETE_OUTPUT_DIRECTORY=false",
             "PLACETTE_GIT_HISTORY=false", "--log-handler", "plain"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed, "PLACETTE_INCREMENTAL_DEBUG": "1"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        rendered.append((result.stdout + result.stderr).count("incrémental : rendu de"))
    assert rendered[0] > 50 and rendered[1] == 0, rendered


# -- The five divergences of issue 22 that make html shares (1, 2 and 4) --------------------
# Each builds the mini portal with `make html`'s persistent cache (and the output
# kept), makes one edit, builds again, and compares with a clean build.


@pytest.fixture
def portal(tmp_path, today):
    from tests.conftest import FIXTURES
    from tests.differential import DevBuild, Portal

    portal = Portal.create(tmp_path / "depot", FIXTURES / "mini")
    build = DevBuild(tmp_path)
    build.build(portal)
    return portal, build


def _after(portal_and_build, tmp_path, *edits) -> Path:
    from tests.differential import run_sequence

    portal, build = portal_and_build
    assert run_sequence(portal, [build], list(edits), tmp_path / "propre") == {build.name: []}
    return build.output


ORIGINAL = "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture"


def test_deleting_the_original_of_a_translation_unpublishes_the_translation(portal, tmp_path):
    """Issue 22, 1: the clean build refuses the orphan (« aucune actualité de ce
    nom »); the cached reading of the translation was kept."""
    translation = "ar/" + ORIGINAL + "/index.html"  # a translation is its language's page
    assert 'lang="ar"' in (portal[1].output / translation).read_text(encoding="utf-8")
    feed = portal[1].output / "associations/jardin-des-tilleuls/actualites.atom.xml"
    assert "/" + ORIGINAL + "/" in feed.read_text(encoding="utf-8")
    output = _after(portal, tmp_path, ("delete_original", 0, False))
    assert not (output / translation).exists() and not (output / ORIGINAL / "index.html").exists()
    assert ORIGINAL not in feed.read_text(encoding="utf-8")


def test_removing_an_image_unpublishes_the_news_item_that_shows_it(portal, tmp_path):
    """Issue 22, 2: the clean build rejects the item (the image is not in the
    association's folder); the cached reading was kept."""
    from tests.differential import run_sequence

    site, build = portal
    run_sequence(site, [build], [("add_image", 0, True)], tmp_path / "propre-1")  # a news item shows a new photo
    (shown,) = [p for p in site.news() if "photo-1.png" in p.read_text(encoding="utf-8")]
    page = shown.relative_to(site.tree).parent / shown.stem / "index.html"
    assert (build.output / page).is_file()
    photo = [p.name for p in site.images()].index("photo-1.png")
    output = _after(portal, tmp_path, ("remove_image", photo, False))  # the referent takes the photo back
    assert not (site.tree / shown.parent.parent / "images/photo-1.png").exists() and not (output / page).exists()


def test_editing_a_translation_title_updates_the_original_page(portal, tmp_path):
    """Issue 22, 4: the original's page lists its translations (« Aussi en »);
    its fingerprint depended on which of the two was digested first."""
    output = _after(portal, tmp_path, ("edit_translation", 0, False))
    (translation,) = [p for p in portal[0].news() if p.name.endswith("-ar.md")]
    title = re.search(r"(?m)^titre: (.*)$", translation.read_text(encoding="utf-8")).group(1)
    assert title in (output / ORIGINAL / "index.html").read_text(encoding="utf-8")


def test_digests_of_a_cycle_do_not_depend_on_which_object_comes_first():
    from placette.build.digest import Digester

    class Item:
        def __init__(self, title):
            self.title, self.translations = title, []

    def pair(title_a, title_b):
        a, b = Item(title_a), Item(title_b)
        a.translations, b.translations = [b], [a]
        return a, b

    results = []
    for first in (0, 1):
        for titles in (("Fête", "عيد"), ("Fête", "عيد !")):
            items, digester = pair(*titles), Digester()
            digester(items[first])
            results.append((titles, digester(items[0]), digester(items[1])))
    by_titles = {}
    for titles, a, b in results:
        by_titles.setdefault(titles, set()).add((a, b))
    assert all(len(found) == 1 for found in by_titles.values())  # the same digests in either order
    (before,), (after,) = by_titles.values()
    assert before[0] != after[0] and before[1] != after[1]  # each covers the other's title


def _pickle_of_a_module_that_is_gone() -> bytes:
    """Pickled bytes of an object whose module no longer exists (code moved by an upgrade)."""
    import pickle
    import sys
    import types

    module = types.ModuleType("placette_module_gone")

    class Gone:
        pass

    Gone.__module__, Gone.__qualname__ = module.__name__, "Gone"
    module.Gone = Gone
    sys.modules[module.__name__] = module
    try:
        return pickle.dumps({"content/x.md": Gone()})
    finally:
        del sys.modules[module.__name__]


def test_caches_written_by_code_that_moved_do_not_stop_the_build(tmp_path):
    import pickle

    site = _copy_demo(tmp_path / "site")
    cache = tmp_path / "cache"
    cached = {"DELETE_OUTPUT_DIRECTORY": False, "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
              "CACHE_PATH": str(cache)}  # fmt: skip
    output = tmp_path / "output"
    assert build_site(site, output, **cached).errors() == []
    first = files(output)
    stale = _pickle_of_a_module_that_is_gone()
    with pytest.raises(ImportError):
        pickle.loads(stale)
    readers = sorted(cache.glob("*-Readers"))
    assert readers, "Pelican's reading caches are where the plugin looks for them"
    import gzip

    for path in readers:
        path.write_bytes(gzip.compress(stale))  # GZIP_CACHE, Pelican's default
    for path in cache.glob("incremental-*.pickle"):
        path.write_bytes(stale)
    (cache / "placette-code").write_text("the digest of older code")
    assert list(cache.glob("incremental-*.pickle")), "the output manifest is where the test looks for it"
    again = build_site(site, output, **cached)
    assert again.errors() == []
    assert files(output) == first
    # The same code as last time: its caches are kept and used.
    stamp = (cache / "placette-code").read_text()
    before = {path.name: path.stat().st_mtime_ns for path in cache.glob("*-Readers")}
    build_site(site, output, **cached)
    assert (cache / "placette-code").read_text() == stamp
    assert {path.name for path in cache.glob("*-Readers")} == set(before)
