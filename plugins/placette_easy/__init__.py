"""Placette easy: the easy-to-read versions' pages (« facile à lire »), and
the /facile-a-lire/ page that lists them all. The pairing is the content
plugin's (plugins/placette_content/easy.py), the feed entries the feeds
plugin's."""

from pelican import signals

from placette.build.plugins import Declaration, check_order

from .generator import EasyReadGenerator

# An event's version shows the sessions the agenda gave its original, read in templates
# only (generate_output): the agenda may be listed anywhere, or absent.
DECLARATION = Declaration(provides=("easy-read pages",), needs=("articles",))


def get_generators(pelican):
    return EasyReadGenerator


def register() -> None:
    signals.initialized.connect(check_order)
    signals.get_generators.connect(get_generators)
