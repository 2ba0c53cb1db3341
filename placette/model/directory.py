"""The association folders of a portal: which ones exist, which are valid.

Used by the build (once per run), by `make check` and by the bridge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from placette.model.card import CARD_FILE, Association, load_card
from placette.model.problems import Problem
from placette.model.settings import PortalConfig
from placette.model.text import SLUG_RE, slugify

# Folder names that would collide with the directory's own pages.
RESERVED_SLUGS = {"types", "themes", "quartiers", "services", "portail", "index"}


@dataclass
class Directory:
    associations: dict[str, Association] = field(default_factory=dict)  # valid ones
    problems: list[Problem] = field(default_factory=list)
    invalid: set[str] = field(default_factory=set)  # folders skipped

    def sorted(self) -> list[Association]:
        from placette.model.text import normalize

        return sorted(self.associations.values(), key=lambda a: normalize(a.name))


def association_folders(config: PortalConfig) -> list[Path]:
    base = config.associations_path
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def load_directory(config: PortalConfig) -> Directory:
    """Validate every card; folders whose name is not a slug, or whose slug
    collides with another folder's, are refused with a message."""
    directory = Directory()
    folders = association_folders(config)
    by_slug: dict[str, list[Path]] = {}
    for folder in folders:
        by_slug.setdefault(slugify(folder.name), []).append(folder)
    for folder in folders:
        rel = folder.relative_to(config.root).as_posix()
        slug = slugify(folder.name)
        if not SLUG_RE.match(folder.name):
            others = [f.name for f in by_slug[slug] if f != folder]
            extra = f" ; il entre en conflit avec « {others[0]} »" if others else ""
            directory.problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    f"nom de dossier invalide : utilisez seulement des minuscules sans "
                    f"accent, des chiffres et des tirets (par exemple « {slug or 'mon-association'} »)" + extra,
                )
            )
            directory.invalid.add(folder.name)
            continue
        if folder.name in RESERVED_SLUGS:
            directory.problems.append(
                Problem(rel, None, None, f"le nom de dossier « {folder.name} » est réservé "
                        "par le portail : choisissez-en un autre")
            )  # fmt: skip
            directory.invalid.add(folder.name)
            continue
        if not (folder / CARD_FILE).exists() and not any(folder.iterdir()):
            continue  # an empty folder left behind by git: nothing to say
        association, problems = load_card(folder, config)
        directory.problems.extend(problems)
        if association is None:
            directory.invalid.add(folder.name)
        else:
            directory.associations[association.slug] = association
    return directory


def association_of(path: Path, config: PortalConfig) -> tuple[str | None, str | None]:
    """(association slug, sub-folder) of a content file, or (None, None) for
    portal-wide content."""
    try:
        rel = path.resolve().relative_to(config.associations_path)
    except ValueError:
        return None, None
    parts = rel.parts
    return parts[0], (parts[1] if len(parts) > 2 else "")
