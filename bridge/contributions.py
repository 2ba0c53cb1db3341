"""From a volunteer's form to the exact files the build expects: news items,
events and cancellations (association cards: bridge/cards.py).

The server alone decides every path from validated data (placette/model/layout.py):
the association slug must name an existing folder, the file name is derived
from the date and the title. The file is written by the model's serialiser
from the form's values (bridge/form_fields.py says which form field fills which
model field), then read back by the same parser as `make check`: a file the
build would reject is never written, and its problems are shown next to the
form's fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from dateutil.rrule import rrulestr

from placette.i18n.lazy import lazy
from placette.model import lookups, serialise
from placette.model.annonces import ANNONCE_FIELDS, parse_annonce
from placette.model.event_file import parse_event
from placette.model.events import EVENT_FIELDS
from placette.model.layout import CARD_FILE, IMAGE_FOLDER, Layout
from placette.model.news import NEWS_FIELDS, parse_news
from placette.model.settings import PortalConfig

from . import editing
from .cards import card
from .easy_read import easy_file
from .form_fields import (
    ANNONCE_DAYS,
    ANNONCE_FORM,
    ANNONCE_PROBLEMS,
    DAY_CODES,
    EVENT_FORM,
    EVENT_PROBLEMS,
    MAX_TEXT,
    NEWS_FORM,
    NEWS_PROBLEMS,
    POSITIONS,
    REPEATS,
    Contribution,
    Invalid,
    body,
    clean,
    file_name,
    fill,
    is_slug,
    one_line,
    parse_clock,
    parse_date,
    problem_fields,  # fmt: skip
    to_form,
    too_long,
)
from .french_dates import parse_exclusions
from .said import said

__all__ = [
    "DAY_CODES",
    "POSITIONS",
    "REPEATS",
    "Contribution",
    "Invalid",
    "annonce",
    "cancellation",
    "card",
    "event",
    "event_rule",
    "is_slug",
    "news",
    "one_line",
    "published_events",
]  # fmt: skip


def association_folder(config: PortalConfig, slug: str) -> Path:
    if not is_slug(slug) or not (config.associations_path / slug / CARD_FILE).is_file():
        raise Invalid({"association": [lazy("choisissez votre association dans la liste")]})
    return config.associations_path / slug


def _folder_or_error(config: PortalConfig, association: str, errors: dict) -> Path:
    """The association's folder; if it is not chosen, say so and check the rest
    of the form all the same (every problem at once)."""
    try:
        return association_folder(config, association)
    except Invalid as invalid:
        errors.update(invalid.errors)
        return config.associations_path / "-"


@dataclass
class Draft:
    """A news item or an event made from its form, before the validator reads it."""

    kind: str  # "actualite" or "evenement"
    association: str
    title: str
    name: str  # the file name, without ".md"
    data: bytes
    photo: str | None = None  # the photo the proposal adds to the association's images

    def path(self, layout: Layout) -> str:
        kind = {"evenement": "event", "annonce": "annonce"}.get(self.kind, "news")
        return layout.document(self.association, kind, self.name)


def validated(draft: Draft, config: PortalConfig, errors: dict) -> Contribution:
    """The draft read back by the model's parser (from its bytes: nothing is
    written on disk; the proposal's photo counts as present); every problem,
    the form's own and the validator's, is raised at once next to its field."""
    relative = draft.path(Layout.of(config))
    folder = config.associations_path / draft.association
    photos = [folder / IMAGE_FOLDER / draft.photo] if draft.photo else []
    with lookups.present(photos):
        if draft.kind == "evenement":
            item, problems = parse_event(draft.data, relative, config.root / relative, config, folder,
                                         draft.association)  # fmt: skip
            shown_at = problem_fields(EVENT_FORM, EVENT_PROBLEMS)
        elif draft.kind == "annonce":
            item, problems = parse_annonce(draft.data, relative, config.root / relative, config, folder,
                                           draft.association)  # fmt: skip
            shown_at = problem_fields(ANNONCE_FORM, ANNONCE_PROBLEMS)
        else:
            item, problems = parse_news(draft.data, relative, config.root / relative, config, folder, NEWS_FIELDS)
            shown_at = problem_fields(NEWS_FORM, NEWS_PROBLEMS)
    for key, messages in to_form(problems, shown_at).items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(errors)
    return Contribution(draft.kind, draft.association, draft.title, {relative: draft.data}, draft.name, item=item)


def _with_easy_version(draft: Draft, form: dict, config: PortalConfig, errors: dict, original) -> Contribution:
    """The proposal, with the `.facile.md` file its form's easy-to-read fields
    make (bridge/easy_read.py); a change to a published item keeps its own."""
    easy = easy_file(form, draft, config, errors) if original is None else None
    contribution = validated(draft, config, errors)
    if easy is not None:
        contribution.files[easy[0]] = easy[1]
    return contribution


def _with_photo(written: dict, form: dict, photo_name: str | None) -> dict:
    if photo_name:
        written["image"] = {"fichier": f"{IMAGE_FOLDER}/{photo_name}", "alt": one_line(form.get("photo_alt"), 250)}
    return written


def news(form: dict, config: PortalConfig, photo_name: str | None = None, slug: str | None = None,
         original: bytes | None = None, raw: bool = False):  # fmt: skip
    """A news item from its form; `original`: the file it changes; `raw`: the bytes only, unchecked."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    _folder_or_error(config, association, errors)
    too_long(form, errors, {"titre": 150, "resume": 300, "texte": MAX_TEXT})
    written = fill(form, NEWS_FORM)
    day = parse_date(form.get("date", ""), "date", errors, config.today - dt.timedelta(days=180)) or config.today
    written["date"] = dt.datetime.combine(day, dt.time())
    values = serialise.values_of(_with_photo(written, form, photo_name), NEWS_FIELDS)
    data = serialise.document(values, NEWS_FIELDS, body(form.get("texte")) + "\n")
    if raw:
        return data
    if original is not None:
        again = editing.form_from_news(original, association)
        data = editing.edited(original, data, lambda: news(again, config, None, slug, raw=True))
    title = written.get("titre", "")
    draft = Draft("actualite", association, title, slug or file_name(day, title), data, photo_name)
    return _with_easy_version(draft, form, config, errors, original)


def annonce(form: dict, config: PortalConfig, photo_name: str | None = None):
    """A petite annonce from its form: published today, shown 30, 60 or 90 days
    (placette/model/annonces.py). Its replies go through the bridge: the form
    takes no address, and the validator refuses one in the text."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    _folder_or_error(config, association, errors)
    too_long(form, errors, {"titre": 120, "resume": 300, "quand": 200, "competences": 200, "texte": MAX_TEXT})
    written = fill(form, ANNONCE_FORM)
    days = form.get("duree", "30")
    if days not in ANNONCE_DAYS:
        errors.setdefault("duree", []).append(lazy("choisissez combien de temps l'annonce reste en ligne"))
        days = "30"
    written["date"] = config.today
    written["expire"] = config.today + dt.timedelta(days=int(days))
    values = serialise.values_of(written, ANNONCE_FIELDS)
    data = serialise.document(values, ANNONCE_FIELDS, body(form.get("texte")) + "\n")
    title = written.get("titre", "")
    return validated(Draft("annonce", association, title, file_name(config.today, title), data), config, errors)


def event_rule(form: dict, start: dt.date, errors: dict) -> tuple[str | None, dt.date]:
    """The plain-French choices of the form -> an RRULE, and the first session."""
    repeat = form.get("repetition", "une_fois")
    if repeat not in REPEATS:
        errors.setdefault("repetition", []).append(lazy("choisissez une fréquence dans la liste"))
        return None, start
    if repeat == "une_fois":
        return None, start
    days = [d for d in form.get("jours", []) if d in DAY_CODES]
    until = (form.get("jusqu_au") or "").strip()
    parts = []
    if repeat in ("chaque_semaine", "deux_semaines"):
        if not days:
            errors.setdefault("jours", []).append(lazy("cochez au moins un jour"))
            return None, start
        parts = ["FREQ=WEEKLY"] + (["INTERVAL=2"] if repeat == "deux_semaines" else [])
        parts.append("BYDAY=" + ",".join(DAY_CODES[d] for d in DAY_CODES if d in days))
    else:
        position = form.get("position", "1")
        day = form.get("jour_du_mois", "")
        if position not in POSITIONS or day not in DAY_CODES:
            errors.setdefault("jour_du_mois", []).append(lazy("choisissez par exemple « le 1er samedi »"))
            return None, start
        parts = ["FREQ=MONTHLY", f"BYDAY={position}{DAY_CODES[day]}"]
    if until:
        last = parse_date(until, "jusqu_au", errors, start)
        if last:
            if last < start:
                errors.setdefault("jusqu_au", []).append(lazy("la date de fin est avant la première date"))
            parts.append(f"UNTIL={last:%Y%m%d}")
    rule = ";".join(parts)
    first = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time())).after(
        dt.datetime.combine(start, dt.time()), inc=True)  # fmt: skip
    if first is None:
        errors.setdefault("jusqu_au", []).append(lazy("aucune séance entre ces deux dates"))
        return None, start
    return rule, first.date()


def _when(form: dict, start_day: dt.date, first: dt.date, errors: dict) -> dict:
    """`debut` and `fin` from the form: a day and times, or whole days."""
    if form.get("journee") == "oui":
        last = (form.get("date_fin") or "").strip()
        last_day = parse_date(last, "date_fin", errors, start_day) if last else None
        return {"debut": first, "fin": last_day}
    start_time = parse_clock(form.get("heure_debut"), "heure_debut", errors)
    end_time = parse_clock(form.get("heure_fin"), "heure_fin", errors, required=False)
    if start_time is None:
        return {"debut": first}
    return {"debut": dt.datetime.combine(first, start_time), "fin": end_time}


def event(form: dict, config: PortalConfig, photo_name: str | None = None, slug: str | None = None,
          original: bytes | None = None, raw: bool = False):  # fmt: skip
    """An event from its form; `original`: the file it changes; `raw`: the bytes only, unchecked."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    _folder_or_error(config, association, errors)
    too_long(form, errors, {"titre": 150, "resume": 300, "texte": MAX_TEXT})
    start_day = parse_date(form.get("date", ""), "date", errors, config.today) or config.today
    rule, first = event_rule(form, start_day, errors)
    written = {**fill(form, EVENT_FORM), **_when(form, start_day, first, errors)}
    if rule:
        written["regle"] = rule
        skipped, problems = parse_exclusions(clean(form.get("sans_seance"), 4000), first)
        for problem in problems:
            errors.setdefault("sans_seance", []).append(problem)
        written["sauf"] = skipped[:60]
    values = serialise.values_of(_with_photo(written, form, photo_name), EVENT_FIELDS)
    data = serialise.document(values, EVENT_FIELDS, body(form.get("texte")) + "\n")
    if raw:
        return data
    if original is not None:
        again = editing.form_from_event(original, association)
        data = editing.edited(original, data, lambda: event(again, config, None, slug, raw=True))
    title = written.get("titre", "")
    draft = Draft("evenement", association, title, slug or file_name(first, title), data, photo_name)
    return _with_easy_version(draft, form, config, errors, original)


def published_events(config: PortalConfig, slug: str) -> list[dict]:
    """The association's events with their next sessions, for the cancel form."""
    from placette.model.documents import read_document
    from placette.model.recurrence import expand
    from placette.model.rule_text import occurrence_label

    folder = config.root / Layout.of(config).folder(slug, "event")
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        _, item, _ = read_document(path, config)
        if item is None or item.event is None:
            continue
        sessions = [o for o in expand(item.event, config.today, config.today + dt.timedelta(days=120))
                    if o.status != "cancelled"][:20]  # fmt: skip
        found.append({
            "name": path.stem, "title": item.event.title, "recurring": bool(item.event.rrule),
            "sessions": [((o.recurrence_id or o.day).isoformat(), occurrence_label(o)) for o in sessions],
        })  # fmt: skip
    return found


def cancellation(form: dict, config: PortalConfig, repo=None) -> Contribution:
    """Cancel a whole event (statut: annulé) or one session (an override added
    to `seances`): the published file is edited in place (bridge/yamledit.py),
    every other line staying byte for byte."""
    association = form.get("association", "")
    folder = association_folder(config, association)
    name = form.get("evenement", "")
    relative = Layout.of(config).document(association, "event", name)
    path = config.root / relative
    if not is_slug(name) or not path.is_file():
        raise Invalid({"evenement": [lazy("choisissez l'événement dans la liste")]})
    session = (form.get("seance") or "").strip()
    reason = one_line(form.get("motif"), 200)
    if not session:
        edit = editing.header_edits([(("statut",), "annulé"), (("reporte_au",), None)])
        title_words = "l'événement"
    else:
        moment = session.replace("T", " ")[:16]
        edit = editing.list_append(
            "seances", {"date": moment, "statut": "annulé", **({"note": reason} if reason else {})}
        )
        title_words = f"la séance du {moment}"
    data = editing.with_header(path.read_bytes(), edit)
    item, problems = parse_event(data, relative, path, config, folder, association)
    if problems:
        raise Invalid(
            to_form(problems, {"seances": "seance", "statut": "evenement"})
            or {"general": [said(p.message) for p in problems]}
        )
    title = f"Annulation de {title_words} : {item.event.title}"
    return Contribution("annulation", association, title, {relative: data}, f"annulation-{name}")
