"""Every image of a valid association's images/ and portraits/ folders (and of content/images/)
is published through placette.build.images: re-encoded without metadata, with
320/640/1024 px WebP and JPEG/PNG derivatives. Pelican's own static copy is
not used for them (it would publish the camera's original, GPS included).

This replaces the official pelican-image-process plugin, which copies the
original untouched and keeps its metadata; the encoding itself is Pillow's.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from jinja2 import pass_context
from markupsafe import Markup
from pelican.generators import Generator

from placette.build import images
from placette.build.state import copy_output_file, portal
from placette.model.layout import PORTRAIT_FOLDER

log = logging.getLogger("placette")
KEY = "placette_images"


class ImagesGenerator(Generator):
    def generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        cache = Path(self.settings.get("CACHE_PATH") or "cache") / "images"
        # images/ and the photos of portraits (portraits/<name>/, placette/model/portraits.py)
        folders = [config.associations_path / slug / sub for slug in sorted(state.directory.associations)
                   for sub in ("images", PORTRAIT_FOLDER)]  # fmt: skip
        folders.append(config.root / "content" / "images")
        registry, self.sources = {}, []
        hidden = [*self.context.get("hidden_articles", []), *self.context.get("hidden_translations", [])]
        shown = {a.portrait.uid for a in hidden if getattr(a, "portrait", None)}
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() not in images.SUFFIXES or not path.is_file():
                    continue
                relative = path.relative_to(config.root).as_posix()
                if folder.name == PORTRAIT_FOLDER and not _portrait_shown(path, folder, shown):
                    continue  # a portrait refused by the build (no consent id...): its photos stay unpublished
                try:
                    info, built = images.process(path, relative, cache)
                except images.ImageError as exc:
                    log.error("%s (image non publiée)", exc)
                    continue
                registry[relative] = info
                self.sources.append((info, built))
        self.context[KEY] = registry

    def generate_output(self, writer):
        for info, built in self.sources:
            for name in info.files():
                copy_output_file(self, str(built / name), os.path.join(self.output_path, name))


def _portrait_shown(path: Path, folder: Path, shown: set[str]) -> bool:
    """A photo of `portraits/<name>/` is published only with its portrait."""
    parts = path.relative_to(folder).parts
    return len(parts) == 2 and f"{folder.parent.name}/{parts[0]}" in shown


def _registry(context) -> dict:
    return context.get(KEY) or {}


@pass_context
def picture(
    context,
    source: str | None,
    alt: str,
    sizes: str = "(max-width: 48rem) 100vw, 48rem",
    lazy: bool = True,
    css_class: str | None = None,
) -> Markup:
    info = _registry(context).get(source or "")
    if info is None:
        return Markup("")
    return Markup(images.picture(info, context.get("SITEURL", ""), alt, sizes, lazy, css_class))


@pass_context
def with_images(context, content: str) -> Markup:
    return Markup(images.expand(content, _registry(context), context.get("SITEURL", "")))


@pass_context
def image_info(context, source: str | None):
    return _registry(context).get(source or "")


def add_filters(generator) -> None:
    generator.env.filters.update(picture=picture, with_images=with_images, image_info=image_info)
