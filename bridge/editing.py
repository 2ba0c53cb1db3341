"""Changing what is already published (or a proposal being corrected): the
form comes pre-filled from the file, and what the form does not show (an
image, session overrides, GPS, a status...) is carried over untouched."""

from __future__ import annotations

import re

from placette.frontmatter import split

from .contributions import DAY_CODES

CODE_DAYS = {v: k for k, v in DAY_CODES.items()}


def header_blocks(data: bytes) -> tuple[dict[str, list[str]], str]:
    """{top-level key: its raw lines} of a Markdown file's header, and the body."""
    text = data.decode("utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip())
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() in ("---", "..."))
    blocks: dict[str, list[str]] = {}
    current = None
    for line in lines[start + 1 : end]:
        match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if match and not line.startswith((" ", "-")):
            current = match.group(1)
            blocks[current] = [line]
        elif current is not None:
            blocks[current].append(line)
    return blocks, "\n".join(lines[end + 1 :])


def kept_lines(original: bytes | None, produced_keys: set[str]) -> list[str]:
    """The original header's blocks for keys the form did not produce."""
    if not original:
        return []
    blocks, _ = header_blocks(original)
    return [line for key, block in blocks.items() if key not in produced_keys for line in block]


def _header(data: bytes):
    document, problems = split(data, "x")
    if document is None:
        return {}, ""
    return document.header, document.body


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _list(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def form_from_news(data: bytes, association: str) -> dict:
    header, body = _header(data)
    return {"association": association, "titre": _text(header.get("titre")),
            "date": _text(header.get("date"))[:10], "resume": _text(header.get("resume")),
            "themes": _list(header.get("themes")), "texte": body.strip("\n")}  # fmt: skip


def form_from_event(data: bytes, association: str) -> dict:
    header, body = _header(data)
    start = _text(header.get("debut"))
    end = _text(header.get("fin"))
    form = {"association": association, "titre": _text(header.get("titre")), "date": start[:10],
            "resume": _text(header.get("resume")), "prix": _text(header.get("prix")),
            "inscription": _text(header.get("inscription")), "public": _list(header.get("public")),
            "themes": _list(header.get("themes")), "texte": body.strip("\n"), "repetition": "une_fois"}  # fmt: skip
    if len(start) > 10:
        form["heure_debut"] = start[11:16]
        form["heure_fin"] = end[-5:] if re.search(r"\d{1,2}:\d{2}$", end) else ""
    else:
        form["journee"] = "oui"
        form["date_fin"] = end[:10]
    place = header.get("lieu")
    if isinstance(place, dict):
        form["lieu_nom"], form["lieu_adresse"] = _text(place.get("nom")), _text(place.get("adresse"))
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


def produced_keys(data: bytes) -> set[str]:
    return set(header_blocks(data)[0])
