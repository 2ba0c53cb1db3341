"""The mini fixture site builds exactly as reviewed (`make update-golden`);
the files left out of the golden output (tests/golden.py, VENDORED) are
checked by properties that hold whatever the Pagefind release or the CSS."""

import difflib
import gzip
import json
import re
from pathlib import Path

import pytest

from tests.golden import GOLDEN, VENDORED, build, compared, files
from tests.linkcheck import broken_links

ROOT = Path(__file__).resolve().parent.parent
THEME_STATIC = ROOT / "themes" / "placette" / "static"


@pytest.fixture(scope="module")
def golden_build(tmp_path_factory):
    """The mini site as the golden output is made of it: in three languages."""
    return build(tmp_path_factory.mktemp("golden"))


def test_mini_site_matches_golden_output(golden_build):
    expected, actual = files(GOLDEN), compared(golden_build.output)
    assert sorted(actual) == sorted(expected), "files added or missing: run make update-golden and review"
    for name, content in expected.items():
        if actual[name] != content:
            diff = "\n".join(
                difflib.unified_diff(
                    content.decode(errors="replace").splitlines(),
                    actual[name].decode(errors="replace").splitlines(),
                    name,
                    name,
                    lineterm="",
                    n=1,
                )
            )
            raise AssertionError(f"{name} differs from the golden output:\n{diff[:3000]}")


def test_golden_output_holds_no_vendored_file():
    assert not [name for name in files(GOLDEN) if name.startswith(VENDORED)]


def test_two_builds_are_byte_identical(mini_build, tmp_path):
    """The whole site, vendored files included."""
    from tests.conftest import FIXTURES, build_site

    again = build_site(FIXTURES / "mini", tmp_path / "again")
    assert files(again.output) == files(mini_build.output)


def test_theme_files_are_the_themes_own(mini_build):
    """theme/ is the theme's static folder, byte for byte, and nothing else."""
    expected = files(THEME_STATIC)
    built = {
        name.removeprefix("theme/"): data
        for name, data in files(mini_build.output).items()
        if name.startswith("theme/")
    }
    assert built == expected


def test_every_stylesheet_and_script_a_page_loads_is_there(mini_build):
    pages = sorted(mini_build.output.rglob("*.html"))
    loaded = {link for page in pages for link in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', page.read_text())}
    assert any(link.endswith("theme/css/placette.css") for link in loaded)
    assert any(link.endswith("theme/js/placette.js") for link in loaded)
    assert [problem for problem in broken_links(mini_build.output) if problem[1].endswith((".css", ".js"))] == []


def _indexed_pages(output: Path) -> set[str]:
    """The address of every page the theme marks for the search index."""
    urls = set()
    for page in output.rglob("*.html"):
        if "data-pagefind-body" in page.read_text():
            path = page.relative_to(output).as_posix()
            urls.add("/" + path.removesuffix("index.html"))
    return urls


def test_search_bundle_indexes_every_page_marked_for_it(mini_build):
    bundle = mini_build.output / "pagefind"
    for name in ("pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.fr.pagefind"):
        assert (bundle / name).is_file(), name
    indexed = _indexed_pages(mini_build.output)
    assert len(indexed) >= 5  # the mini site's cards, news, events and pages
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["fr"]
    assert entry["languages"]["fr"]["page_count"] == len(indexed)
    meta = gzip.decompress((bundle / f"pagefind.{entry['languages']['fr']['hash']}.pf_meta").read_bytes())
    fragments = []
    for path in sorted((bundle / "fragment").iterdir()):
        assert path.stem.encode() in meta  # the index lists this fragment
        data = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd")
        fragments.append(json.loads(data)["url"])
    assert sorted(fragments) == sorted(indexed)
