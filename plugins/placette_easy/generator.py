"""Writes each easy-to-read version's page (`…/facile/`) and the list of all
of them (/facile-a-lire/, newest first, with its feed).

A version's page shows its own title and text; an event's dates are the
original's sessions as the agenda expanded them (a version inherits them).
"""

from __future__ import annotations

from pelican.generators import Generator

from placette.build.state import portal
from placette.i18n.lazy import lazy
from placette.model.settings import plugin_options

DEFAULTS = {
    # The address of the page that lists every easy-to-read version.
    "url": "facile-a-lire/",
    # The label of the links, beside its icon (the European easy-to-read logo
    # belongs to Inclusion Europe and is not shipped).
    "label": "Facile à lire",
}
FEED = "feeds/facile-a-lire"


class EasyReadGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "EASY_READ", DEFAULTS)

    def generate_context(self):
        state = portal(self.context, self.settings)
        shown = {a.source_path: a for name in ("articles", "hidden_articles") for a in self.context.get(name, [])}
        pairs = [(version, shown[path]) for path, version in state.easy_versions.items() if path in shown]
        pairs.sort(key=lambda pair: (-pair[0].date.timestamp(), pair[0].url))
        self.pairs = pairs
        label = self.options["label"]
        if label == DEFAULTS["label"]:  # the default label is said in each page's language
            label = lazy("Facile à lire")
        self.context["easy_read"] = {**self.options, "label": label, "feed": FEED}

    def generate_output(self, writer):
        relative = self.settings["RELATIVE_URLS"]
        for version, original in self.pairs:
            writer.write_file(version.save_as, self.get_template("facile"), self.context, relative,
                              article=version, original=original, page_name=version.url + "index")  # fmt: skip
        url = self.options["url"]
        writer.write_file(f"{url}index.html", self.get_template("facile_list"), self.context, relative,
                          easy_pairs=self.pairs, page_name=url + "index")  # fmt: skip
