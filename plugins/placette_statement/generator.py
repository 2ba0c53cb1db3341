"""Writes /accessibilite/ and gives every page's footer the conformity level
(the law asks for « Accessibilité : … conforme » on the pages, linked to the
statement)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from placette.model.settings import plugin_options
from placette.model.statement import CHECKLIST, RECORD, Statement, StatementError, StatementMissing, load_statement

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
        except StatementMissing as exc:
            # A portal that has not recorded its checks yet: its statement says
            # so (« non conforme », audit not done), the build goes on.
            missing = [name for name in (self.options["record"], self.options["checklist"])
                       if not (PROJECT / name).is_file()]  # fmt: skip
            log.warning(
                "déclaration d'accessibilité : %s. Ajoutez %s "
                "(docs/accessibilite.yml : chaque type de page testé par axe-core et son nombre d'erreurs, "
                "vérifié par tests/test_accessibility.py ; docs/accessibilite.md : le tableau de la "
                "vérification à la main, avec sa date). En attendant, la page /%s dit que la vérification "
                "n'est pas faite.", exc, " et ".join(missing) or "ces fichiers", URL,
            )  # fmt: skip
            statement = Statement.not_checked(missing)
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
