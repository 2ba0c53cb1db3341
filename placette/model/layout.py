"""Where each kind of item lives in a portal's repository: the one map from an
item to its path and back, for the build, `make check`, the scaffold and the
bridge (which works on git paths, not on a checkout).

Paths here are repository-relative POSIX strings; `documents.locate` and the
build resolve them against the portal's root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

CARD_FILE = "association.yml"
NEWS_FOLDER = "actualites"
EVENT_FOLDER = "agenda"
ANNONCE_FOLDER = "annonces"
PORTRAIT_FOLDER = "portraits"
IMAGE_FOLDER = "images"
ATTACHMENT_FOLDER = "documents"  # shared documents and their sidecars (placette/model/attachments.py)
DOCUMENT_FOLDERS = {NEWS_FOLDER: "news", EVENT_FOLDER: "event", ANNONCE_FOLDER: "annonce", PORTRAIT_FOLDER: "portrait"}


@dataclass(frozen=True)
class Layout:
    """The association folders of one portal (`associations_path` is configurable)."""

    associations: str = "associations"

    @classmethod
    def of(cls, config) -> Layout:
        """The layout of a `PortalConfig` (its associations path, relative to its root)."""
        try:
            folder = config.associations_path.relative_to(config.root).as_posix()
        except ValueError:
            folder = config.associations_path.as_posix()
        return cls(folder)

    @classmethod
    def around(cls, path: str) -> Layout:
        """The layout a well-placed path implies (its associations folder read
        from the path itself), for code that is not told the portal's layout."""
        pure = PurePosixPath(path)
        folders = (*DOCUMENT_FOLDERS, IMAGE_FOLDER, ATTACHMENT_FOLDER)
        depth = 2 if pure.name == CARD_FILE else 3 if pure.parent.name in folders else 0
        if depth == 0 or len(pure.parts) <= depth:
            return cls()
        return cls(pure.parents[depth - 1].as_posix())

    def association(self, slug: str) -> str:
        return f"{self.associations}/{slug}"

    def card(self, slug: str) -> str:
        return f"{self.associations}/{slug}/{CARD_FILE}"

    def folder(self, slug: str, kind: str) -> str:
        """The folder of an association's news ("news"), events ("event"), images ("image") or documents ("attachment")."""
        name = {
            "news": NEWS_FOLDER,
            "event": EVENT_FOLDER,
            "annonce": ANNONCE_FOLDER,
            "portrait": PORTRAIT_FOLDER,
            "image": IMAGE_FOLDER,
            "attachment": ATTACHMENT_FOLDER,
        }[kind]
        return f"{self.associations}/{slug}/{name}"

    def document(self, slug: str, kind: str, name: str) -> str:
        """A news item or an event: `<associations>/<slug>/actualites/<name>.md`."""
        return f"{self.folder(slug, kind)}/{name}.md"

    def image(self, slug: str, filename: str) -> str:
        return f"{self.folder(slug, 'image')}/{filename}"

    def parts(self, path: str) -> tuple[str, ...] | None:
        """The parts of a path below the associations folder, or None outside it."""
        pure = PurePosixPath(path)
        try:
            return pure.relative_to(self.associations).parts
        except ValueError:
            return None

    def association_of(self, path: str) -> str | None:
        parts = self.parts(path)
        return parts[0] if parts else None

    def kind(self, path: str) -> str | None:
        """ "card", "news", "event", "annonce", "portrait", "image", "attachment" for a well-placed file, else None."""
        parts = self.parts(path)
        if not parts:
            return None
        if len(parts) == 2 and parts[1] == CARD_FILE:
            return "card"
        if len(parts) == 3 and parts[1] in DOCUMENT_FOLDERS and parts[2].endswith(".md"):
            return DOCUMENT_FOLDERS[parts[1]]
        if len(parts) == 3 and parts[1] == IMAGE_FOLDER:
            return "image"
        if len(parts) == 3 and parts[1] == ATTACHMENT_FOLDER:
            return "attachment"
        return None

    def is_image(self, path: str) -> bool:
        """A file anywhere below an association's images folder (a photo to
        consent to, whatever its name or depth)."""
        parts = self.parts(path)
        return bool(parts) and len(parts) > 2 and parts[1] == IMAGE_FOLDER

    def portrait_files(self, path: str) -> str | None:
        """`<associations>/<slug>/portraits/<name>` for a portrait's file, its
        « facile à lire » twin or one of its photos (what a withdrawal removes), else None."""
        parts = self.parts(path)
        if not parts or len(parts) < 3 or parts[1] != PORTRAIT_FOLDER:
            return None
        name = parts[2].split(".", 1)[0] if len(parts) == 3 else parts[2]
        return f"{self.associations}/{parts[0]}/{PORTRAIT_FOLDER}/{name}"

    def stem(self, path: str) -> str | None:
        """`actualites/<name>` for a document (how the bridge names an item to edit)."""
        parts = self.parts(path)
        if self.kind(path) in ("news", "event"):
            return f"{parts[1]}/{parts[2][:-3]}"
        return None
