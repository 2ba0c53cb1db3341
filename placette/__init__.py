"""Placette: the shared model of a neighbourhood portal (cards, news, checks)."""
