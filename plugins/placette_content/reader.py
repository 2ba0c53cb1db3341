"""Reader for the portal's Markdown files (news items and pages).

It extends the official pelican-yaml-metadata reader (same `---` header, one
reused Markdown instance) but loads the header with Placette's own loader and
validates it with the shared schema: values stay what volunteers typed, every
problem is reported in French with its line, and a broken file is skipped.
"""

from __future__ import annotations

import logging
from pathlib import Path

from placette.build.images import mark as mark_images
from placette.build.pelican_compat import YAMLMetadataReader, markdown_of
from placette.model import falc, lookups
from placette.model.documents import read_document, relative
from placette.model.problems import InvalidContent
from placette.model.settings import portal_config
from placette.model.text import sanitize

from . import readcache

log = logging.getLogger("placette")
PORTAL_CATEGORY = "portail"


class PlacetteReader(YAMLMetadataReader):
    enabled = True
    file_extensions = ["md", "markdown"]

    def __init__(self, settings):
        super().__init__(settings)
        self.config = portal_config(settings)
        # source path -> the file lookups its validation made, taken by the
        # reading cache with the result (readcache.py)
        self.looked_at: dict[str, dict[str, bool]] = {}

    def read(self, source_path):
        with lookups.recording() as looked_at:
            where, item, problems = read_document(Path(source_path), self.config)
        if problems:
            for problem in problems:
                log.error("%s", problem)
            raise InvalidContent(problems)
        self.looked_at[source_path] = looked_at
        values = item.values
        body = falc.one_idea_a_line(item.body) if falc.is_easy(source_path) else item.body
        html = sanitize(markdown_of(self).reset().convert(body))
        html = mark_images(html, relative(where.image_folder, self.config))
        summary = values.get("summary")
        metadata = {
            "title": values["title"],
            "slug": values.get("translation_of") or item.slug,
            "summary": f"<p>{_escape(summary)}</p>" if summary else None,
            "lang": values.get("lang") or self.settings["DEFAULT_LANG"],
            "source_file": relative(Path(source_path).resolve(), self.config),
            "translation": "true" if values.get("translation_of") else None,
        }
        if where.kind == "annonce":
            # Petites annonces are hidden articles: Pelican writes their pages
            # (the annonces plugin drops the expired ones first and lists the others).
            annonce = item.annonce
            metadata.update(
                date=self.process_metadata("date", annonce.date.isoformat()), status="hidden", template="annonce",
                annonce=annonce, category=self.process_metadata("category", where.association),
                section="annonces", association=where.association, prefix=f"associations/{where.association}/",
                themes=annonce.themes,
            )  # fmt: skip
        elif where.kind == "portrait":
            # Portraits and stories are hidden articles too: Pelican writes their
            # pages, the portraits plugin lists them (never among the news).
            portrait, image = item.portrait, values["image"]
            metadata.update(
                date=self.process_metadata("date", portrait.date.isoformat()), status="hidden", template="portrait",
                portrait=portrait, category=self.process_metadata("category", where.association),
                section="portraits", association=where.association, prefix=f"associations/{where.association}/",
                themes=portrait.themes, image=image,
                image_url=relative(where.image_folder / image.file, self.config) if image else None,
            )  # fmt: skip
            if falc.is_easy(source_path):  # its easy-to-read version, paired by easy.py
                metadata.update(slug=f"{item.slug}/facile", easy_of=str(falc.original_of(source_path)))
        elif where.kind in ("news", "event"):
            image = values["image"]
            if where.kind == "event":
                # Events are hidden articles: Pelican writes their pages, the
                # agenda plugin lists them. Their status is `event.status`,
                # never Pelican's own (which drops anything not published).
                event = item.event
                moment = values.get("modified") or event.start
                metadata.update(date=self.process_metadata("date", moment.isoformat()),
                                status="hidden", template="event", event=event)  # fmt: skip
            else:
                metadata.update(
                    date=self.process_metadata("date", values["date"].isoformat(sep=" ")),
                    status="draft" if values["draft"] else "published",
                )
            metadata.update(
                category=self.process_metadata("category", where.association or PORTAL_CATEGORY),
                section="agenda" if where.kind == "event" else "actualites",
                association=where.association,
                prefix=f"associations/{where.association}/" if where.association else "",
                themes=values["themes"],
                image=image,
                image_url=relative(where.image_folder / image.file, self.config) if image else None,
            )
            if values.get("modified"):
                metadata["modified"] = self.process_metadata("modified", values["modified"].isoformat(sep=" "))
            if falc.is_easy(source_path):
                # An easy-to-read version: paired with its original by path once
                # every file is read (easy.py), never listed as an item of its own.
                metadata.update(slug=f"{item.slug}/facile", easy_of=str(falc.original_of(source_path)),
                                lang=self.settings["DEFAULT_LANG"])  # fmt: skip
        elif values.get("order"):
            metadata["order"] = values["order"]
        return html, {k: v for k, v in metadata.items() if v is not None}


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def add_reader(readers) -> None:
    for extension in PlacetteReader.file_extensions:
        readers.reader_classes[extension] = PlacetteReader
    readcache.install(readers)
