"""Golden output of the mini fixture site.

`make update-golden` rebuilds tests/golden/mini/ from tests/fixtures/mini/;
review the diff before committing it. tests/test_golden.py compares.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "mini"


def build(output: Path):
    from tests.conftest import FIXTURES, build_site  # noqa: PLC0415 - pins PLACETTE_TODAY

    return build_site(FIXTURES / "mini", output)


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def update() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        build(Path(tmp) / "out")
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(Path(tmp) / "out", GOLDEN)
    print(f"{GOLDEN.relative_to(HERE.parent)} régénéré : relisez « git diff » avant de valider.")


if __name__ == "__main__":
    if sys.argv[1:] != ["update"]:
        sys.exit("usage: python -m tests.golden update")
    update()
