"""From the card form to `association.yml`: a card's update, a new association,
or the correction of a proposed new association.

The card is written by the model's serialiser (bridge/form_fields.py says which form
field fills which field of the card), then read back by the same parser as
`make check`; an update changes only what the volunteer changed
(bridge/editing.py).
"""

from __future__ import annotations

from placette.i18n.lazy import lazy
from placette.model import serialise
from placette.model.card import CARD_FIELDS, parse_card
from placette.model.layout import CARD_FILE, Layout
from placette.model.settings import PortalConfig
from placette.model.text import slugify

from . import editing
from .form_fields import (
    CARD_FORM,
    CARD_PROBLEMS,
    MAX_TEXT,
    Contribution,
    Invalid,
    body,
    fill,
    is_slug,
    one_line,
    problem_fields,  # fmt: skip
    to_form,
    too_long,
)


def card(form: dict, config: PortalConfig, new: bool, original: bytes | None = None, raw: bool = False):
    """An association card from the card form (update or new association).
    `original`: the card it changes (its maintainers and logo are taken from
    it, never from the form); `raw`: the bytes only, unchecked.

    An `original` whose association is not in the directory is a proposed new
    association being corrected: it keeps its folder name (its branch and file
    stay the same) and stays a new association."""
    if original is not None and not raw:
        shown = editing.read_card_form(config, form.get("association", ""), original)
        form = {**{k: v for k, v in form.items() if not k.startswith("_")},
                **{k: v for k, v in shown.items() if k.startswith("_")}}  # fmt: skip
    errors: dict[str, list[str]] = {}
    too_long(form, errors, {"nom": 120, "resume": 200, "description": MAX_TEXT})
    name = one_line(form.get("nom"), 120)
    slug = _slug(form, config, new, original, raw)
    proposed = new or not (config.associations_path / slug / CARD_FILE).is_file()
    written = fill(form, CARD_FORM)
    description = body(form.get("description"))
    if description:
        written["description"] = description
    if not proposed and form.get("_logo"):
        written["logo"] = {"fichier": form["_logo"][0], "alt": form["_logo"][1]}
    written["responsables"] = list(form.get("_responsables") or [])
    written["mis_a_jour"] = config.today
    data = serialise.card(serialise.values_of(written, CARD_FIELDS), CARD_FIELDS)
    if raw:
        return data
    if original is not None:
        data = editing.edited(original, data, lambda: card(shown, config, False, raw=True), config.today.isoformat())
    relative = Layout.of(config).card(slug)
    _, problems = parse_card(data, relative, config.associations_path / slug, slug, config)
    for key, messages in to_form(problems, problem_fields(CARD_FORM, CARD_PROBLEMS)).items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(errors)
    return Contribution("nouvelle-association" if proposed else "fiche", slug, name, {relative: data}, slug)


def _slug(form: dict, config: PortalConfig, new: bool, original: bytes | None, raw: bool) -> str:
    """The card's folder name: from the name for a new association (never one
    that exists), else the association's (one of the directory, or the proposed
    new association that `original` is)."""
    if new:
        slug = slugify(one_line(form.get("nom"), 120))
        if not slug:
            raise Invalid({"nom": [lazy("indiquez le nom de l'association")]})
        if (config.associations_path / slug).exists():
            raise Invalid({"nom": [lazy("une association « %(name)s » existe déjà dans l'annuaire", name=slug)]})
        return slug
    slug = form.get("association", "")
    known = is_slug(slug) and (config.associations_path / slug / CARD_FILE).is_file()
    if not is_slug(slug) or (not known and original is None and not raw):
        raise Invalid({"association": [lazy("choisissez votre association dans la liste")]})
    return slug
