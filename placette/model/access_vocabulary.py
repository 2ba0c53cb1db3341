"""The words of places described for everyone (placette/model/access.py):
each label with what it promises. The same on every portal; the portal's
settings read it (placette/model/settings.py), so it imports nothing."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Feature:
    label: str  # written in the files, shown on the pages
    explanation: str  # what it promises, in plain French


FEATURES = (
    Feature("entrée de plain-pied", "on entre sans marche ou par une rampe (fauteuil roulant, poussette, canne)"),
    Feature("ascenseur", "on va aux étages sans escalier"),
    Feature("toilettes adaptées", "des toilettes où l'on entre en fauteuil roulant, avec des barres d'appui"),
    Feature("boucle magnétique", "une boucle à l'accueil ou dans la salle : les appareils auditifs (position T) "
            "entendent sans bruit autour"),
    Feature("langue des signes sur demande", "une personne qui parle la langue des signes française (LSF) "
            "peut venir : prévenez quelques jours avant"),
    Feature("gros caractères", "les papiers à lire ou à remplir existent en gros caractères"),
    Feature("facile à lire", "des papiers en « facile à lire et à comprendre » (FALC) : phrases courtes, "
            "mots de tous les jours"),
    Feature("heures calmes", "des heures avec moins de monde, de bruit et de lumière, pour les personnes que "
            "la foule gêne"),
    Feature("siège sur le trajet", "on peut s'asseoir pour se reposer entre l'arrêt et l'entrée, et en attendant"),
    Feature("place de stationnement réservée", "une place pour les personnes handicapées près de l'entrée"),
)  # fmt: skip
BY_LABEL = {f.label: f for f in FEATURES}
LABELS = tuple(f.label for f in FEATURES)
ALIASES = {
    "accès en fauteuil roulant": "entrée de plain-pied",
    "accueil en langue des signes": "langue des signes sur demande",
    "documents en facile à lire": "facile à lire",
    "documents en gros caractères": "gros caractères",
}
