"""« Proposer un document »: a statute, a flyer, a registration form, with a
title and a short summary (required: a PDF alone is not accessible).

The file is judged by its content (placette/model/attachments.py), within
the portal's size limit (its DOCUMENTS setting), and cleaned as the build
cleans it (placette/build/attachment_cleaning.py) before anything is stored:
git never holds the metadata that names people, and what cannot be cleaned
(encrypted, scripts, macros) is refused here with the build's own words.
The sidecar is written by the model's serialiser and read back by the
model's reader. The proposal then goes the way of every other: one commit on
its own branch, the same review, the same tracking link.
"""

from __future__ import annotations

import secrets

from flask import Blueprint, request

from placette.build.attachment_cleaning import DocumentError, clean
from placette.i18n.lazy import lazy
from placette.model import attachments, serialise
from placette.model.layout import Layout
from placette.model.settings import read_pelican_settings
from placette.model.text import slugify

from . import contributions as C
from .form_fields import Contribution, Invalid, one_line, parse_date
from .form_pages import form_page, portal
from .forms import receive
from .said import said

blueprint = Blueprint("documents", __name__)
TEMPLATE = "form_document.html"
PROBLEM_FIELDS = {"titre": "titre", "resume": "resume", "date": "date"}


@blueprint.route("/document", methods=["GET", "POST"])
def propose():
    if request.method == "POST":
        return receive(TEMPLATE, lambda form, _photo: contribution(form, request.files.get("fichier")),
                       {"limit": _limit_words()})  # fmt: skip
    return form_page(TEMPLATE, {"association": request.args.get("association", "")}, limit=_limit_words())


EXPECTED = lazy(
    "un PDF, un document ODT, ODS ou ODP, ou une image JPEG, PNG ou WebP"
)  # attachments.EXPECTED, translated


def _limit() -> int:
    """The portal's own limit, read from its published settings."""
    return attachments.size_limit(read_pelican_settings(portal().root / "pelicanconf.py"))


def _limit_words() -> str:
    return attachments.size_words(_limit())


def contribution(form: dict, upload) -> Contribution:
    config = portal()
    errors: dict[str, list[str]] = {}
    association = form.get("association", "")
    try:
        folder = C.association_folder(config, association)
    except Invalid as invalid:
        errors.update(invalid.errors)
        folder = config.associations_path / "-"
    data = upload.read(_limit() + 1) if upload is not None and upload.filename else b""
    document = _cleaned(data, errors)
    title = one_line(form.get("titre"), 400)
    name = f"{slugify(title)[:50].strip('-') or 'document'}-{secrets.token_hex(3)}"
    where = Layout.of(config)
    sidecar_path = f"{where.folder(association, 'attachment')}/{name}.yml"
    sidecar = _sidecar(form, sidecar_path, folder, errors)
    if errors:
        raise Invalid(errors)
    kind, cleaned = document
    path = f"{where.folder(association, 'attachment')}/{name}{attachments.KINDS[kind].suffixes[0]}"
    return Contribution("document", association, title, {path: cleaned, sidecar_path: sidecar}, name)


def _sidecar(form: dict, path: str, folder, errors: dict) -> bytes:
    """The sidecar of what was typed, written by the model's serialiser and
    read back by the model (its problems go next to the form's fields)."""
    config = portal()
    values = {"title": one_line(form.get("titre"), 400), "summary": " ".join((form.get("resume") or "").split())}
    if (form.get("date") or "").strip():
        values["date"] = parse_date(form["date"], "date", errors, config.today)
    sidecar = serialise.card(values, attachments.FIELDS)
    _, problems = attachments.read_sidecar(sidecar, path, config, folder)
    for problem in problems:
        errors.setdefault(PROBLEM_FIELDS.get(problem.field or "", "general"), []).append(said(problem.message))
    return sidecar


def correction(association: str, path: str, data: bytes | None):
    """The tracking link's « corriger » for a proposed document: its title,
    summary and date (the file itself stays). Returns (template, extra,
    build, prefilled form), as tracking.correct expects."""
    config = portal()
    values = attachments.read_sidecar(data or b"", path, config, config.root)[0] or {}
    prefilled = {"association": association, "titre": values.get("title") or "", "resume": values.get("summary") or "",
                 "date": values["date"].strftime("%d/%m/%Y") if values.get("date") else ""}  # fmt: skip

    def build(form: dict, _photo) -> Contribution:
        errors: dict[str, list[str]] = {}
        sidecar = _sidecar(form, path, config.associations_path / association, errors)
        if errors:
            raise Invalid(errors)
        title = one_line(form.get("titre"), 150)
        return Contribution("document", association, title, {path: sidecar}, path.rsplit("/", 1)[-1][:-4])

    return TEMPLATE, {"edit": True, "limit": _limit_words()}, build, prefilled


def _cleaned(data: bytes, errors: dict) -> tuple[str, bytes] | None:
    """(kind, cleaned bytes) of the sent file, or None with the reason in `errors`."""
    if not data:
        errors.setdefault("fichier", []).append(lazy("choisissez le fichier du document"))
        return None
    kind = attachments.sniff(data)
    if kind not in attachments.KINDS:
        found = {"exe": lazy("ce fichier est un programme : envoyez %(expected)s", expected=EXPECTED),
                 "zip": lazy("ce fichier est une archive ZIP : envoyez %(expected)s", expected=EXPECTED),
                 "ooxml": lazy("ce fichier est un document Microsoft Office : envoyez %(expected)s",
                               expected=EXPECTED)}.get(kind)  # fmt: skip
        errors.setdefault("fichier", []).append(
            found or lazy("ce fichier n'est pas d'un type accepté : envoyez %(expected)s", expected=EXPECTED)
        )
        return None
    suffix = attachments.KINDS[kind].suffixes[0]
    wrong = attachments.content_problem(f"document{suffix}", data, _limit())
    if wrong:
        errors.setdefault("fichier", []).append(wrong)
        return None
    try:
        return kind, clean(data, kind)
    except DocumentError as error:
        errors.setdefault("fichier", []).append(str(error))
        return None
