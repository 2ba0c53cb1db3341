"""/moderation/: what the reviewers decided, month by month, in numbers only.

The publishing service writes `moderation.json` at the root of the exported
portal (from the repository of record); without it the page says so."""

from __future__ import annotations

import json
import os

from pelican.generators import Generator


class ModerationGenerator(Generator):
    def generate_output(self, writer):
        path = os.path.join(self.path, "moderation.json")
        try:
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            data = None
        writer.write_file("moderation/index.html", self.get_template("moderation"), self.context,
                          self.settings["RELATIVE_URLS"], moderation=data, page_name="moderation/index")  # fmt: skip
