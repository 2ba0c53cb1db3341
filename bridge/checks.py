"""The reviewer's automatic check list: what deserves a second look.

Nothing here blocks a proposal (the validator does that); each item is a
French sentence shown next to the preview.
"""

from __future__ import annotations

import datetime as dt
import re

from placette.i18n.lazy import Lazy, lazy
from placette.model import falc, yamlload
from placette.model.events import end_value, resolve_end, when
from placette.model.frontmatter import split
from placette.model.layout import Layout
from placette.model.problems import FieldError
from placette.model.sources import similar

from .said import said

PHONE = re.compile(r"(?<!\d)(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
LINK = re.compile(r"https?://|\]\(")
DEFAULT_WORDS = ["arnaque", "casino", "crypto", "gagnez", "viagra"]
PHONE_NOTE = lazy("un numéro de téléphone figure dans le texte : est-ce bien un numéro public ?")
EMAIL_NOTE = lazy("une adresse de courriel figure dans le texte : est-ce bien une adresse publique ?")


def _letters_upper_ratio(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    return sum(c.isupper() for c in letters) / len(letters) if len(letters) >= 20 else 0.0


def check(files: dict[str, bytes], kind: str, today: dt.date, published: dict[str, bytes],
          other_events: list, words: list[str] | None = None, layout: Layout | None = None) -> list[str]:  # fmt: skip
    """`files`: what the proposal writes; `published`: the same paths on main
    (for cards); `other_events`: (title, sessions) of the association's other
    events, sessions being (start, end) aware datetimes; `layout`: the
    portal's (`Layout.of(config)`), else each path's own (`Layout.around`)."""
    notes: list[str] = []
    words = [w.lower() for w in (words or DEFAULT_WORDS)]
    for path, data in files.items():
        where = layout or Layout.around(path)
        if path.endswith(".md"):
            notes += _document(path, data, kind, today, other_events, words, where.kind(path) == "event")
        elif where.kind(path) == "card":
            notes += _card(data, published.get(path), words)
        elif where.is_image(path):
            notes.append(lazy("une photo est jointe : vérifiez que les personnes reconnaissables sont d'accord"))
    if kind == "nouvelle-association":
        notes.append(lazy("nouvelle association : vérifiez qu'elle existe et qu'elle est bien du quartier"))
    return [said_now(note) for note in notes]


def said_now(note) -> str:
    """A note as text, in the language of the page being made (French outside one: `review_cli`)."""
    return note.text() if isinstance(note, Lazy) else note


def _text_checks(text: str, words: list[str]) -> list[str]:
    notes = []
    if PHONE.search(text):
        notes.append(PHONE_NOTE)
    if EMAIL.search(text):
        notes.append(EMAIL_NOTE)
    links = len(LINK.findall(text))
    if links > 3:
        notes.append(lazy("beaucoup de liens (%(num)d) : attention à la publicité déguisée", num=links))
    if _letters_upper_ratio(text) > 0.6:
        notes.append(lazy("le texte est presque tout en majuscules"))
    if len(text) > 4000:
        notes.append(lazy("texte très long (%(num)d caractères)", num=len(text)))
    found = sorted({w for w in words if re.search(rf"\b{re.escape(w)}\b", text.lower())})
    if found:
        notes.append(lazy("mots à vérifier : %(words)s", words=", ".join(found)))
    return notes


def _document(path, data, kind, today, other_events, words, is_event: bool) -> list[str]:
    document, _ = split(data, path)
    if document is None:
        return [lazy("le fichier ne se lit pas (le valideur l'aurait refusé)")]
    if falc.is_easy(path):  # its dates are its original's: only its words are checked
        text = " ".join(v for v in document.header.values() if isinstance(v, str)) + "\n" + document.body
        readable = falc.readability(document.body).notes()
        return _text_checks(text, words) + [
            lazy("version facile à lire : %(problem)s", problem=said(note)) for note in readable
        ]
    header = document.header
    text = " ".join(v for v in header.values() if isinstance(v, str)) + "\n" + document.body
    notes = _text_checks(text, words)
    start = header.get("debut") or header.get("date")
    if isinstance(start, str):
        try:
            day = dt.date.fromisoformat(start[:10])
        except ValueError:
            day = None
        if day and day < today and not header.get("regle"):
            notes.append(lazy("la date (%(date)s) est passée", date=day.strftime("%d/%m/%Y")))
    if is_event and isinstance(start, str) and len(start) > 10 and not header.get("regle"):
        notes += _twins(start, header.get("titre"), other_events)
        notes += _overlaps(start, header.get("fin"), other_events)
    if isinstance(header.get("source"), str):
        notes.append(lazy("importé automatiquement de %(source)s (le calendrier ou le flux de l'association) : "
                          "relisez-le comme une proposition ; si la source change, la mise à jour arrivera ici",
                          source=header["source"]))  # fmt: skip
    return notes


def _twins(start: str, title, other_events) -> list[str]:
    """An event already in the agenda with the same start and a similar title (entered twice)."""
    try:
        begin = when(start, None)
    except FieldError:
        return []
    if not isinstance(begin, dt.datetime) or not isinstance(title, str):
        return []
    found = [other for other, sessions in other_events
             if similar(title, other) and any(s.replace(tzinfo=None) == begin for s, _ in sessions)]  # fmt: skip
    return [lazy("doublon possible : « %(title)s » est déjà au programme à la même heure avec un titre proche ; "
                 "si c'est le même événement, refusez celui-ci ou retirez l'autre", title=other) for other in found]  # fmt: skip


def _overlaps(start: str, end, other_events) -> list[str]:
    """Read as the model reads `debut` and `fin` (an end without a date is the same day's)."""
    try:
        begin = when(start, None)
        finish = resolve_end(begin, end_value(end, None) if isinstance(end, str) else None)[0]
    except FieldError:
        return []
    if not isinstance(begin, dt.datetime):
        return []
    finish = finish or begin + dt.timedelta(hours=1)
    clashes = []
    for title, sessions in other_events:
        for s, e in sessions:
            s_local, e_local = s.replace(tzinfo=None), (e or s + dt.timedelta(hours=1)).replace(tzinfo=None)
            if s_local < finish and begin < e_local:
                clashes.append(title)
                break
    return (
        [lazy("chevauche un autre événement de l'association : %(titles)s", titles=", ".join(clashes))]
        if clashes
        else []
    )


def _card(data: bytes, before: bytes | None, words: list[str]) -> list[str]:
    notes = []
    try:
        card = yamlload.load(yamlload.decode(data))
    except yamlload.YamlError:
        return [lazy("la fiche ne se lit pas")]
    text = " ".join(str(v) for v in card.values() if isinstance(v, str))
    # a card's phone and e-mail are meant to be public: not pointed out
    notes += [n for n in _text_checks(text, words) if n not in (PHONE_NOTE, EMAIL_NOTE)]
    if before is not None:
        try:
            old = yamlload.load(yamlload.decode(before))
        except yamlload.YamlError:
            old = {}
        added = set(card.get("responsables") or []) - set(old.get("responsables") or [])
        if added:
            notes.append(lazy("la fiche ajoute un ou des responsables (%(names)s) : la personne référente doit valider",
                              names=", ".join(sorted(added))))  # fmt: skip
        changed = []
        for key in sorted((set(card) | set(old)) - {"mis_a_jour"}):  # the date moves with any change
            new_value, old_value = card.get(key), old.get(key)
            if isinstance(new_value, dict) and isinstance(old_value, dict):
                changed += [f"{key}.{sub}" for sub in sorted(set(new_value) | set(old_value))
                            if new_value.get(sub) != old_value.get(sub)]  # fmt: skip
            elif new_value != old_value:
                changed.append(key)
        if changed:
            notes.append(lazy("champs changés : %(fields)s", fields=", ".join(changed)))
    return notes
