"""Changing what is already published (or a proposal being corrected): the
form comes pre-filled from the file, and only what the volunteer changed in
the form changes in the file.

The form as it was shown (pre-filled from the file) and the form as it was
sent are both turned into a file by the same code; the fields where the two
differ are the volunteer's changes, and only those are written into the
original file (bridge/yamledit.py), every other line staying byte for byte:
what the form does not show (GPS, an address complement, session
overrides, a status, comments, the order of the keys) cannot be lost, and
the same field written another way in the original is not rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from placette.i18n.lazy import lazy
from placette.model import yamlload
from placette.model.frontmatter import split

from . import yamledit
from .form_fields import CARD_FORM, CODE_DAYS, EVENT_FORM, NEWS_FORM, Invalid, prefill
from .yamledit import EditError

NOTHING_CHANGED = lazy("rien n'a changé par rapport à la version publiée : modifiez au moins un champ")


def read_card_form(config, slug: str, data: bytes) -> dict:
    """The card form pre-filled from the published card."""
    mapping = yamlload.load(yamlload.decode(data))
    form = {"association": slug, **prefill(mapping, CARD_FORM)}
    # Check boxes carry the lists' own labels: a value written otherwise (« Sante »,
    # an earlier accessibility word) is ticked under its label, not lost on saving.
    for name, vocab in (("themes", config.themes), ("services", config.services),
                        ("langues", config.language_labels), ("accessibilite", config.accessibility)):  # fmt: skip
        form[name] = [vocab.match(v) or v for v in form.get(name, [])]
    if isinstance(mapping.get("description"), str):
        form["description"] = mapping["description"]
    logo = mapping.get("logo")
    if isinstance(logo, dict):
        form["_logo"] = (logo.get("fichier", ""), logo.get("alt", ""))
    maintainers = mapping.get("responsables")
    form["_responsables"] = list(maintainers) if isinstance(maintainers, list) else []
    return form


def _header(data: bytes):
    document, _ = split(data, "x")
    if document is None:
        return {}, ""
    return document.header, document.body


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _list(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def form_from_news(data: bytes, association: str) -> dict:
    header, body = _header(data)
    return {"association": association, **prefill(header, NEWS_FORM), "date": _text(header.get("date"))[:10],
            "texte": body.strip("\n")}  # fmt: skip


def form_from_event(data: bytes, association: str) -> dict:
    header, body = _header(data)
    start = _text(header.get("debut"))
    end = _text(header.get("fin"))
    form = {"association": association, **prefill(header, EVENT_FORM), "date": start[:10],
            "texte": body.strip("\n"), "repetition": "une_fois"}  # fmt: skip
    if len(start) > 10:
        form["heure_debut"] = start[11:16]
        form["heure_fin"] = end[-5:] if re.search(r"\d{1,2}:\d{2}$", end) else ""
    else:
        form["journee"] = "oui"
        form["date_fin"] = end[:10]
    rule = dict(p.split("=", 1) for p in _text(header.get("regle")).upper().split(";") if "=" in p)
    days = [d[-2:] for d in rule.get("BYDAY", "").split(",") if d]
    if rule.get("FREQ") == "WEEKLY":
        form["repetition"] = "deux_semaines" if rule.get("INTERVAL") == "2" else "chaque_semaine"
        form["jours"] = [CODE_DAYS[d] for d in days if d in CODE_DAYS]
    elif rule.get("FREQ") == "MONTHLY" and rule.get("BYDAY"):
        form["repetition"] = "chaque_mois"
        form["position"] = rule["BYDAY"][:-2]
        form["jour_du_mois"] = CODE_DAYS.get(rule["BYDAY"][-2:], "")
    if "UNTIL" in rule:
        u = rule["UNTIL"][:8]
        form["jusqu_au"] = f"{u[:4]}-{u[4:6]}-{u[6:8]}"
    form["sans_seance"] = "\n".join(_list(header.get("sauf")))
    return form


def _lines_of(data: bytes) -> tuple[str, str, list[str]]:
    """(prefix to restore: BOM, line ending), the text with "\n" line ends, its lines."""
    text = data.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    crlf = "\r\n" if "\r\n" in text else "\n"
    text = text[len(bom) :].replace("\r\n", "\n")
    return bom + crlf, text, text.split("\n")


def _restore(kind: str, text: str) -> bytes:
    bom, ending = ("\ufeff", kind[1:]) if kind.startswith("\ufeff") else ("", kind)
    return (bom + text.replace("\n", ending)).encode("utf-8")


def _fences(lines: list[str]) -> tuple[int, int]:
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "..."))
    return start, end


def _mapping(text: str) -> dict:
    return yamledit._plain(yamlload.load(text)) if text.strip() else {}


def edited_document(original: bytes, produced: bytes, shown: bytes) -> bytes:
    """`original` (a Markdown file) changed where `produced` (the form as sent)
    differs from `shown` (the form as it was pre-filled), header and body."""
    kind, _, lines = _lines_of(original)
    start, end = _fences(lines)
    header = "\n".join(lines[start + 1 : end]) + "\n"
    mine, base = ([*_split_generated(d)] for d in (produced, shown))
    edits = yamledit.changes(_mapping(base[0]), _mapping(mine[0]))
    body_changed = mine[1] != base[1]
    if not edits and not body_changed:
        raise Invalid({"general": [NOTHING_CHANGED]})
    header = yamledit.apply(header, edits) if edits else header
    body = lines[end + 1 :] if not body_changed else mine[1].split("\n")
    text = "\n".join(lines[: start + 1] + header.rstrip("\n").split("\n") + [lines[end]] + body)
    return _restore(kind, text)


def with_header(original: bytes, edit: Callable[[str], str]) -> bytes:
    """`original` (a Markdown file) with its header changed by `edit` (header
    text -> header text); the fences, the body, the BOM and line ends stay."""
    kind, _, lines = _lines_of(original)
    start, end = _fences(lines)
    header = edit("\n".join(lines[start + 1 : end]) + "\n")
    return _restore(kind, "\n".join(lines[: start + 1] + header.rstrip("\n").split("\n") + lines[end:]))


def header_edits(edits: list) -> Callable[[str], str]:
    return lambda header: yamledit.apply(header, edits)


def list_append(key: str, item: dict) -> Callable[[str], str]:
    return lambda header: yamledit.append(header, key, item)


def _split_generated(data: bytes) -> tuple[str, str]:
    """(header text, body) of a file this bridge generated."""
    lines = data.decode("utf-8").split("\n")
    start, end = _fences(lines)
    return "\n".join(lines[start + 1 : end]) + "\n", "\n".join(lines[end + 1 :])


def edited_card(original: bytes, produced: bytes, shown: bytes, today: str) -> bytes:
    """`original` (a card) changed where `produced` differs from `shown`; its
    date of update moves only when something else changed."""
    kind, text, _ = _lines_of(original)
    edits = [e for e in yamledit.changes(_mapping(shown.decode()), _mapping(produced.decode()))
             if e[0][0] != "mis_a_jour"]  # fmt: skip
    if not edits:
        raise Invalid({"general": [NOTHING_CHANGED]})
    return _restore(kind, yamledit.apply(text, edits + [(("mis_a_jour",), today)]))


def edited(original: bytes, produced: bytes, shown, card_day: str | None = None) -> bytes:
    """An edit: `original` changed only where the form as sent (`produced`)
    differs from the form as it was shown (`shown()`, generated the same way)."""
    try:
        if card_day is not None:
            return edited_card(original, produced, shown(), card_day)
        return edited_document(original, produced, shown())
    except (EditError, yamlload.YamlError, StopIteration, UnicodeDecodeError):
        raise Invalid({"general": [lazy("ce changement n'a pas pu être écrit sans toucher au reste du fichier : "
                                         "prévenez l'équipe du portail")]}) from None  # fmt: skip
