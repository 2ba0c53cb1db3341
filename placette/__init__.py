"""Placette: the shared model of a neighbourhood portal (cards, news, checks)."""

# Part of Pelican's cache folder name (pelicanconf.py): bump it when the
# reader's output changes, so that no stale parsed content is reused.
CACHE_VERSION = "2"
