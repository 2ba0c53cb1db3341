"""Reviewers and a proposed document: what it is (type and size in words),
whether anything in it still names people (it was cleaned when it was sent,
and is read again here from the branch), and the file itself to open.
Its route is on review_base.blueprint (imported with review_views)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

from flask import Response, abort

from placette.build.attachment_cleaning import personal_metadata
from placette.model import attachments
from placette.model.layout import Layout
from placette.publish import gitstore

from .review_base import blueprint, open_proposal
from .services import pipeline


@dataclass(frozen=True)
class ProposedDocument:
    path: str
    name: str
    words: str  # « PDF », « document texte ODT »
    size: str  # « 245 Ko »
    metadata: list[str]  # what still names people: empty once cleaned


def is_document(path: str, where: Layout) -> bool:
    """A document itself (not its sidecar) in an association's documents folder."""
    return where.kind(path) == "attachment" and PurePosixPath(path).suffix.lower() not in attachments.SIDECAR_SUFFIXES


def proposed_documents(files: dict[str, bytes | None], where: Layout) -> list[ProposedDocument]:
    found = []
    for path, data in sorted(files.items()):
        if data is None or not is_document(path, where):
            continue
        kind = attachments.sniff(data)
        words = attachments.KINDS[kind].words if kind in attachments.KINDS else "type inconnu"
        metadata = personal_metadata(data, kind) if kind in attachments.KINDS else ["fichier illisible"]
        found.append(ProposedDocument(path, PurePosixPath(path).name, words, attachments.size_words(len(data)),
                                      metadata))  # fmt: skip
    return found


@blueprint.get("/document/<head>/<path:name>")
def document(head: str, name: str):
    """The proposed file, downloaded (never shown inside the bridge's pages)."""
    p = open_proposal(head)
    if name not in p.files or not is_document(name, Layout.of(pipeline().config())):
        abort(404)
    data = gitstore.read_file(pipeline().repo, name, ref=head)
    if data is None:
        abort(404)
    kind = attachments.sniff(data)
    media = attachments.KINDS[kind].media_type if kind in attachments.KINDS else "application/octet-stream"
    filename = PurePosixPath(name).name
    return Response(data, mimetype=media, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Content-Security-Policy": "default-src 'none'; sandbox", "X-Content-Type-Options": "nosniff"})  # fmt: skip
