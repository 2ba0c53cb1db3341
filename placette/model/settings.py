"""The portal's vocabulary and dates, read from the PLACETTE setting.

The same object serves the Pelican plugins, `make check` and the bridge, so a
theme or a sub-neighbourhood is accepted by one exactly when it is by all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from placette.model import access_vocabulary as access
from placette.model.text import normalize, slugify

log = logging.getLogger(__name__)

DEFAULTS: dict = {
    "city": "",
    "postcode": "",
    "neighbourhood": "",
    "neighbourhoods": [],
    "kinds": ["association"],
    "themes": [],
    "services": [],
    "languages": {"français": "fr"},
    "audiences": ["tout public"],
    "today": None,
    "associations_path": "associations",
    "portal_news_path": "content/actualites",
}
TODAY_ENV = "PLACETTE_TODAY"


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list: canonical French labels, matched without accents."""

    name: str
    labels: tuple[str, ...]
    aliases: tuple[tuple[str, str], ...] = ()  # (an earlier label, the label it now reads as)
    meanings: tuple[tuple[str, str], ...] = ()  # (label, what it promises): said by make check
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self):
        for label in self.labels:
            self._index[normalize(label)] = label
            self._index[normalize(slugify(label))] = label
        for old, label in self.aliases:
            self._index.setdefault(normalize(old), label)
            self._index.setdefault(normalize(slugify(old)), label)

    def match(self, value: str) -> str | None:
        return self._index.get(normalize(value))

    def slug(self, label: str) -> str:
        return slugify(label)


@dataclass(frozen=True)
class PortalConfig:
    city: str
    postcode: str
    neighbourhood: str
    neighbourhoods: Vocabulary
    kinds: Vocabulary
    themes: Vocabulary
    services: Vocabulary
    languages: dict  # label -> code
    language_labels: Vocabulary
    accessibility: Vocabulary
    audiences: Vocabulary
    today: dt.date
    root: Path
    associations_path: Path
    portal_news_path: Path
    # REVIEW["falc_reader_required"]: a proposal with an easy-to-read version
    # waits for a FALC reader's « relu » before it may be published (bridge/easy_review.py).
    falc_reader_required: bool = False

    def language_code(self, label: str) -> str:
        return self.languages[label]


def unknown_keys(name: str, given: dict, defaults: dict) -> list[str]:
    """Keys of a plugin's dict setting that it does not know (logged, not fatal)."""
    unknown = sorted(set(given) - set(defaults))
    for key in unknown:
        log.warning("%s: clé inconnue %r dans le réglage %s", name.lower(), key, name)
    return unknown


def plugin_options(settings: dict, name: str, defaults: dict) -> dict:
    """A plugin's one dict setting (e.g. AGENDA = {...}) merged over its defaults."""
    given = dict(settings.get(name) or {})
    unknown_keys(name, given, defaults)
    return {**defaults, **given}


def resolve_today(setting: object = None) -> dt.date:
    """Today for the agenda and "mis à jour le": env, then setting, then the clock."""
    value = os.environ.get(TODAY_ENV) or setting
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if value:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValueError(
                f"{TODAY_ENV} / PLACETTE['today'] : « {value} » n'est pas une date (attendu AAAA-MM-JJ)"
            ) from None
    return dt.date.today()


# The review's rules that belong to the portal (the bridge reads them from main's settings).
REVIEW_DEFAULTS = {"falc_reader_required": False}


def portal_config(settings: dict) -> PortalConfig:
    """Build the config from Pelican settings (a dict with PLACETTE and PATH)."""
    given = dict(settings.get("PLACETTE") or {})
    unknown_keys("PLACETTE", given, DEFAULTS)
    merged = {**DEFAULTS, **given}
    root = Path(settings.get("PATH") or ".").resolve()
    languages = dict(merged["languages"])
    return PortalConfig(
        city=merged["city"],
        postcode=str(merged["postcode"]),
        neighbourhood=merged["neighbourhood"],
        neighbourhoods=Vocabulary("quartier", tuple(merged["neighbourhoods"])),
        kinds=Vocabulary("type", tuple(merged["kinds"])),
        themes=Vocabulary("thème", tuple(merged["themes"])),
        services=Vocabulary("service", tuple(merged["services"])),
        languages=languages,
        language_labels=Vocabulary("langue", tuple(languages)),
        # The same on every portal (its meaning is written once, in placette/model/access.py).
        accessibility=Vocabulary(
            "accessibilité",
            access.LABELS,
            tuple(access.ALIASES.items()),
            tuple((f.label, f.explanation) for f in access.FEATURES),
        ),
        audiences=Vocabulary("public", tuple(merged["audiences"])),
        today=resolve_today(merged["today"]),
        root=root,
        associations_path=root / merged["associations_path"],
        portal_news_path=root / merged["portal_news_path"],
        falc_reader_required=bool(plugin_options(settings, "REVIEW", REVIEW_DEFAULTS)["falc_reader_required"]),
    )


def read_pelican_settings(path: str | os.PathLike = "pelicanconf.py") -> dict:
    """Pelican's own settings reader (so PATH is resolved like the build does)."""
    from pelican.settings import read_settings

    return read_settings(str(path))
