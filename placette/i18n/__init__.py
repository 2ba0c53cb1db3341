"""The interface in the residents' languages (issue 18).

French is the source language: every string a resident or a volunteer reads is
written in French in the templates and the code, marked for translation
(`_("…")` in Python and in templates, `{% trans %}` blocks for longer texts),
extracted into `placette/locales/messages.pot` by `make catalogues`, and
translated in one `.po` file per language (`placette/locales/<code>/LC_MESSAGES/messages.po`).

- `languages`: which interface languages a portal offers (one settings line).
- `catalogues`: the translations, read from the `.po` files (no compiled
  `.mo` is kept in the repository), and the pseudo-locale of the tests.
- `formats`: dates, times and numbers as each language writes them (Babel).
- `jinja`: gettext in templates, following the page's interface language.
"""
