"""Dates as a French volunteer types them (bridge/french_dates.py), read with
the model's rule, over a sweep of « today »s rather than one pinned day."""

import datetime as dt
import re

import pytest

from bridge.french_dates import parse_day, parse_exclusions, written_out
from placette.model.problems import FieldError

TODAYS = [dt.date(2026, 1, 1) + dt.timedelta(days=d) for d in range(0, 3 * 366, 17)]


@pytest.mark.parametrize("typed", ["22/12/2026", "22/12/26", "22.12.2026", "22-12-2026", "2026-12-22",
                                   "22 décembre 2026", "22 Décembre 2026", "mardi 22 décembre 2026",
                                   "le 22 decembre 2026", "22 déc. 2026"])  # fmt: skip
def test_full_dates_in_every_usual_form(typed):
    for today in TODAYS:
        assert parse_day(typed, today) == dt.date(2026, 12, 22)


@pytest.mark.parametrize("typed", ["22/12", "22 décembre", "mardi 22 décembre", "1er mars", "1/3", "29/02"])
def test_without_a_year_it_is_the_next_one(typed):
    for today in TODAYS:
        day = parse_day(typed, today)
        assert day >= today and day - today < dt.timedelta(days=366 * 4 + 1)
        if typed != "29/02":
            assert day - today < dt.timedelta(days=366)
        assert (day.day, day.month) in ((22, 12), (1, 3), (29, 2))


@pytest.mark.parametrize("typed, words", [
    ("30/02/2027", "le 30 février 2027 n'est pas dans le calendrier"),
    ("31 avril 2027", "le 31 avril 2027 n'est pas dans le calendrier"),
    ("mardi prochain", "n'est pas une date (par exemple 22/12/2026 ou 22 décembre)"),
    ("13/13/2026", "n'est pas une date"),
    ("", "indiquez la date"),
])  # fmt: skip
def test_wrong_dates_are_said_in_french(typed, words):
    with pytest.raises(FieldError, match=re.escape(words)):
        parse_day(typed, dt.date(2026, 11, 22))


def test_dates_without_a_session_and_periods_cross_the_new_year():
    values, problems = parse_exclusions("22/12\n29 décembre, 5/01\ndu 19 décembre au 3 janvier\n30/02/2027",
                                        dt.date(2026, 12, 1))  # fmt: skip
    assert values == ["2026-12-22", "2026-12-29", "2027-01-05", "2026-12-19 au 2027-01-03"]
    assert problems == ["« 30/02/2027 » n'existe pas : le 30 février 2027 n'est pas dans le calendrier"]
    assert written_out(values[3]) == "du samedi 19 décembre 2026 au dimanche 3 janvier 2027"
