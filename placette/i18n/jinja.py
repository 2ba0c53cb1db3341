"""gettext in Jinja templates, in the language of the page being rendered.

Jinja's i18n extension calls the gettext functions installed in the
environment. Ours are `pass_context`: they read the page's interface language
from its context (`interface_lang`, set by whoever renders the page; the
portal's default language otherwise) and translate with that language's
catalogue. One environment then renders the pages of every language, and the
extraction (`make catalogues`) finds `_()`, `gettext()`, `ngettext()`,
`pgettext()` and `{% trans %}` blocks as Babel knows them.
"""

from __future__ import annotations

import jinja2
from jinja2 import pass_context

from placette.i18n.catalogues import SOURCE, translations

LANG_VARIABLE = "interface_lang"
EXTENSION = "jinja2.ext.i18n"


FOLDER_VARIABLE = "_placette_locales"  # where the catalogues are (tests give their own)


def _catalogue(context):
    code = context.get(LANG_VARIABLE) or context.environment.globals.get(LANG_VARIABLE) or SOURCE
    return translations(code, context.environment.globals.get(FOLDER_VARIABLE))


@pass_context
def _gettext(context, message: str) -> str:
    return _catalogue(context).gettext(message)


@pass_context
def _ngettext(context, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).ngettext(singular, plural, n)


@pass_context
def _pgettext(context, ctx: str, message: str) -> str:
    return _catalogue(context).pgettext(ctx, message)


@pass_context
def _npgettext(context, ctx: str, singular: str, plural: str, n: int) -> str:
    return _catalogue(context).npgettext(ctx, singular, plural, n)


def install(env: jinja2.Environment, default: str = SOURCE, folder=None) -> None:
    """Add the i18n extension (once) and the language-following gettext;
    `default`: the language of a page that does not say its own; `folder`:
    where the catalogues are (None: placette/locales)."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension(EXTENSION)
    env.globals[LANG_VARIABLE] = default
    env.globals[FOLDER_VARIABLE] = folder
    env.install_gettext_callables(_gettext, _ngettext, newstyle=True, pgettext=_pgettext, npgettext=_npgettext)
