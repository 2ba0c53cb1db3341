"""« Les changements » for a reviewer: a table in French, field by field,
before / after, instead of a raw `git diff`. The dates of an event are
written out by the model itself (placette/model/rule_text.py, as on the site):
« Tous les mardis de 14 h à 16 h, jusqu'au 30 juin 2027, sauf… ».
The raw diff stays available under « détails techniques » for those who
learn git.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from placette.i18n.lazy import lazy
from placette.model import yamlload
from placette.model.frontmatter import split
from placette.model.layout import Layout

LABELS = {
    "titre": lazy("Titre"), "date": lazy("Date"), "resume": lazy("Résumé"), "themes": lazy("Thèmes"),
    "image": lazy("Photo"), "debut": lazy("Début"), "fin": lazy("Fin"), "regle": lazy("Répétition"),
    "sauf": lazy("Dates sans séance"), "sauf_note": lazy("Dates sans séance (note)"),
    "seances": lazy("Séances changées"), "statut": lazy("État"), "reporte_au": lazy("Reporté au"),
    "lieu": lazy("Lieu"), "public": lazy("Pour qui"), "prix": lazy("Prix"), "inscription": lazy("Inscription"),
    "langues": lazy("Langues"), "contact": lazy("Contact"), "accessibilite": lazy("Accessibilité"),
    "en_ligne": lazy("En ligne"), "nom": lazy("Nom"), "type": lazy("Type de structure"),
    "quartier": lazy("Sous-quartier"), "description": lazy("Présentation"), "adresse": lazy("Adresse"),
    "telephone": lazy("Téléphone"), "courriel": lazy("Courriel"), "site": lazy("Site web"),
    "horaires": lazy("Horaires"), "horaires_note": lazy("Remarque sur les horaires"), "services": lazy("Services"),
    "logo": lazy("Logo"), "responsables": lazy("Responsables (comptes)"), "mis_a_jour": lazy("Mis à jour le"),
    "gps": lazy("Position GPS"), "texte": lazy("Texte"), "quand": lazy("Quand"), "genre": lazy("Genre"),
    "qui": lazy("Qui est la personne"), "consentement": lazy("Accord de la personne (numéro)"),
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


KINDS = {"card": (lazy("Nouvelle association"), lazy("Fiche de l'association")),
         "event": (lazy("Nouvel événement"), lazy("Événement modifié")),
         "news": (lazy("Nouvelle actualité"), lazy("Actualité modifiée")),
         "attachment": (lazy("Nouveau document : sa fiche"), lazy("Fiche du document modifiée"))}  # fmt: skip


def _kind(path: str, new: bool, layout: Layout) -> str:
    added, changed = KINDS.get(layout.kind(path) or "", (lazy("Nouveau fichier"), lazy("Fichier modifié")))
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
                    changes.rows.append(Row(lazy("Horaires du %(day)s", day=day), a, b))
            continue
        a, b = text_of(old.get(key)), text_of(new.get(key))
        if a != b:
            changes.rows.append(Row(LABELS.get(key, key), a, b, long=key == "description"))
    if (old_body or "") != (new_body or ""):
        changes.rows.append(Row(LABELS["texte"], old_body or "", new_body or "", long=True))
    return changes
