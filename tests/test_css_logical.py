"""Right to left done right (issue 18): the stylesheets say start and end,
never left and right, so that the Arabic interface mirrors with the same rules."""

import re

import pytest

from tests.conftest import ROOT

SHEETS = sorted([*ROOT.glob("themes/placette/static/**/*.css"), *ROOT.glob("bridge/static/*.css")])
PHYSICAL = re.compile(
    r"(?<![\w-])(?:margin|padding|border)-(?:left|right)\b|(?<![\w-])(?:left|right)\s*:|text-align\s*:\s*(?:left|right)"
)
# A physical value kept on purpose, only as the fallback just before its logical twin.
FALLBACK = re.compile(r"float:\s*(?:left|right);\s*float:\s*inline-(?:start|end)")


@pytest.mark.parametrize("sheet", SHEETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_physical_direction_in_the_stylesheets(sheet):
    text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)  # comments may say it
    text = FALLBACK.sub("", text)
    found = [line for line in text.splitlines() if PHYSICAL.search(line) or re.search(r"float:\s*(?:left|right)", line)]
    assert not found, "left/right: use inline-start/inline-end\n" + "\n".join(found)


def test_the_check_finds_a_physical_property():
    assert PHYSICAL.search(".x { margin-left: 1rem }") and PHYSICAL.search(".y { left: 0 }")
    assert not PHYSICAL.search(".x { margin-inline-start: 1rem; inset-inline-start: 0 }")
