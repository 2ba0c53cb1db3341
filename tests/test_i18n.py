"""The interface's languages: formats per locale, catalogues, gettext in templates (issue 18)."""

from __future__ import annotations

import datetime as dt
import pickle

import jinja2
import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from placette.cli import catalogues as make_catalogues
from placette.i18n import formats, vocabulary
from placette.i18n.catalogues import (
    catalogue_path,
    compile_catalogue,
    gaps,
    pseudo,
    pseudo_catalogue,
    read_catalogue,
    refresh,
    template_path,
    translations,
)
from placette.i18n.jinja import install
from placette.i18n.languages import PSEUDO, LanguageError, interface_languages, language
from plugins.placette_filters.filters import FILTERS


# -- formats ---------------------------------------------------------------------------
def test_dates_as_each_language_writes_them():
    tuesday = dt.date(2026, 12, 1)
    assert formats.day_month(tuesday, "fr") == "mardi 1er décembre"
    assert formats.day_month(tuesday, "ar") == "الثلاثاء 1 ديسمبر"
    assert formats.day_month(tuesday, "en") == "Tuesday 1 December"
    assert formats.long_date(tuesday, "en") == "Tuesday 1 December 2026"
    assert formats.short_date(dt.date(2027, 1, 2), "ar") == "2 يناير 2027"
    assert formats.month_label(tuesday, "en") == "December 2026"
    assert formats.month_label(tuesday, "fr") == "décembre 2026"


def test_the_year_is_said_only_when_it_is_not_todays():
    new_year = dt.date(2027, 1, 2)
    for code in ("fr", "ar", "en"):
        assert "2027" in formats.day_month(new_year, code, dt.date(2026, 12, 20))
        assert "2027" not in formats.day_month(new_year, code, dt.date(2027, 1, 1))


@pytest.mark.parametrize("code", ["fr", "ar", "en"])
def test_every_day_of_a_year_has_its_own_weekday_and_day(code):
    """A sweep over 2028 (a leap year, both clock changes): each date names
    its own weekday and day number, the first of a month in French as « 1er »."""
    day = dt.date(2028, 1, 1)
    names = formats.day_names(code)
    while day.year == 2028:
        text = formats.day_month(day, code)
        assert text.startswith(names[day.weekday()] + " "), (day, text)
        expected = "1er" if code == "fr" and day.day == 1 else str(day.day)
        assert f" {expected} " in text, (day, text)
        day += dt.timedelta(days=1)


def test_the_week_starts_on_monday_in_every_language():
    assert formats.day_names("fr")[0] == "lundi"
    assert formats.day_names("en")[0] == "Monday"
    assert formats.day_names("ar")[0] == format_date(dt.date(2024, 1, 1), "EEEE", locale="ar")
    assert dt.date(2024, 1, 1).weekday() == formats.WEEK_START


def test_times_are_24_hours_and_digits_latin():
    evening = dt.time(18, 5)
    assert formats.time_label(evening, "fr") == "18 h 05"
    assert formats.time_label(evening, "en") == "18:05"
    assert formats.time_label(dt.datetime(2026, 12, 1, 18, 5), "ar") == "18:05"
    assert formats.number(1234.5, "en") == "1,234.5"
    arabic = formats.number(1234.5, "ar")
    assert all(not ("\u0660" <= c <= "\u0669") for c in arabic) and "1" in arabic


# -- languages -------------------------------------------------------------------------
def test_languages_come_from_one_setting_and_the_cldr():
    found = interface_languages({"INTERFACE_LANGUAGES": ["fr", "ar", "en", "tr"]})
    assert [lang.code for lang in found] == ["fr", "ar", "en", "tr"]
    assert [lang.direction for lang in found] == ["ltr", "rtl", "ltr", "ltr"]
    assert found[1].name == "العربية" and found[0].name == "français" and found[3].name == "Türkçe"
    assert interface_languages({})[0].code == "fr"


def test_an_unknown_or_repeated_language_is_said_in_french():
    with pytest.raises(LanguageError, match="langue d'interface inconnue : « zz-qq »"):
        language("zz-qq")
    with pytest.raises(LanguageError, match="deux fois"):
        interface_languages({"INTERFACE_LANGUAGES": ["fr", "ar", "fr"]})


# -- catalogues ------------------------------------------------------------------------
MENU = "menu"


def _template() -> Catalog:
    template = Catalog(locale=None)
    template.add("Publié le %(date)s")
    template.add(("%(n)s séance", "%(n)s séances"))
    template.add("Agenda", context=MENU)
    return template


def _write(folder, code, entries, fuzzy=()):
    """A .po file; `entries`: msgid -> translation, with ("Agenda", MENU) for a context."""
    catalogue = Catalog(locale=code, fuzzy=False)
    for key, string in entries.items():
        message_id, context = key if isinstance(key, tuple) and key[-1] == MENU else (key, None)
        catalogue.add(message_id, string, context=context, flags=("fuzzy",) if message_id in fuzzy else ())
    path = catalogue_path(code, folder)
    path.parent.mkdir(parents=True)
    with open(path, "wb") as handle:
        write_po(handle, catalogue)
    return path


def test_a_complete_catalogue_has_no_gaps_and_each_kind_of_gap_is_said(tmp_path):
    complete = _write(tmp_path / "a", "en", {
        "Publié le %(date)s": "Published on %(date)s",
        ("%(n)s séance", "%(n)s séances"): ("%(n)s session", "%(n)s sessions"),
        ("Agenda", MENU): "Events",
    })  # fmt: skip
    assert gaps(_template(), read_catalogue(complete, "en")) == []
    broken = _write(tmp_path / "b", "en", {
        "Publié le %(date)s": "Published on %(day)s",
        ("%(n)s séance", "%(n)s séances"): ("%(n)s session", ""),
    })  # fmt: skip
    found = gaps(_template(), read_catalogue(broken, "en"))
    assert any("« Publié le %(date)s »" in gap and "mêmes variables" in gap for gap in found)
    assert any("« %(n)s séance »" in gap and "pas traduit" in gap for gap in found)
    assert any("« Agenda » (contexte menu)" in gap and "absent" in gap for gap in found)
    dual = _write(tmp_path / "d", "ar", {("%(n)s séance", "%(n)s séances"): (
        "%(n)s séance", "séance unique", "deux séances", "%(n)s séances", "%(n)s séance", "%(n)s séance")})  # fmt: skip
    assert not [gap for gap in gaps(_template(), read_catalogue(dual, "ar")) if "séance" in gap]
    fuzzy = _write(tmp_path / "c", "en", {"Publié le %(date)s": "Published on %(date)s"}, fuzzy=("Publié le %(date)s",))
    assert any("fuzzy" in gap for gap in gaps(_template(), read_catalogue(fuzzy, "en")))


def test_fuzzy_translations_are_not_used_and_arabic_plurals_have_six_forms(tmp_path):
    catalogue = Catalog(locale="ar", fuzzy=False)
    forms = ("صفر", "واحدة", "اثنتان", "قليل", "كثير", "أخرى")
    catalogue.add(("%(n)s séance", "%(n)s séances"), forms)
    catalogue.add("Agenda", "الأجندة", flags=("fuzzy",))
    compiled = compile_catalogue(catalogue)
    assert [compiled.ngettext("%(n)s séance", "%(n)s séances", n) for n in (0, 1, 2, 5, 11, 100)] == list(forms)
    assert compiled.gettext("Agenda") == "Agenda"


def test_the_pseudo_locale_marks_every_string_and_keeps_what_code_reads():
    assert pseudo("Publié le %(date)s") == "⟦Pûblîé lé %(date)s⟧"
    text = pseudo('Voir <a href="{url}">la suite</a> &amp; %s')
    assert '<a href="{url}">' in text and "</a>" in text and "&amp;" in text and "%s" in text
    assert "la suite" not in text
    compiled = compile_catalogue(pseudo_catalogue(_template()))
    assert compiled.gettext("Publié le %(date)s") == "⟦Pûblîé lé %(date)s⟧"


def test_french_and_a_language_without_catalogue_translate_nothing(tmp_path):
    assert translations("fr").gettext("Agenda") == "Agenda"
    assert translations("de", tmp_path).gettext("Agenda") == "Agenda"


def test_french_counts_as_french_does():
    """« 0 actualité » in French (CLDR: n > 1 is plural), not gettext's English rule."""
    french = translations("fr")
    assert [french.ngettext("%(n)s actualité", "%(n)s actualités", n) for n in (0, 1, 2)] == [
        "%(n)s actualité", "%(n)s actualité", "%(n)s actualités"]  # fmt: skip


def test_a_changed_catalogue_is_read_again(tmp_path):
    path = _write(tmp_path, "en", {"Publié le %(date)s": "Published on %(date)s"})
    assert translations("en", tmp_path).gettext("Publié le %(date)s") == "Published on %(date)s"
    text = path.read_text().replace("Published on", "Posted on")
    path.write_text(text + "\n")
    refresh()  # a new build
    assert translations("en", tmp_path).gettext("Publié le %(date)s") == "Posted on %(date)s"


# -- templates -------------------------------------------------------------------------
def test_templates_follow_the_language_of_the_page(tmp_path):
    _write(tmp_path, "en", {"Publié le %(date)s": "Published on %(date)s",
                            ("%(n)s séance", "%(n)s séances"): ("%(n)s session", "%(n)s sessions")})  # fmt: skip
    env = jinja2.Environment(autoescape=True)
    env.filters.update(FILTERS)
    install(env, "fr", tmp_path)
    page = env.from_string(
        "{{ _('Publié le %(date)s', date=(d|date_long)) }} · "
        "{% trans n=count %}{{ n }} séance{% pluralize %}{{ n }} séances{% endtrans %}"
    )
    day = dt.date(2026, 12, 1)
    assert page.render(d=day, count=1) == "Publié le mardi 1er décembre 2026 · 1 séance"
    assert page.render(d=day, count=3, interface_lang="en") == "Published on Tuesday 1 December 2026 · 3 sessions"
    assert page.render(d=day, count=3, interface_lang="ar").startswith("Publié le الثلاثاء 1 ديسمبر 2026")


def test_the_template_of_the_catalogues_is_up_to_date():
    """A string marked for translation but not gathered by `make catalogues`
    would never be translated."""
    assert make_catalogues.main(["--check"]) == 0, "lancez « make catalogues »"


def test_marked_strings_are_gathered_from_templates_and_code(tmp_path):
    for folder in make_catalogues.SOURCES:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "themes/placette/templates/page.html").write_text(
        "<p>{{ _('Bonjour') }}</p>\n{% trans %}Au revoir{% endtrans %}\n"
    )
    (tmp_path / "bridge/forms.py").write_text("from x import _\nMESSAGE = _('Champ obligatoire')\n")
    found = make_catalogues.extract(tmp_path)
    assert {m.id for m in found if m.id and m.context is None} == {"Bonjour", "Au revoir", "Champ obligatoire"}


def test_the_portal_s_words_are_gathered_from_its_settings(tmp_path):
    """A portal that adds a theme gets a word to translate, apart from the interface's."""
    for folder in make_catalogues.SOURCES:
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pelicanconf.py").write_text(
        'PLACETTE = {"themes": ["apiculture"], "kinds": ["ressourcerie"], "neighbourhoods": ["Les Aulnes"],'
        ' "languages": {"peul": "ff"}}\n'
    )
    found = make_catalogues.extract(tmp_path)
    words = {m.id for m in found if m.context == vocabulary.CONTEXT}
    assert {"apiculture", "ressourcerie", "peul", "boucle magnétique"} <= words
    assert "Les Aulnes" not in words  # a name, never translated
    assert found.get("apiculture") is None  # not an interface string


def test_a_word_of_the_lists_is_said_in_the_reader_s_language():
    from placette.i18n.lazy import rendering

    assert vocabulary.term("santé", "ar") == "الصحة"
    assert vocabulary.term("santé", "en") == "health"
    assert vocabulary.term("santé", "fr") == "santé"
    assert vocabulary.term("un thème inconnu", "ar") == "un thème inconnu"
    word = vocabulary.lazy_term("emploi")
    with rendering("en"):
        assert str(word) == "jobs" and word.upper() == "JOBS"
    assert str(word) == "emploi"
    assert pickle.loads(pickle.dumps(word)).text("ar") == "العمل"


@pytest.mark.parametrize("code", make_catalogues.languages())
def test_every_catalogue_is_complete(code):
    template = read_catalogue(template_path())
    assert gaps(template, read_catalogue(catalogue_path(code), code)) == []


def test_the_portal_offers_arabic_and_english_catalogues():
    assert {"ar", "en"} <= set(make_catalogues.languages())
    assert PSEUDO not in make_catalogues.languages()


# -- lazy texts ------------------------------------------------------------------------
def test_a_lazy_text_is_said_in_the_language_of_the_page_being_rendered():
    from placette.i18n.lazy import lazy, rendering

    week = lazy("Cette semaine")
    assert str(week) == "Cette semaine" and week == "Cette semaine"
    with rendering("en"):
        assert str(week) == "This week" and week.lower() == "this week" and week[:4] == "This"
    with rendering("ar"):
        env = jinja2.Environment(autoescape=True)
        assert env.from_string("<h2>{{ t }}</h2>{{ t|length }}").render(t=week) == "<h2>هذا الأسبوع</h2>11"
    assert str(week) == "Cette semaine"  # back to French outside the page


def test_a_lazy_text_pickles_as_its_message():
    import pickle

    from placette.build.digest import Digester
    from placette.i18n.lazy import lazy, rendering

    week = lazy("Cette semaine")
    assert pickle.loads(pickle.dumps(week)) == week
    with rendering("en"):
        assert Digester()([week]) == Digester()([lazy("Cette semaine")])
    assert Digester()([week]) != Digester()([lazy("Ce mois-ci")])


def test_the_leak_finder_tells_interface_text_from_content():
    from tests.i18n_leaks import leaks

    page = ('<html lang="x-pseudo"><head><title>⟦Âgéñdà⟧ — <bdi>Placette</bdi></title></head><body>'
            '<h1>⟦Âgéñdà⟧</h1><p>Publié le ⟦màrdî⟧ 14</p><article lang="fr"><p>Texte de l\'association</p></article>'
            '<a title="Voir la suite" href="#">⟦Vöîr⟧</a><script>var x = "texte";</script>'
            "<p>14 h – 16 h</p></body></html>")  # fmt: skip
    assert leaks(page) == ["Publié le 14", "@title Voir la suite"]


def test_dates_in_the_pseudo_locale_are_marked_as_formatted():
    day = dt.date(2026, 12, 1)
    assert formats.day_month(day, PSEUDO) == "⟦màrdî 1ér déçémbré⟧"
    assert (
        formats.time_label(dt.time(9, 5), PSEUDO).startswith("⟦")
        and formats.day_month(day, "fr") == "mardi 1er décembre"
    )


# -- recurrences in words --------------------------------------------------------------
def _event(rule: str, start=dt.datetime(2026, 12, 1, 14, 0), end=dt.datetime(2026, 12, 1, 17, 0), **extra):
    from placette.model.events import Event

    return Event(uid="x", title="Atelier", start=start, end=end, rrule=rule, **extra)


@pytest.mark.parametrize(("rule", "fr", "en", "ar"), [
    ("FREQ=WEEKLY;BYDAY=TU", "tous les mardis de 14 h à 17 h", "on Tuesdays from 14:00 to 17:00",
     "كل ثلاثاء من 14:00 إلى 17:00"),
    ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "un mardi et un jeudi sur deux de 14 h à 17 h",
     "every other Tuesday and Thursday from 14:00 to 17:00", "الثلاثاء والخميس كل أسبوعين من 14:00 إلى 17:00"),
    ("FREQ=MONTHLY;BYDAY=1SA", "le 1er samedi de chaque mois de 14 h à 17 h",
     "on the first Saturday of every month from 14:00 to 17:00", "يوم السبت الأول من كل شهر من 14:00 إلى 17:00"),
])  # fmt: skip
def test_a_rule_is_said_in_each_language(rule, fr, en, ar):
    from placette.model.rule_text import describe

    event = _event(rule)
    assert describe(event, code="fr").startswith(fr + ", à partir du 1er décembre 2026")
    assert describe(event, code="en") == en + ", starting 1 December 2026"
    assert describe(event, code="ar") == ar + "، ابتداءً من 1 ديسمبر 2026"


def test_a_session_is_said_in_each_language():
    from placette.model.recurrence import expand
    from placette.model.rule_text import occurrence_label

    night = _event(None, dt.datetime(2027, 6, 5, 22, 0), dt.datetime(2027, 6, 6, 2, 0))
    (session,) = expand(night, dt.date(2027, 6, 1), dt.date(2027, 6, 30))
    assert occurrence_label(session, code="fr") == "samedi 5 juin, 22 h – 2 h le lendemain"
    assert occurrence_label(session, code="en") == "Saturday 5 June, 22:00 – 02:00 the next day"
    assert occurrence_label(session, code="ar").endswith("في اليوم التالي")


def test_a_rule_computed_once_is_said_in_the_language_of_the_page():
    from placette.i18n.lazy import phrase, rendering
    from placette.model.rule_text import describe

    said = phrase(describe, _event("FREQ=DAILY"), dt.date(2026, 11, 1))
    assert str(said).startswith("tous les jours de 14 h à 17 h")
    with rendering("en"):
        assert str(said).startswith("every day from 14:00 to 17:00") and said
    assert not phrase(describe, _event(None))
