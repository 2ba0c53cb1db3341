"""Golden output of the mini fixture site.

`make update-golden` rebuilds tests/golden/mini/ from tests/fixtures/mini/;
review the diff before committing it. tests/test_golden.py compares.

What the build only copies or what a library makes is left out (VENDORED, DRAWN):
Pagefind's bundle (its gzipped wasm and scripts change with each Pagefind
release) and the theme's static files (copied as they are from
themes/placette/static). A version bump or a CSS edit would otherwise rewrite
the golden output without any change of ours in it. tests/test_golden.py
checks those files by properties that do not churn instead.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "mini"
VENDORED = ("pagefind/", "theme/")
# Link-preview pictures are drawn by Pillow and FreeType with Debian's fonts:
# their bytes follow those versions. tests/test_share_previews.py checks them
# (same bytes for the same card, in another process too; size; made again
# only when their item changes) and tests/test_share.py reads every one.
DRAWN = "apercu.jpg"
# The site is built in three interface languages (as the demo), but each
# other language's copy of a page is the same template rendered again: the
# golden output keeps a few of them, not every page three times
# (tests/test_i18n_pages.py checks that every page exists in every language).
LANGUAGES = ["fr", "ar", "en"]
OTHER_LANGUAGES = ("ar/", "en/")
LANGUAGE_SAMPLES = {
    f"{code}/{page}"
    for code in ("ar", "en")
    for page in ("index.html", "agenda/index.html", "associations/atelier-velo/index.html",
                 "associations/jardin-des-tilleuls/agenda/permanence/index.html", "recherche/index.html", "404.html")
}  # fmt: skip


def build(output: Path):
    from tests.conftest import FIXTURES, build_site  # noqa: PLC0415 - pins PLACETTE_TODAY

    return build_site(FIXTURES / "mini", output, INTERFACE_LANGUAGES=LANGUAGES)


def files(folder: Path) -> dict[str, bytes]:
    """Every file of a built site, by its path in the site."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def compared(folder: Path) -> dict[str, bytes]:
    """The files the golden output holds: all but the vendored ones, and of the
    other languages' pages only the samples."""
    return {name: data for name, data in files(folder).items()
            if not name.startswith(VENDORED) and name.rsplit("/", 1)[-1] != DRAWN
            and (not name.startswith(OTHER_LANGUAGES) or name in LANGUAGE_SAMPLES)}  # fmt: skip


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        build(out)
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for name, data in compared(out).items():
            (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / name).write_bytes(data)
    print(f"{GOLDEN.relative_to(HERE.parent)} régénéré : relisez « git diff » avant de valider.")


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m tests.golden update")
    update()
