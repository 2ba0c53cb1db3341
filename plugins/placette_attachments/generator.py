"""Every document of a valid association's `documents/` folder with a valid
sidecar is cleaned (placette/build/attachment_cleaning.py, cached by content
hash in `cache/documents/`) and published at the same place in the output;
each association with documents gets a `documents/` page. A bad document is
skipped with its French message; the rest builds."""

from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from pelican.generators import Generator

from placette.build.attachment_cleaning import DocumentError, cached
from placette.build.state import copy_output_file, portal
from placette.model.attachments import FOLDER, read_folder, size_limit

log = logging.getLogger("placette")
KEY = "association_documents"


class AttachmentsGenerator(Generator):
    def generate_context(self):
        state = portal(self.context, self.settings)
        config = state.config
        limit = size_limit(self.settings)
        cache = Path(self.settings.get("CACHE_PATH") or "cache") / "documents"
        published: dict[str, list] = {}
        self.sources: list[tuple[Path, str]] = []
        for slug in sorted(state.directory.associations):
            folder = config.associations_path / slug / FOLDER
            found, problems = read_folder(folder, slug, config, limit)
            for problem in problems:
                log.error("%s", problem)
            for attachment, path in found:
                try:
                    built = cached(path.read_bytes(), attachment.kind, cache)
                except DocumentError as exc:
                    log.error("%s : %s (document non publié)", attachment.source, exc)
                    continue
                published.setdefault(slug, []).append(dataclasses.replace(attachment, size=built.stat().st_size))
                self.sources.append((built, attachment.url))
        self.context[KEY] = published

    def generate_output(self, writer):
        for built, url in self.sources:
            copy_output_file(self, str(built), os.path.join(self.output_path, url))
        relative = self.settings["RELATIVE_URLS"]
        cards = portal(self.context, self.settings).directory.associations
        for slug, documents in self.context[KEY].items():
            writer.write_file(
                f"associations/{slug}/{FOLDER}/index.html", self.get_template("documents"), self.context,
                relative, association=cards[slug], documents=documents,
            )  # fmt: skip
