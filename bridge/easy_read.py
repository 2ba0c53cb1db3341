"""The « version facile à lire » of a proposed news item or event: two optional
fields of its form (`facile_titre`, `facile_texte`) that become the
`.facile.md` file beside the proposal's file (placette/model/falc.py), read
back by the same parser as the build, with the original's fields."""

from __future__ import annotations

from placette.i18n.lazy import lazy
from placette.model import falc, serialise
from placette.model.event_file import parse_event
from placette.model.frontmatter import split
from placette.model.layout import Layout
from placette.model.news import NEWS_FIELDS, parse_news
from placette.model.settings import PortalConfig

from .form_fields import MAX_TEXT, body, clean, one_line
from .said import said

TITLE, TEXT = "facile_titre", "facile_texte"
FIELDS = (TITLE, TEXT)
TITLE_FIELD = [f for f in NEWS_FIELDS if f.key == "titre"]


def easy_file(form: dict, draft, config: PortalConfig, errors: dict) -> tuple[str, bytes] | None:
    """(path, bytes) of the easy-to-read version the form gives, None without
    one; its problems are added to `errors` next to its two fields."""
    title, text = one_line(form.get(TITLE), 150), clean(form.get(TEXT), MAX_TEXT).strip()
    if not title and not text:
        return None
    if not title:
        errors.setdefault(TITLE, []).append(
            lazy("donnez aussi un titre à la version facile à lire (ou effacez son texte)")
        )
    if not text:
        errors.setdefault(TEXT, []).append(
            lazy("écrivez aussi le texte de la version facile à lire (ou effacez son titre)")
        )
    if not title or not text:
        return None
    relative = falc.easy_of(draft.path(Layout.of(config)))
    data = serialise.document(serialise.values_of({"titre": title}, TITLE_FIELD), TITLE_FIELD, body(text) + "\n")
    original, _ = split(draft.data, relative)
    if original is None:
        return relative, data  # the original's own problems are said at its fields
    folder = config.associations_path / draft.association
    path = config.root / relative
    if draft.kind == "evenement":
        _, problems = parse_event(data, relative, path, config, folder, draft.association, original.header)
    else:
        _, problems = parse_news(data, relative, path, config, folder, NEWS_FIELDS, inherited=original.header)
    for problem in problems:
        if problem.field in (None, "titre", "texte"):  # the others are the original's, said at their fields
            errors.setdefault(TITLE if problem.field == "titre" else TEXT, []).append(
                lazy("version facile à lire : %(problem)s", problem=said(problem.message))
            )
    return relative, data
