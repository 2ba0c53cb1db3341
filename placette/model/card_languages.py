"""A card's texts in other languages: `traductions:` in association.yml.

The card is written in the portal's language; its summary (`resume`, shown in
the directory) and its presentation (`description`, shown on its page) may be
given in other languages, one block per language:

    traductions:
      ar:
        resume: جمعية تساعد في الأوراق الإدارية.
        description: |
          نستقبلكم كل ثلاثاء…
      anglais:
        resume: Help with paperwork, every Tuesday.

A language is named by its code or its label in the portal's list of languages
(the same list as `langues:`, so `arabe` and `ar` both work). The directory and
the association's page show the text of the reader's language when the card
has it (plugins/placette_content/reader_language.py), the French text
otherwise. The other fields (hours, address…) are not translated: they are
values, said by the interface in each language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from placette.model import fields as F
from placette.model.problems import FieldError
from placette.model.schema import Field, validate
from placette.model.yamlload import LineDict

SOURCE = "fr"  # the language cards are written in


@dataclass(frozen=True)
class CardTranslation:
    summary: str | None = None
    description: str | None = None


TRANSLATION_FIELDS = [
    Field("resume", "summary", F.text(200), help="une ou deux phrases, dans cette langue"),
    Field("description", "description", F.markdown_text(), help="Markdown, dans cette langue"),
]


def translations(value: Any, ctx: F.Context) -> dict[str, CardTranslation]:
    """`traductions:` a block of languages, each a block with `resume` and/or `description`."""
    if not isinstance(value, LineDict):
        raise FieldError("attendu un bloc : une ligne par langue (ar, en…), puis ses lignes « resume: » "
                         "ou « description: » décalées de deux espaces")  # fmt: skip
    found: dict[str, CardTranslation] = {}
    errors: list[tuple[int | None, str | None, str]] = []
    for key, block in value.items():
        line = value.lines[key]
        try:
            code = F.language(key, ctx)
        except FieldError as exc:
            errors.append((line, key, str(exc)))
            continue
        if code == SOURCE:
            errors.append((line, key, "le français est la langue de la fiche : écrivez ce texte dans "
                                      "« resume » ou « description » plus haut"))  # fmt: skip
            continue
        if code in found:
            errors.append((line, key, f"la langue « {code} » est donnée deux fois"))
            continue
        if not isinstance(block, LineDict):
            errors.append((line, key, "attendu un bloc avec « resume: » et/ou « description: », "
                                      "décalées de deux espaces sous la langue"))  # fmt: skip
            continue
        values, problems = validate(block, TRANSLATION_FIELDS, "", ctx, nested=True)
        errors += [(p.line or line, f"{key}.{p.field}", p.message) for p in problems]
        if not problems and not (values["summary"] or values["description"]):
            errors.append((line, key, "attendu « resume: » et/ou « description: » dans cette langue"))
        elif not problems:
            found[code] = CardTranslation(**values)
    if errors:
        raise F.ItemErrors(errors, found)
    return found


translations.fields_by_language = TRANSLATION_FIELDS  # how placette/model/serialise.py writes it back
