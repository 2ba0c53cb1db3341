"""Texts the code composes once and pages show in their own language.

A generator computes the agenda's sections, a facet's title or an event's
status once per build, in French; the same value is then shown on the French,
Arabic and English pages. `lazy("Cette semaine")` is such a text: it is
translated when it is shown, in the language of the page being rendered
(`rendering`, set by the writer around each page: placette/build/language_pages.py).
Outside a page -- in feeds, calendars, `make check` -- it is French.

A lazy text behaves as the string it is in that language for what templates
do with it (`~`, `|lower`, `|length`, comparisons, slicing); it is never a
dict key (its hash is its French text, whatever the language). It pickles as
its message and arguments, so the incremental build's fingerprints see the
same value in every build. `make catalogues` gathers `lazy("…")` like `_("…")`.
"""

from __future__ import annotations

import contextlib
import contextvars

from markupsafe import escape

from placette.i18n.catalogues import SOURCE, translations

_RENDERING: contextvars.ContextVar[str] = contextvars.ContextVar("placette_interface_language", default=SOURCE)


def current() -> str:
    """The interface language of the page being rendered (French outside a page)."""
    return _RENDERING.get()


@contextlib.contextmanager
def rendering(code: str):
    token = _RENDERING.set(code)
    try:
        yield
    finally:
        _RENDERING.reset(token)


class Lazy:
    __slots__ = ("message", "values")

    def __init__(self, message: str, values: tuple = ()):
        self.message = message
        self.values = values  # (name, value) pairs for %(name)s

    def text(self, code: str | None = None) -> str:
        said = translations(code or current()).gettext(self.message)
        if not self.values:
            return said
        return said % {name: (value.text(code) if isinstance(value, Lazy) else value) for name, value in self.values}

    def __str__(self) -> str:
        return self.text()

    def __html__(self) -> str:
        return str(escape(self.text()))

    def __repr__(self) -> str:
        return f"lazy({self.message!r})"

    def __getattr__(self, name):  # .lower(), .startswith(), … on the text in the current language
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.text(), name)

    def __getitem__(self, index):
        return self.text()[index]

    def __len__(self) -> int:
        return len(self.text())

    def __iter__(self):
        return iter(self.text())

    def __contains__(self, item) -> bool:
        return item in self.text()

    def __add__(self, other) -> str:
        return self.text() + str(other)

    def __radd__(self, other) -> str:
        return str(other) + self.text()

    def __mod__(self, other) -> str:
        return self.text() % other

    def __eq__(self, other) -> bool:
        if isinstance(other, Lazy):
            return (self.message, self.values) == (other.message, other.values)
        return self.text() == other

    def __lt__(self, other) -> bool:
        return self.text() < str(other)

    def __hash__(self) -> int:
        return hash(self.text(SOURCE))

    def __bool__(self) -> bool:
        return bool(self.message)

    def __getstate__(self):
        return (self.message, self.values)

    def __setstate__(self, state) -> None:
        self.message, self.values = state

    def __reduce__(self):
        return (Lazy, (self.message, self.values))


def lazy(message: str, **values) -> Lazy:
    """A text translated when a page shows it: `lazy("Agenda de %(month)s", month=…)`."""
    return Lazy(message, tuple(sorted(values.items())))


class Phrase(Lazy):
    """A sentence a function composes in the language of the page that shows
    it: `phrase(describe, event, today)` calls `describe(event, today, code=…)`
    when shown. The function is pickled by name (module level)."""

    __slots__ = ()

    def __init__(self, function, args: tuple = ()):
        self.message = function  # kept in Lazy's slots: the function
        self.values = args

    def text(self, code: str | None = None) -> str:
        return self.message(*self.values, code=code or current())

    def __repr__(self) -> str:
        return f"phrase({self.message.__qualname__})"

    def __reduce__(self):
        return (Phrase, (self.message, self.values))

    def __bool__(self) -> bool:
        return bool(self.text())


def phrase(function, *args) -> Phrase:
    return Phrase(function, args)
