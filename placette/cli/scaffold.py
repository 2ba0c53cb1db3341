"""`make new-association NOM="Jardin des Tilleuls"`: a folder with a commented card.

python -m placette.cli.scaffold "Jardin des Tilleuls" [pelicanconf.py]
"""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path

from placette.model import placeholders
from placette.model.directory import RESERVED_SLUGS
from placette.model.layout import CARD_FILE, IMAGE_FOLDER, NEWS_FOLDER, Layout
from placette.model.settings import PortalConfig, portal_config, read_pelican_settings
from placette.model.text import slugify


class ScaffoldError(Exception):
    pass


def card_template(name: str, config: PortalConfig) -> str:
    template = files("placette").joinpath("templates", CARD_FILE).read_text("utf-8")
    values = {
        "nom": name,
        "nom_yaml": json.dumps(name, ensure_ascii=False),
        "kinds": ", ".join(config.kinds.labels),
        "neighbourhoods": ", ".join(config.neighbourhoods.labels),
        "a_completer": placeholders.TO_FILL,
        "rue_exemple": placeholders.STREET,
        "description_exemple": placeholders.DESCRIPTION,
        "themes": ", ".join(config.themes.labels),
        "services": ", ".join(config.services.labels),
        "languages": ", ".join(config.languages),
        "accessibility": ", ".join(config.accessibility.labels),
        "postcode": config.postcode,
        "city": config.city,
        "today": config.today.isoformat(),
    }
    # Long lists are wrapped so that the comments stay readable.
    text = template
    for key, value in values.items():
        text = text.replace("{" + key + "}", _wrap_comment(value))
    return text


def _wrap_comment(value: str, width: int = 70) -> str:
    if len(value) <= width:
        return value
    lines, current = [], ""
    for word in value.split(" "):
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return "\n#   ".join(lines)


def new_association(name: str, config: PortalConfig) -> Path:
    name = " ".join(name.split())
    slug = slugify(name)
    if not slug:
        raise ScaffoldError('donnez un nom, par exemple : make new-association NOM="Jardin des Tilleuls"')
    if slug in RESERVED_SLUGS:
        raise ScaffoldError(f"« {slug} » est un nom réservé par le portail : choisissez-en un autre")
    folder = config.associations_path / slug
    if folder.exists():
        raise ScaffoldError(f"le dossier {Layout.of(config).association(slug)}/ existe déjà")
    (folder / NEWS_FOLDER).mkdir(parents=True)
    (folder / IMAGE_FOLDER).mkdir()
    for sub in (NEWS_FOLDER, IMAGE_FOLDER):
        (folder / sub / ".gitkeep").write_text("")
    (folder / CARD_FILE).write_text(card_template(name, config), encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or not argv[0].strip():
        print('Indiquez le nom : make new-association NOM="Jardin des Tilleuls"')
        return 2
    config = portal_config(read_pelican_settings(argv[1] if len(argv) > 1 else "pelicanconf.py"))
    try:
        folder = new_association(argv[0], config)
    except ScaffoldError as exc:
        print(f"Impossible de créer l'association : {exc}.")
        return 1
    rel = folder.relative_to(config.root).as_posix()
    print(
        f"Dossier créé : {rel}/\nComplétez {rel}/{CARD_FILE} : remplacez chaque « {placeholders.TO_FILL} », "
        "l'adresse et la présentation de l'exemple, puis lancez « make check » (il dit ce qui reste à faire)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
