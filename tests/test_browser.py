"""Pages in real headless Chromium."""

import re

import pytest

from tests.browser import dump_dom, serve

pytestmark = pytest.mark.browser
PAGE = "associations/jardin-des-tilleuls/"


@pytest.mark.parametrize(
    "moment, expected",
    [
        ("2026-11-25T10:00", "Ouvert maintenant, jusqu'à 12 h"),  # a Wednesday morning
        ("2026-11-25T17:00", "Ouvert maintenant, jusqu'à 17 h 30"),
        ("2026-11-25T12:30", "Fermé en ce moment"),  # the lunch break
        ("2026-11-23T10:00", "Fermé en ce moment"),  # Monday: closed
    ],
)
def test_open_now_badge(mini_build, moment, expected):
    with serve(mini_build.output) as base:
        dom = dump_dom(f"{base}/{PAGE}#maintenant={moment}")
    badge = re.search(r'<p class="open-now[^"]*"[^>]*>(.*?)</p>', dom)
    assert badge and badge.group(1) == expected, dom[:500]


def test_badge_is_hidden_without_javascript(mini_build):
    html = mini_build.read(PAGE + "index.html")
    assert '<p class="open-now" data-open-now hidden></p>' in html
