"""From a volunteer's form to the exact files the build expects.

The server alone decides every path from validated data: the association
slug must name an existing folder (or, for a new association, must not), the
file name is derived from the date and the title. The produced bytes are then
read back by the same parser as `make check`: a file the build would reject
is never written, and its problems are shown next to the form's fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from dateutil.rrule import rrulestr

from placette.model.event_file import parse_event
from placette.model.card import CARD_FILE, parse_card
from placette.model.news import NEWS_FIELDS, parse_news
from placette.model.problems import Problem
from placette.model.settings import PortalConfig
from placette.model.text import SLUG_RE, slugify, strip_bidi

DAY_CODES = {"lundi": "MO", "mardi": "TU", "mercredi": "WE", "jeudi": "TH", "vendredi": "FR",
             "samedi": "SA", "dimanche": "SU"}  # fmt: skip
REPEATS = {
    "une_fois": "une seule fois",
    "chaque_semaine": "chaque semaine",
    "deux_semaines": "toutes les deux semaines",
    "chaque_mois": "chaque mois",
}
POSITIONS = {"1": "1er", "2": "2e", "3": "3e", "4": "4e", "-1": "dernier"}
MAX_TEXT = 20000


class Invalid(Exception):
    """Form errors: {form field: [French messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


@dataclass
class Contribution:
    kind: str  # "actualite", "evenement", "fiche", "nouvelle-association", "annulation"
    association: str
    title: str
    files: dict[str, bytes | None]
    slug: str
    photo: bytes | None = None
    notes: list = field(default_factory=list)
    item: object = None  # the parsed news item or event, to write back what was understood


def q(value: str) -> str:
    """A YAML scalar that our loader reads back exactly: a JSON string."""
    return json.dumps(value, ensure_ascii=False)


def clean(value: str | None, limit: int = 300) -> str:
    """Neutralise what could hurt: control characters, NUL, bidirectional
    overrides, HTML tags in one-line fields (Markdown bodies are sanitised
    again at build time)."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(c for c in strip_bidi(text) if c == "\n" or c == "\t" or ord(c) >= 32)
    text = text.replace("\t", " ")
    return text.strip()[:limit]


def one_line(value: str | None, limit: int = 300) -> str:
    text = " ".join(clean(value, limit * 2).split())
    return re.sub(r"<[^>]*>", "", text)[:limit].strip()


def too_long(form: dict, errors: dict, limits: dict[str, int]) -> None:
    """A text over its limit is refused with its length, never cut without a word."""
    for key, limit in limits.items():
        text = clean(form.get(key), 10 * limit)
        size = len(text) if key in ("texte", "description") else len(" ".join(text.split()))
        if size > limit:
            errors.setdefault(key, []).append(
                f"texte trop long : {size:,} caractères, {limit:,} au plus. Raccourcissez-le (ce que vous avez "
                "écrit est gardé ici)".replace(",", " "))  # fmt: skip


def body(value: str | None) -> str:
    text = clean(value, MAX_TEXT)
    # Raw HTML is not kept in what volunteers write: Markdown is enough.
    text = re.sub(r"<(/?)([a-zA-Z][^>]*)>", r"&lt;\1\2&gt;", text)
    # A line "---" would end the header if the body were read as one.
    return "\n".join(("- - -" if line.strip() in ("---", "...") else line) for line in text.split("\n"))


def file_name(day: dt.date, title: str) -> str:
    words = slugify(title)[:50].strip("-") or "contribution"
    return f"{day.isoformat()}-{words}"


def _map_problems(problems: list[Problem], fields: dict[str, str]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        key = (problem.field or "").split(".")[0]
        errors.setdefault(fields.get(key, "general"), []).append(problem.message)
    return errors


def _parse_date(value: str, name: str, errors: dict, after: dt.date | None = None) -> dt.date | None:
    """A date as typed in French (bridge/french_dates.py); without a year, the next one after `after`."""
    from placette.model.problems import FieldError

    from .french_dates import parse_day

    try:
        return parse_day(value, after or dt.date.today())
    except FieldError as error:
        errors.setdefault(name, []).append(str(error))
        return None


def _parse_time(value: str, name: str, errors: dict, required: bool = True) -> dt.time | None:
    text = (value or "").strip()
    if not text:
        if required:
            errors.setdefault(name, []).append("indiquez l'heure (par exemple 14:00)")
        return None
    match = re.match(r"^(\d{1,2})\s*[:h]\s*(\d{2})?$", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2) or 0) > 59:
        errors.setdefault(name, []).append(f"« {text[:10]} » n'est pas une heure (par exemple 14:00)")
        return None
    return dt.time(int(match.group(1)), int(match.group(2) or 0))


def association_folder(config: PortalConfig, slug: str) -> Path:
    if not is_slug(slug) or not (config.associations_path / slug / CARD_FILE).is_file():
        raise Invalid({"association": ["choisissez votre association dans la liste"]})
    return config.associations_path / slug


def _document(lines: list[str], form: dict, photo_name: str | None) -> bytes:
    """Header lines + photo + body."""
    if photo_name:
        lines = lines + ["image:", f"  fichier: {q('images/' + photo_name)}",
                         f"  alt: {q(one_line(form.get('photo_alt'), 250))}"]  # fmt: skip
    return "\n".join(lines + ["---", body(form.get("texte")), ""]).encode("utf-8")


def _folder_or_error(config: PortalConfig, association: str, errors: dict) -> Path:
    """The association's folder; if it is not chosen, say so and check the rest
    of the form all the same (every problem at once)."""
    try:
        return association_folder(config, association)
    except Invalid as invalid:
        errors.update(invalid.errors)
        return config.associations_path / "-"


def news(form: dict, config: PortalConfig, photo_name: str | None = None, slug: str | None = None,
         original: bytes | None = None, raw: bool = False):  # fmt: skip
    """A news item from its form; `original`: the file it changes; `raw`: the bytes only, unchecked."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    folder = _folder_or_error(config, association, errors)
    too_long(form, errors, {"titre": 150, "resume": 300, "texte": MAX_TEXT})
    title = one_line(form.get("titre"), 150)
    day = _parse_date(form.get("date", ""), "date", errors, config.today - dt.timedelta(days=180)) or config.today
    name = slug or file_name(day, title)
    lines = ["---", f"titre: {q(title)}", f"date: {q(day.isoformat())}"]
    if one_line(form.get("resume")):
        lines.append(f"resume: {q(one_line(form.get('resume')))}")
    themes = [t for t in form.get("themes", []) if t]
    if themes:
        lines.append("themes: [" + ", ".join(q(one_line(t, 60)) for t in themes) + "]")
    data = _document(lines, form, photo_name)
    if raw:
        return data
    if original is not None:
        from .editing import edited, form_from_news

        data = edited(original, data, lambda: news(form_from_news(original, association), config, None, slug, raw=True))
    relative = f"associations/{association}/actualites/{name}.md"
    return _checked("actualite", association, title, name, relative, data, config, folder, errors,
                    {"titre": "titre", "date": "date", "resume": "resume", "themes": "themes",
                     "image": "photo_alt", "texte": "texte"}, photo_name)  # fmt: skip


def event_rule(form: dict, start: dt.date, errors: dict) -> tuple[str | None, dt.date]:
    """The plain-French choices of the form -> an RRULE, and the first session."""
    repeat = form.get("repetition", "une_fois")
    if repeat not in REPEATS:
        errors.setdefault("repetition", []).append("choisissez une fréquence dans la liste")
        return None, start
    if repeat == "une_fois":
        return None, start
    days = [d for d in form.get("jours", []) if d in DAY_CODES]
    until = (form.get("jusqu_au") or "").strip()
    parts = []
    if repeat in ("chaque_semaine", "deux_semaines"):
        if not days:
            errors.setdefault("jours", []).append("cochez au moins un jour")
            return None, start
        parts = ["FREQ=WEEKLY"] + (["INTERVAL=2"] if repeat == "deux_semaines" else [])
        parts.append("BYDAY=" + ",".join(DAY_CODES[d] for d in DAY_CODES if d in days))
    else:
        position = form.get("position", "1")
        day = form.get("jour_du_mois", "")
        if position not in POSITIONS or day not in DAY_CODES:
            errors.setdefault("jour_du_mois", []).append("choisissez par exemple « le 1er samedi »")
            return None, start
        parts = ["FREQ=MONTHLY", f"BYDAY={position}{DAY_CODES[day]}"]
    if until:
        last = _parse_date(until, "jusqu_au", errors, start)
        if last:
            if last < start:
                errors.setdefault("jusqu_au", []).append("la date de fin est avant la première date")
            parts.append(f"UNTIL={last:%Y%m%d}")
    rule = ";".join(parts)
    first = rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time())).after(
        dt.datetime.combine(start, dt.time()), inc=True)  # fmt: skip
    if first is None:
        errors.setdefault("jusqu_au", []).append("aucune séance entre ces deux dates")
        return None, start
    return rule, first.date()


def event(form: dict, config: PortalConfig, photo_name: str | None = None, slug: str | None = None,
          original: bytes | None = None, raw: bool = False):  # fmt: skip
    """An event from its form; `original`: the file it changes; `raw`: the bytes only, unchecked."""
    association = form.get("association", "")
    errors: dict[str, list[str]] = {}
    folder = _folder_or_error(config, association, errors)
    too_long(form, errors, {"titre": 150, "resume": 300, "texte": MAX_TEXT})
    title = one_line(form.get("titre"), 150)
    start_day = _parse_date(form.get("date", ""), "date", errors, config.today) or config.today
    all_day = form.get("journee") == "oui"
    start_time = None if all_day else _parse_time(form.get("heure_debut"), "heure_debut", errors)
    end_time = None if all_day else _parse_time(form.get("heure_fin"), "heure_fin", errors, required=False)
    rule, first = event_rule(form, start_day, errors)
    name = slug or file_name(first, title)
    lines = ["---", f"titre: {q(title)}"]
    if start_time is not None:
        lines.append(f"debut: {q(f'{first.isoformat()} {start_time:%H:%M}')}")
        if end_time is not None:
            lines.append(f"fin: {q(f'{end_time:%H:%M}')}")
    else:
        lines.append(f"debut: {q(first.isoformat())}")
        last = (form.get("date_fin") or "").strip()
        if last:
            last_day = _parse_date(last, "date_fin", errors, start_day)
            if last_day:
                lines.append(f"fin: {q(last_day.isoformat())}")
    if rule:
        lines.append(f"regle: {q(rule)}")
        from .french_dates import parse_exclusions

        skipped, problems = parse_exclusions(clean(form.get("sans_seance"), 4000), first)
        for problem in problems:
            errors.setdefault("sans_seance", []).append(problem)
        if skipped:
            lines.append("sauf: [" + ", ".join(q(d) for d in skipped[:60]) + "]")
    for key in ("resume", "prix", "inscription"):
        if one_line(form.get(key)):
            lines.append(f"{key}: {q(one_line(form.get(key)))}")
    place, address = one_line(form.get("lieu_nom"), 150), one_line(form.get("lieu_adresse"), 200)
    if place or address:
        lines.append("lieu:")
        if place:
            lines.append(f"  nom: {q(place)}")
        if address:
            lines.append(f"  adresse: {q(address)}")
    for key in ("public", "themes"):
        values = [one_line(v, 60) for v in form.get(key, []) if v]
        if values:
            lines.append(f"{key}: [" + ", ".join(q(v) for v in values) + "]")
    data = _document(lines, form, photo_name)
    if raw:
        return data
    if original is not None:
        from .editing import edited, form_from_event

        data = edited(original, data, lambda: event(form_from_event(original, association), config, None, slug, raw=True))
    relative = f"associations/{association}/agenda/{name}.md"
    return _checked("evenement", association, title, name, relative, data, config, folder, errors,
                    {"titre": "titre", "debut": "date", "fin": "heure_fin", "regle": "repetition",
                     "sauf": "sans_seance", "seances": "sans_seance", "resume": "resume", "prix": "prix",
                     "inscription": "inscription", "lieu": "lieu_nom", "public": "public",
                     "themes": "themes", "image": "photo_alt"}, photo_name)  # fmt: skip


def _checked(kind, association, title, name, relative, data, config, folder, errors, fields, photo_name):
    path = config.root / relative
    with _photo_placeholder(folder, photo_name):
        if kind == "evenement":
            item, problems = parse_event(data, relative, path, config, folder, association)
        else:
            item, problems = parse_news(data, relative, path, config, folder, NEWS_FIELDS)
    found = _map_problems(problems, fields)
    for key, messages in found.items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(errors)
    return Contribution(kind, association, title, {relative: data}, name, item=item)


class _photo_placeholder:
    """While validating, a photo that is not written yet must count as present."""

    def __init__(self, folder: Path, name: str | None):
        self.path = folder / "images" / name if name else None
        self.created = False

    def __enter__(self):
        if self.path is not None and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_bytes(b"")
            self.created = True
        return self

    def __exit__(self, *exc):
        if self.created:
            self.path.unlink(missing_ok=True)
        return False


def card(form: dict, config: PortalConfig, new: bool, original: bytes | None = None, raw: bool = False):
    """An association card from the card form (update or new association).
    `original`: the card it changes (its maintainers and logo are taken from
    it, never from the form); `raw`: the bytes only, unchecked."""
    if original is not None and not raw:
        from .editing import read_card_form

        shown = read_card_form(config, form.get("association", ""), original)
        form = {**{k: v for k, v in form.items() if not k.startswith("_")},
                **{k: v for k, v in shown.items() if k.startswith("_")}}  # fmt: skip
    errors: dict[str, list[str]] = {}
    too_long(form, errors, {"nom": 120, "resume": 200, "description": MAX_TEXT})
    name = one_line(form.get("nom"), 120)
    if new:
        slug = slugify(name)
        if not slug:
            raise Invalid({"nom": ["indiquez le nom de l'association"]})
        if (config.associations_path / slug).exists():
            raise Invalid({"nom": [f"une association « {slug} » existe déjà dans l'annuaire"]})
        folder = config.associations_path / slug
    else:
        slug = form.get("association", "")
        folder = association_folder(config, slug)
    lines = [f"nom: {q(name)}"]
    for key, limit in (("type", 60), ("resume", 200), ("quartier", 60)):
        lines.append(f"{key}: {q(one_line(form.get(key), limit))}")
    description = body(form.get("description"))
    if description:
        lines.append(f"description: {q(description)}")
    street = one_line(form.get("rue"), 150)
    if street:
        lines += ["adresse:", f"  rue: {q(street)}"]
    for key in ("telephone", "courriel", "site", "horaires_note"):
        if one_line(form.get(key)):
            lines.append(f"{key}: {q(one_line(form.get(key)))}")
    hours = [(d, one_line(form.get(f"horaires_{d}"), 80)) for d in DAY_CODES]
    if any(v for _, v in hours):
        lines.append("horaires:")
        lines += [f"  {d}: {q(v)}" for d, v in hours if v]
    for key in ("themes", "services", "langues", "accessibilite"):
        values = [one_line(v, 60) for v in form.get(key, []) if v]
        if values:
            lines.append(f"{key}: [" + ", ".join(q(v) for v in values) + "]")
    if not new and form.get("_logo"):
        lines += ["logo:", f"  fichier: {q(form['_logo'][0])}", f"  alt: {q(form['_logo'][1])}"]
    maintainers = form.get("_responsables") or []
    if maintainers:
        lines.append("responsables: [" + ", ".join(q(m) for m in maintainers) + "]")
    lines.append(f"mis_a_jour: {q(config.today.isoformat())}")
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if raw:
        return data
    if original is not None and not new:
        from .editing import edited

        data = edited(original, data, lambda: card(shown, config, False, raw=True), config.today.isoformat())
    relative = f"associations/{slug}/{CARD_FILE}"
    _, problems = parse_card(data, relative, folder, slug, config)
    found = _map_problems(problems, {k: k for k in ("nom", "type", "resume", "quartier", "description",
                                                    "telephone", "courriel", "site", "themes", "services",
                                                    "langues", "accessibilite", "horaires_note")})  # fmt: skip
    found.update({"horaires": v for k, v in _map_problems(problems, {"horaires": "horaires"}).items() if k == "horaires"})
    for key, messages in found.items():
        errors.setdefault(key, []).extend(messages)
    if errors:
        raise Invalid(errors)
    kind = "nouvelle-association" if new else "fiche"
    return Contribution(kind, slug, name, {relative: data}, slug)


def is_slug(value: str) -> bool:
    """A folder name the server may use (short enough for any file system)."""
    return bool(SLUG_RE.match(value or "")) and len(value) <= 80


def published_events(config: PortalConfig, slug: str) -> list[dict]:
    """The association's events with their next sessions, for the cancel form."""
    from placette.model.documents import read_document
    from placette.model.recurrence import expand
    from placette.model.rule_text import occurrence_label

    folder = config.associations_path / slug / "agenda"
    found = []
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        _, item, problems = read_document(path, config)
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
    """Cancel a whole event (statut: annulé) or one session (an override in
    `seances`): the published file is kept as it is, with lines added."""
    association = form.get("association", "")
    folder = association_folder(config, association)
    name = form.get("evenement", "")
    path = folder / "agenda" / f"{name}.md"
    if not is_slug(name) or not path.is_file():
        raise Invalid({"evenement": ["choisissez l'événement dans la liste"]})
    text = path.read_text(encoding="utf-8")
    session = (form.get("seance") or "").strip()
    reason = one_line(form.get("motif"), 200)
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    header = lines[1:end]
    if not session:
        header = [line for line in header if not line.startswith("statut:") and not line.startswith("reporte_au:")]
        header.append(f"statut: {q('annulé')}")
        title_words = "l'événement"
    else:
        moment = session.replace("T", " ")[:16]
        entry = [f"  - date: {q(moment)}", f"    statut: {q('annulé')}"] + ([f"    note: {q(reason)}"] if reason else [])
        index = next((i for i, line in enumerate(header) if line.startswith("seances:")), None)
        if index is None:
            header += ["seances:"] + entry
        else:
            stop = index + 1
            while stop < len(header) and (header[stop].startswith(" ") or not header[stop].strip()):
                stop += 1
            header[stop:stop] = entry
        title_words = f"la séance du {moment}"
    data = "\n".join([lines[0], *header, *lines[end:]]).encode("utf-8")
    relative = f"associations/{association}/agenda/{name}.md"
    item, problems = parse_event(data, relative, path, config, folder, association)
    if problems:
        raise Invalid(_map_problems(problems, {"seances": "seance", "statut": "evenement"}) or {"general": [p.message for p in problems]})
    title = f"Annulation de {title_words} : {item.event.title}"
    return Contribution("annulation", association, title, {relative: data}, f"annulation-{name}")
