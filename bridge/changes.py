"""« Les changements » for a reviewer: a table in French, field by field,
before / after, instead of a raw `git diff`. The dates of an event are
written out by the model itself (placette/model/rule_text.py, as on the site):
« Tous les mardis de 14 h à 16 h, jusqu'au 30 juin 2027, sauf… ».
The raw diff stays available under « détails techniques » for those who
learn git.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from placette.model import yamlload
from placette.model.frontmatter import split
from placette.model.layout import Layout

LABELS = {
    "titre": "Titre", "date": "Date", "resume": "Résumé", "themes": "Thèmes", "image": "Photo",
    "debut": "Début", "fin": "Fin", "regle": "Répétition", "sauf": "Dates sans séance",
    "sauf_note": "Dates sans séance (note)", "seances": "Séances changées", "statut": "État",
    "reporte_au": "Reporté au", "lieu": "Lieu", "public": "Pour qui", "prix": "Prix", "inscription": "Inscription",
    "langues": "Langues", "contact": "Contact", "accessibilite": "Accessibilité", "en_ligne": "En ligne",
    "nom": "Nom", "type": "Type de structure", "quartier": "Sous-quartier", "description": "Présentation",
    "adresse": "Adresse", "telephone": "Téléphone", "courriel": "Courriel", "site": "Site web",
    "horaires": "Horaires", "horaires_note": "Remarque sur les horaires", "services": "Services",
    "logo": "Logo", "responsables": "Responsables (comptes)", "mis_a_jour": "Mis à jour le", "gps": "Position GPS",
    "texte": "Texte", "quand": "Quand",
}  # fmt: skip
SUBKEYS = {"rue": "rue", "complement": "complément", "code_postal": "code postal", "ville": "ville",
           "nom": "nom", "adresse": "adresse", "fichier": "fichier", "alt": "description",
           "date": "date", "note": "note", "statut": "état"}  # fmt: skip
WHEN_KEYS = ("debut", "fin", "regle", "sauf", "sauf_note")


@dataclass
class Row:
    label: str
    before: str  # "" when the field is added
    after: str  # "" when the field is removed
    long: bool = False  # a text: shown as paragraphs

    @property
    def change(self) -> str:
        return "ajouté" if not self.before else ("retiré" if not self.after else "changé")


@dataclass
class FileChanges:
    path: str
    kind: str  # « Nouvelle actualité », « Fiche de l'association »...
    rows: list[Row] = field(default_factory=list)


def text_of(value) -> str:
    """A YAML value as a reviewer reads it."""
    if value is None:
        return ""
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return ", ".join(value)
        return "\n".join(text_of(v) for v in value)
    if isinstance(value, dict):
        return " ; ".join(f"{SUBKEYS.get(k, k.replace('_', ' '))} : {text_of(v)}" for k, v in value.items())
    return str(value)


def _fields(data: bytes | None, path: str) -> tuple[dict, str | None]:
    """(header or card mapping, Markdown body or None)."""
    if data is None:
        return {}, None
    try:
        if path.endswith(".yml"):
            return dict(yamlload.load(yamlload.decode(data))), None
        document, _ = split(data, path)
    except yamlload.YamlError:
        return {"(fichier illisible)": data.decode("utf-8", "replace")}, None
    if document is None:
        return {"(fichier illisible)": data.decode("utf-8", "replace")}, None
    return dict(document.header), document.body.strip("\n")


KINDS = {"card": ("Nouvelle association", "Fiche de l'association"), "event": ("Nouvel événement", "Événement modifié"),
         "news": ("Nouvelle actualité", "Actualité modifiée"),
         "attachment": ("Nouveau document : sa fiche", "Fiche du document modifiée")}  # fmt: skip


def _kind(path: str, new: bool, layout: Layout) -> str:
    added, changed = KINDS.get(layout.kind(path) or "", ("Nouveau fichier", "Fichier modifié"))
    return added if new else changed


def compare(
    path: str, before: bytes | None, after: bytes | None, when=None, layout: Layout | None = None
) -> FileChanges:
    """The changed fields of one file. `when(data) -> str` writes an event's
    dates out (from the model); its row replaces début, fin, règle and sauf.
    `layout`: the portal's (`Layout.of(config)`: its associations folder may
    have another name); without it, the path's own (`Layout.around`)."""
    layout = layout or Layout.around(path)
    old, old_body = _fields(before, path)
    new, new_body = _fields(after, path)
    changes = FileChanges(path, _kind(path, before is None, layout))
    skip: set[str] = set()
    if when is not None and layout.kind(path) == "event":
        was, will = (when(before) if before else ""), (when(after) if after else "")
        if was or will:
            skip = set(WHEN_KEYS)
            if was != will:
                changes.rows.append(Row(LABELS["quand"], was, will))
    for key in list(dict.fromkeys([*old, *new])):
        if key in skip:
            continue
        if key == "horaires" and isinstance(old.get(key, {}), dict) and isinstance(new.get(key, {}), dict):
            for day in dict.fromkeys([*(old.get(key) or {}), *(new.get(key) or {})]):
                a, b = text_of((old.get(key) or {}).get(day)), text_of((new.get(key) or {}).get(day))
                if a != b:
                    changes.rows.append(Row(f"Horaires du {day}", a, b))
            continue
        a, b = text_of(old.get(key)), text_of(new.get(key))
        if a != b:
            changes.rows.append(Row(LABELS.get(key, key), a, b, long=key == "description"))
    if (old_body or "") != (new_body or ""):
        changes.rows.append(Row(LABELS["texte"], old_body or "", new_body or "", long=True))
    return changes
