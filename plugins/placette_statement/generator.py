"""Writes /accessibilite/ and gives every page's footer the conformity level
(the law asks for « Accessibilité : … conforme » on the pages, linked to the
statement)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from placette.model.settings import plugin_options
from placette.model.statement import CHECKLIST, RECORD, StatementError, load_statement

log = logging.getLogger("placette")
PROJECT = Path(__file__).resolve().parents[2]  # the code's repository: its tests, its docs
URL = "accessibilite/"
DEFAULTS = {
    # The tests' record and the manual checklist, relative to the project (the
    # statement is about this code's pages, whatever the content folder).
    "record": RECORD,
    "checklist": CHECKLIST,
    # The page of the bridge's contact form (bridge/contact.py), e.g.
    # « https://proposer.quartier.example.org/contact?sujet=accessibilite ».
    "contact_form": "",
    # Another way to reach the team (a postal address, a desk's opening hours).
    "contact_other": "",
}


class StatementGenerator(Generator):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options = plugin_options(self.settings, "ACCESSIBILITY_STATEMENT", DEFAULTS)

    def generate_context(self):
        try:
            statement = load_statement(PROJECT, self.options["record"], self.options["checklist"])
        except StatementError as exc:
            log.error("déclaration d'accessibilité : %s", exc)
            return
        self.statement = statement
        self.context["accessibility_statement"] = {"level": statement.level, "url": URL}

    def generate_output(self, writer):
        if "accessibility_statement" not in self.context:
            return
        writer.write_file(
            f"{URL}index.html", self.get_template("statement"), self.context, self.settings["RELATIVE_URLS"],
            statement=self.statement, contact_form=self.options["contact_form"],
            contact_other=self.options["contact_other"], page_name=URL + "index",
        )  # fmt: skip
