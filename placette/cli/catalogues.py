"""`make catalogues`: gather the interface's strings and update each language's catalogue.

Every string marked for translation in the theme's and the bridge's templates
and in the Python code (`_()`, `gettext()`, `ngettext()`, `pgettext()`,
`{% trans %}`), and the words of the portal's lists in pelicanconf.py (themes,
kinds, services…: placette/i18n/vocabulary.py), go into `placette/locales/messages.pot`; each language's
`.po` file then gets the new strings (untranslated) and loses the ones that
went (kept as obsolete `#~` entries). The files are written without dates or
line numbers, so that running it twice changes nothing and a diff shows only
strings. `--check` changes nothing and fails when the template is not up to date
(the tests run it: a string marked but not gathered is a string never translated).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

from placette.i18n import vocabulary
from placette.i18n.catalogues import DOMAIN, LOCALES, catalogue_path, read_catalogue, template_path

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    "_": None,
    "lazy": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
}
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
# Where the strings are: folder -> [(pattern, method)]
SOURCES = {
    "themes/placette/templates": [("**.html", "jinja2"), ("**.js", "ignore")],
    "bridge": [("**.py", "python"), ("templates/**.html", "jinja2")],
    "placette": [("**.py", "python")],
    "plugins": [("**.py", "python")],
}
HEADER = """\
# Les textes de l'interface de Placette, en français (la langue source).
# Fait par « make catalogues » : ne pas modifier à la main ; traduire dans
# placette/locales/<langue>/LC_MESSAGES/messages.po (docs/traduire.md)."""
FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # no date that changes at each run


def extract(root: Path = ROOT) -> Catalog:
    catalogue = Catalog(project="Placette", domain=DOMAIN, creation_date=FIXED_DATE, revision_date=FIXED_DATE,
                        header_comment=HEADER, charset="utf-8", fuzzy=False)  # fmt: skip
    for folder, mapping in SOURCES.items():
        options = {pattern: JINJA_OPTIONS for pattern, method in mapping if method == "jinja2"}
        found = extract_from_dir(root / folder, mapping, options, keywords=KEYWORDS, strip_comment_tags=True)
        for filename, _lineno, message, comments, context in found:
            where = f"{folder}/{filename}"
            catalogue.add(message, None, [(where, None)], auto_comments=comments, context=context)
    for word, where in vocabulary.words(portal_settings(root)):
        catalogue.add(word, None, [(where, None)], context=vocabulary.CONTEXT)
    return catalogue


def portal_settings(root: Path) -> dict:
    """The portal's settings as Pelican reads them (its words: themes, kinds…)."""
    from placette.model.settings import read_pelican_settings

    path = root / "pelicanconf.py"
    return read_pelican_settings(path) if path.exists() else {}


def render(catalogue: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, no_location=False, omit_header=False, sort_output=True,
             include_lineno=False, ignore_obsolete=False)  # fmt: skip
    # Without the Babel version that wrote it: the same strings give the same file.
    return b"".join(line for line in buffer.getvalue().splitlines(keepends=True)
                    if not line.startswith(b'"Generated-By: '))  # fmt: skip


def update(code: str, template: Catalog, folder: Path = LOCALES) -> bytes:
    path = catalogue_path(code, folder)
    if path.exists():
        catalogue = read_catalogue(path, code)
    else:
        header = f"# Les textes de l'interface de Placette en « {code} ». Voir docs/traduire.md."
        catalogue = Catalog(locale=code, domain=DOMAIN, project="Placette", creation_date=FIXED_DATE,
                            revision_date=FIXED_DATE, header_comment=header, charset="utf-8", fuzzy=False)  # fmt: skip
    catalogue.update(template, no_fuzzy_matching=True)
    catalogue.fuzzy = False
    catalogue.creation_date = catalogue.revision_date = FIXED_DATE
    return render(catalogue)


def languages(folder: Path = LOCALES) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").exists())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="ne rien écrire ; échouer si le modèle n'est pas à jour")
    parser.add_argument("--new", metavar="CODE", help="créer le catalogue d'une nouvelle langue (ex. tr)")
    args = parser.parse_args(argv)
    template = extract()
    data = render(template)
    target = template_path()
    if args.check:
        if not target.exists() or target.read_bytes() != data:
            print(f"{target.relative_to(ROOT)} n'est pas à jour : lancez « make catalogues ».", file=sys.stderr)
            return 1
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    codes = languages()
    if args.new and args.new not in codes:
        codes.append(args.new)
    for code in codes:
        path = catalogue_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(update(code, template))
        print(f"{path.relative_to(ROOT)} : à jour")
    print(f"{target.relative_to(ROOT)} : {len(template)} textes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
