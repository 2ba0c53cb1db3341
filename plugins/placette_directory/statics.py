"""Only images of valid associations leave the association folders.

Pelican copies every file of STATIC_PATHS; an association folder also holds
its card (with maintainers' logins) and Markdown sources, including skipped
ones, which must never be published raw.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from placette.build import portal

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}


def keep_published_images(generator) -> None:
    state = portal(generator.context, generator.settings)
    root = state.config.associations_path.relative_to(state.config.root).as_posix()
    valid = state.directory.associations

    def published(static) -> bool:
        parts = PurePosixPath(static.relative_source_path).parts
        if not PurePosixPath(static.relative_source_path).is_relative_to(root):
            return True
        rel = parts[len(PurePosixPath(root).parts) :]
        return (
            len(rel) >= 3
            and rel[0] in valid
            and rel[1] == "images"
            and PurePosixPath(rel[-1]).suffix.lower() in IMAGE_SUFFIXES
        )

    generator.staticfiles[:] = [s for s in generator.staticfiles if published(s)]
