"""What a link shows when it is pasted in a messaging app or a social network.

Each news item and event (and each translation) gets `share_image`, a
1200×630 preview drawn by placette/build/previews.py and published beside its
page (`…/apercu.jpg`); the portal gets one for every other page (`apercu.jpg`).
The theme's `_share.html` writes the OpenGraph and Twitter-card tags and the
canonical link of every page from them (association pages show their logo).

A preview is drawn again only when what it shows changes
(`produce_output_files`), and a card drawn once is kept in the cache by the
hash of its content (placette/build/previews.py), even across clean builds.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from pelican.generators import Generator

from placette.build import previews
from placette.build.feeds import feed_language
from placette.build.state import portal, produce_output_files
from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.lazy import lazy, rendering
from placette.model.rule_text import occurrence_label
from placette.model.settings import plugin_options

log = logging.getLogger("placette")

DEFAULTS = {
    # Debian's fonts-dejavu-core; another folder must hold DejaVuSans.ttf and DejaVuSans-Bold.ttf
    "font_folder": previews.FONT_FOLDER,
    # Previews and canonical links need a full address: used when SITEURL is
    # relative (development builds); production builds use SITEURL.
    "siteurl": "http://127.0.0.1:8000",
}
# og:locale is language_TERRITORY; the portal's languages, said as most readers expect
LOCALES = {"fr": "fr_FR", "ar": "ar_AR", "en": "en_GB", "es": "es_ES", "pt": "pt_PT", "tr": "tr_TR",
           "ro": "ro_RO", "ber": "ber_DZ", "wo": "wo_SN", "snk": "snk_ML"}  # fmt: skip
STATUS = {"cancelled": lazy("ANNULÉ"), "postponed": lazy("REPORTÉ"), "full": lazy("COMPLET")}
RTL = ("ar", "he", "fa", "ur")
NAME = "apercu.jpg"


@dataclass(frozen=True)
class SharedImage:
    """A picture a link preview shows: its address (relative to the site), size and text."""

    url: str
    width: int
    height: int
    alt: str


class ShareGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "SHARE", DEFAULTS)
        siteurl = self.settings.get("SITEURL") or ""
        self.siteurl = (siteurl if siteurl.startswith("http") else self.options["siteurl"]).rstrip("/")
        self.cards: list[tuple[str, previews.Card]] = []
        self.fonts = None

    def generate_context(self):
        # The preview images are drawn once, in the portal's first language
        # (one 1200×630 JPEG per item and language otherwise; docs/traduire.md).
        self.language = feed_language(self.settings)
        self._ = translations(self.language).gettext
        with rendering(self.language):
            self._generate_context()

    def _generate_context(self):
        state = portal(self.context, self.settings)
        self.root = state.config.root
        self.context.update(share_siteurl=self.siteurl, share_locales=LOCALES)
        try:
            self.fonts = previews.Fonts(self.options["font_folder"])
        except previews.PreviewError as exc:
            log.error("%s", exc)
            return
        registry = self.context.get("placette_images") or {}
        self.today = state.config.today
        site = self.settings["SITENAME"]
        for view in state.agenda.events if state.agenda else []:
            for item in [view.article, *view.article.translations]:
                self._add(item, self.event_card(item, view, registry, site))
        for article in self.context.get("articles", []):
            for item in [article, *article.translations]:
                self._add(item, self.news_card(item, registry, site))
        for article in self.context.get("portraits", []):  # plugins/placette_portraits (listed before)
            self._add(article, self.news_card(article, registry, site, kind=str(article.portrait.kind_label)))
        # The portal's own card, for every other page: the theme's logo
        logo = (Path(self.theme) / "static" / "images" / "logo-512.png").resolve()
        if not logo.is_file():
            logo = None
        elif logo.is_relative_to(self.root.resolve()):
            logo = logo.relative_to(self.root.resolve())  # the same card wherever the project is
        card = previews.Card(title=self.settings.get("SITESUBTITLE") or site, kind=site, site=site,
                             picture=str(logo or ""), logo=True)  # fmt: skip
        self.cards.append((NAME, card))
        self.context["share_default"] = SharedImage(NAME, previews.WIDTH, previews.HEIGHT, card.title)

    def _add(self, item, card: previews.Card) -> None:
        name = f"{item.url}{NAME}"
        self.cards.append((name, card))
        alt = " — ".join(p for p in (card.status, card.title, card.when, card.place, card.author) if p)
        item.share_image = SharedImage(name, previews.WIDTH, previews.HEIGHT, alt)

    def _picture(self, article, association, registry) -> tuple[str, bool]:
        """The item's own photo, else its association's logo (path from the project root)."""
        image = getattr(article, "image_url", None)
        if image and image in registry:
            return image, False
        if association is not None and association.logo is not None:
            source = f"{association.folder}/{association.logo.file}"
            if source in registry:
                return source, True
        return "", False

    def event_card(self, item, view, registry, site: str) -> previews.Card:
        """An event's card says its next session (a past event: its last one)."""
        original, association = view.article, view.association
        event = original.event
        session = view.next_session
        if session is None and view.occurrences:  # a past event: its last session
            session = view.occurrences[-1]
        place = event.place
        where = ", ".join(p for p in (place.name, place.address) if p) if place else ""
        if not where and event.online:
            where = self._("En ligne")
        picture, logo = self._picture(original, association, registry)
        return previews.Card(
            title=event.title if item is original else item.title, kind=self._("Agenda"),
            when=occurrence_label(session, self.today, code=self.language) if session is not None else "",
            place=where, author=association.name if association else site, site=site,
            status=STATUS[event.status].text(self.language) if event.status in STATUS else "",
            rtl=item.lang in RTL, picture=picture, logo=logo,
        )  # fmt: skip

    def news_card(self, item, registry, site: str, kind: str | None = None) -> previews.Card:
        association = getattr(item, "association_card", None)
        picture, logo = self._picture(item, association, registry)
        return previews.Card(
            title=_plain(item.title), kind=kind or self._("Actualité"),
            when=self._("Publiée le %(date)s") % {"date": formats.long_date(item.date, self.language)},
            author=association.name if association else site, site=site, rtl=item.lang in RTL,
            picture=picture, logo=logo,
        )  # fmt: skip

    def generate_output(self, writer):
        if self.fonts is None:
            return
        cache = Path(self.settings.get("CACHE_PATH") or "cache") / "previews"
        pictures: dict[str, str] = {}  # path -> digest of its bytes, once per build

        def digest(path: str) -> str:
            if path not in pictures:
                try:
                    data = (self.root / path).read_bytes()
                except OSError:
                    data = b""
                pictures[path] = hashlib.sha256(data).hexdigest()
            return pictures[path]

        fonts, root = self.fonts, self.root
        for name, card in self.cards:
            inputs = (card, digest(card.picture) if card.picture else "", fonts.digest, previews.VERSION)
            produce_output_files(self, [name], inputs,
                                 lambda card=card: [previews.preview(card, fonts, root, cache)])  # fmt: skip


def _plain(text: str) -> str:
    from markupsafe import Markup

    return Markup(text).striptags()
