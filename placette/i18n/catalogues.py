"""The translations of the interface, read from the `.po` files.

`placette/locales/messages.pot` holds every marked string (made by
`make catalogues`); each language has `placette/locales/<code>/LC_MESSAGES/messages.po`.
The `.po` files are read directly (Babel) and compiled in memory, once per
process and again when a file changes: nothing generated is kept in the
repository. French, the source language, needs no catalogue.

The pseudo-locale (`x-pseudo`, tests only) is made from the template: every
string becomes « ⟦ŝtrîñg⟧ », placeholders and markup kept. A page built in the
pseudo-locale that still shows plain French has a string that escapes
translation (tests/test_i18n_pages.py).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
import re
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from placette.i18n.languages import PSEUDO

LOCALES = Path(__file__).resolve().parents[1] / "locales"
DOMAIN = "messages"
SOURCE = "fr"

_LOADED: dict[tuple, gettext.NullTranslations] = {}


def template_path(folder: Path | None = None) -> Path:
    return (folder or LOCALES) / f"{DOMAIN}.pot"


def catalogue_path(code: str, folder: Path | None = None) -> Path:
    return (folder or LOCALES) / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalogue(path: Path, code: str | None = None) -> Catalog:
    with open(path, "rb") as handle:
        return read_po(handle, locale=code if code not in (None, PSEUDO) else None)


_STAMPS: dict[str, tuple] = {}  # a catalogue's stamp, looked at once per build (`refresh`)


def _stamp(path: Path) -> tuple:
    """The file's stamp, read once until `refresh()`: gettext runs for every
    string of every page, and a system call each time would be the cost of a
    page in another language."""
    found = _STAMPS.get(str(path))
    if found is None:
        try:
            status = os.stat(path)
            found = (str(path), status.st_mtime_ns, status.st_size)
        except OSError:
            found = (str(path), None)
        _STAMPS[str(path)] = found
    return found


def refresh() -> None:
    """A new build: catalogues changed since the last one are read again."""
    _STAMPS.clear()


def translations(code: str, folder: Path | None = None) -> gettext.NullTranslations:
    """The translations of one interface language; French (the source) and a
    language without catalogue translate nothing."""
    if code == SOURCE:
        return _source()
    path = template_path(folder) if code == PSEUDO else catalogue_path(code, folder)
    key = (code, _stamp(path))
    found = _LOADED.get(key)
    if found is None:
        if key[1][1] is None:
            found = gettext.NullTranslations()
        else:
            catalogue = read_catalogue(path, code)
            if code == PSEUDO:
                catalogue = pseudo_catalogue(catalogue)
            found = compile_catalogue(catalogue)
        for old in [k for k in _LOADED if k[0] == code]:
            del _LOADED[old]
        _LOADED[key] = found
    return found


class SourceTranslations(gettext.NullTranslations):
    """French translates nothing, but counts as French does: « 0 actualité »,
    « 1 actualité », « 2 actualités » (CLDR's rule: 0 and 1 are singular),
    where gettext without a catalogue would say « 0 actualités »."""

    _rule = Locale.parse(SOURCE).plural_form

    def ngettext(self, singular, plural, n):
        return singular if self._rule(abs(n)) == "one" else plural

    def npgettext(self, context, singular, plural, n):
        return self.ngettext(singular, plural, n)


_SOURCE = SourceTranslations()


def _source() -> gettext.NullTranslations:
    return _SOURCE


def language_key(code: str | None, folder: Path | None = None) -> bytes:
    """What a page rendered in this interface language depends on beside its
    template and its variables: the language and its catalogue's bytes."""
    if code is None or code == SOURCE:
        return b"-"
    path = template_path(folder) if code == PSEUDO else catalogue_path(code, folder)
    stamp = _stamp(path)
    found = _KEYS.get(code)
    if found is None or found[0] != stamp:
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        found = _KEYS[code] = (stamp, code.encode() + b"\0" + hashlib.blake2b(data, digest_size=16).digest())
    return found[1]


_KEYS: dict[str, tuple] = {}


def compile_catalogue(catalogue: Catalog) -> Translations:
    """A catalogue as gettext reads it; fuzzy entries are left out, as msgfmt does."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


# -- the pseudo-locale -------------------------------------------------------------
_ACCENTS = str.maketrans("aceinousyACEINOUSY", "àçéîñöûšýÀÇÉÎÑÖÛŠÝ")
# Kept as they are: printf and format placeholders, markup, entities.
_KEEP = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[sdif]|\{[^{}]*\}|<[^>]*>|&[#\w]+;")
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"


def pseudo(text: str) -> str:
    """« Publié le %(date)s » -> « ⟦Pûblîé lé %(date)s⟧ »."""
    parts, last = [], 0
    for match in _KEEP.finditer(text):
        parts.append(text[last : match.start()].translate(_ACCENTS))
        parts.append(match.group(0))
        last = match.end()
    parts.append(text[last:].translate(_ACCENTS))
    return MARK_OPEN + "".join(parts) + MARK_CLOSE


def pseudo_catalogue(template: Catalog) -> Catalog:
    catalogue = Catalog(locale=None, domain=DOMAIN)
    for message in template:
        if not message.id:
            continue
        string = tuple(pseudo(part) for part in message.id) if isinstance(message.id, tuple) else pseudo(message.id)
        catalogue.add(message.id, string, context=message.context)
    return catalogue


# -- completeness --------------------------------------------------------------------
_PLACEHOLDER = re.compile(r"%\([^)]*\)[a-zA-Z]|%[sdif]|\{[^{}]*\}")


_COUNT = re.compile(r"%\((?:num|n|count)\)[ds]")


def placeholders(text: str) -> list[str]:
    return sorted(_PLACEHOLDER.findall(text))


def gaps(template: Catalog, catalogue: Catalog) -> list[str]:
    """What keeps a catalogue from being complete, in French: each string of
    the template untranslated, fuzzy, or with other placeholders than its source."""
    found = []
    for message in template:
        if not message.id:
            continue
        translated = catalogue.get(message.id, context=message.context)
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        label = f"« {ids[0]} »" + (f" (contexte {message.context})" if message.context else "")
        if translated is None:
            found.append(f"{label} : absent du catalogue")
            continue
        strings = translated.string if isinstance(translated.string, tuple) else (translated.string,)
        if not all(strings):
            found.append(f"{label} : pas traduit")
        elif translated.fuzzy:
            found.append(f"{label} : traduction à vérifier (fuzzy)")
        else:
            wanted = placeholders(ids[-1])
            for string in strings:
                found_here = placeholders(string)
                if len(ids) > 1:  # a plural form may leave the count out: « جهة واحدة » (one), « جهتان » (two)
                    found_here = sorted(set(found_here) | {p for p in wanted if _COUNT.fullmatch(p)})
                if found_here != wanted:
                    found.append(
                        f"{label} : la traduction « {string} » n'a pas les mêmes variables ({', '.join(wanted) or 'aucune'})"
                    )
                    break
    return found
