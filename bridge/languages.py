"""The language of a bridge page (issue 18).

The bridge speaks the portal's interface languages with the same catalogues
as the static site (placette/i18n). A request's language comes from:

1. the address: `?langue=ar`. Every link and form of the bridge keeps it
   (`url_for` adds it, see `keep_language`), and the static site's pages in
   Arabic link to the bridge with it (`bridge_link` in placette/i18n/links.py),
   so a link from `/ar/…` lands on the Arabic form;
2. otherwise the browser's `Accept-Language` (Babel's `negotiate_locale` over
   the offered languages);
3. otherwise the portal's default language (French).

The language chosen is kept in `g.language` and in the gettext context of
Python texts (`placette.i18n.lazy.rendering`): a message the bridge computed
with `lazy("…")` -- a form's problem, an error page -- is shown in it, while
`make check` and the logs keep saying it in French. The pseudo-locale of the
tests is offered only when the settings name it.
"""

from __future__ import annotations

import datetime as dt
import re

from babel import negotiate_locale
from flask import Flask, g, has_request_context, request, url_for
from markupsafe import Markup, escape

from placette.i18n import formats, vocabulary
from placette.i18n.catalogues import SOURCE, catalogue_path, pseudo
from placette.i18n.formats import day_names
from placette.i18n.jinja import LANG_VARIABLE, install
from placette.i18n.languages import PSEUDO, Language, language
from placette.i18n.lazy import Lazy, lazy, rendering
from placette.model.hours import DAYS

PARAMETER = "langue"  # ?langue=ar


def available() -> list[str]:
    """The languages that have a catalogue (placette/locales), French first."""
    folder = catalogue_path(SOURCE).parents[2]
    found = sorted(p.name for p in folder.iterdir() if p.is_dir() and (p / "LC_MESSAGES" / "messages.po").exists())
    return [SOURCE, *[code for code in found if code != SOURCE]]


def offered(config: dict) -> tuple[str, ...]:
    """INTERFACE_LANGUAGES of the bridge's settings (checked), or every language with a catalogue."""
    codes = tuple(config.get("INTERFACE_LANGUAGES") or available())
    for code in codes:
        language(code)  # LanguageError (French) for a code that is no language
    return codes


def choose(codes: tuple[str, ...]) -> str:
    """The language of this request: the address, then Accept-Language, then the default."""
    asked = request.args.get(PARAMETER, "")
    if asked in codes:
        return asked
    real = [code for code in codes if code != PSEUDO]
    wanted = [value for value, _quality in request.accept_languages]
    best = negotiate_locale(wanted, real, sep="-", aliases=None) if wanted else None
    return best or codes[0]


def current() -> Language:
    return language(g.language) if has_request_context() and "language" in g else language(SOURCE)


def keep_language(endpoint: str, values: dict) -> None:
    """`url_for` keeps the page's language in every link to another bridge page."""
    if endpoint == "static" or not has_request_context() or "language" not in g:
        return
    if g.language != g.languages[0]:
        values.setdefault(PARAMETER, g.language)


def switcher() -> list[dict]:
    """The language switcher's links: this page in each language (no JavaScript)."""
    if request.endpoint is None or len(g.languages) < 2:
        return []
    args = {**request.args.to_dict(), **(request.view_args or {})}
    links = []
    for code in g.languages:
        if code == PSEUDO and g.language != PSEUDO:
            continue
        values = {**args, PARAMETER: code}
        links.append({"code": code, "name": language(code).name, "current": code == g.language,
                      "url": url_for(request.endpoint, **values)})  # fmt: skip
    return links


def with_language(url: str, code: str | None = None) -> str:
    """An absolute link (tracking link, e-mail) that opens in `code` (the request's by default)."""
    code = code or (g.language if has_request_context() and "language" in g else None)
    if not code or (has_request_context() and "languages" in g and code == g.languages[0]) or code == SOURCE:
        return url
    if re.search(rf"[?&]{PARAMETER}=", url):
        return url
    return f"{url}{'&' if '?' in url else '?'}{PARAMETER}={code}"


class Said(str):
    """A word the bridge translated itself (a day's name): in the page's language."""


def content_lang(text=None) -> Markup:
    """` lang="fr"` on a word the portal's settings or a volunteer wrote (a
    theme, a kind of structure, an association's name) shown in a page of
    another language: it is said in the portal's language, not the page's."""
    if isinstance(text, (Said, Lazy)) or not has_request_context() or "language" not in g or g.language == SOURCE:
        return Markup("")
    return Markup(f' lang="{SOURCE}"')


def word(text):
    """A word of the portal's lists (a theme, a kind, an audience…) in the page's
    language when its catalogue has it (placette/i18n/vocabulary.py); any other
    text (an association's name) as it was written, marked French by `content_lang`."""
    if not isinstance(text, str) or isinstance(text, Said) or not has_request_context() or "language" not in g:
        return text
    said = vocabulary.term(text, g.language)
    return Said(said) if said != text or g.language == SOURCE else text


def day_name(day: str) -> str:
    """« mardi » (the forms' value) in the page's language, capitalised: « Tuesday », « الثلاثاء »."""
    code = current().code
    if day not in DAYS:
        return day
    if code == PSEUDO:
        return Said(pseudo(day.capitalize()))
    name = day_names(code)[DAYS.index(day)]
    return Said(name[:1].upper() + name[1:])


def bdi(value) -> Markup:
    """A name, a title or a value typed by someone, isolated inside an
    interface sentence (« rue des 14 Meuniers » keeps its order in Arabic)."""
    return Markup(f"<bdi>{escape(value)}</bdi>") if value not in (None, "") else Markup("")


def short_date(value: dt.date) -> str:
    """« 22/12/2026 » in French (as the bridge always wrote it), « 22 December 2026 » in another language."""
    code = current().code
    if code == SOURCE:
        return value.strftime("%d/%m/%Y")
    return formats.short_date(value, code)


def moment(value) -> str:
    """A moment of the review pages (a datetime, or an ISO text as the build
    and import reports keep them): « 22/11/2026 à 14:05 » in French."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value[:16])
        except ValueError:
            return value
    code = current().code
    if code == SOURCE:
        return value.strftime("%d/%m/%Y à %H:%M")
    return str(lazy("%(date)s à %(time)s", date=formats.short_date(value.date(), code),
                    time=formats.time_label(value.time(), code)))  # fmt: skip


def language_field() -> Markup:
    """A GET form starts a new query string: it carries the page's language itself."""
    if not has_request_context() or "language" not in g or g.language == g.languages[0]:
        return Markup("")
    return Markup(f'<input type="hidden" name="{PARAMETER}" value="{escape(g.language)}">')


def setup(app: Flask) -> None:
    """Catalogues on Flask's Jinja environment, the language chosen per request."""
    codes = offered(app.config)
    install(app.jinja_env, default=codes[0])

    @app.before_request
    def _language():
        g.languages = codes
        g.language = choose(codes)
        g.rendering = rendering(g.language)
        g.rendering.__enter__()

    @app.teardown_request
    def _done(_error=None):
        context = g.pop("rendering", None)
        if context is not None:
            context.__exit__(None, None, None)

    app.url_defaults(keep_language)

    @app.context_processor
    def _page_language():
        here = current()
        return {
            LANG_VARIABLE: here.code,
            "page_language": here,
            "language_links": switcher,
            "language_parameter": PARAMETER,
            "default_language": codes[0],
            "content_lang": content_lang,
            "day_name": day_name,
            "word": word,
            "bdi": bdi,
            "language_field": language_field,
            "short_date": short_date,
            "moment": moment,
        }
