"""The words of places described for everyone (placette/model/access.py):
each label with what it promises. The same on every portal; the portal's
settings read it (placette/model/settings.py), so it imports nothing."""

from __future__ import annotations

from dataclasses import dataclass


def _(text: str) -> str:
    """Marks a word for the interface's catalogues (`make catalogues`); pages
    translate it when they show it (plugins/placette_filters: access_label)."""
    return text


@dataclass(frozen=True)
class Feature:
    label: str  # written in the files, shown on the pages
    explanation: str  # what it promises, in plain French


FEATURES = (
    Feature(_("entrée de plain-pied"), _("on entre sans marche ou par une rampe (fauteuil roulant, poussette, canne)")),
    Feature(_("ascenseur"), _("on va aux étages sans escalier")),
    Feature(_("toilettes adaptées"), _("des toilettes où l'on entre en fauteuil roulant, avec des barres d'appui")),
    Feature(_("boucle magnétique"), _("une boucle à l'accueil ou dans la salle : les appareils auditifs (position T) "
            "entendent sans bruit autour")),
    Feature(_("langue des signes sur demande"), _("une personne qui parle la langue des signes française (LSF) "
            "peut venir : prévenez quelques jours avant")),
    Feature(_("gros caractères"), _("les papiers à lire ou à remplir existent en gros caractères")),
    Feature(_("facile à lire"), _("des papiers en « facile à lire et à comprendre » (FALC) : phrases courtes, "
            "mots de tous les jours")),
    Feature(_("heures calmes"), _("des heures avec moins de monde, de bruit et de lumière, pour les personnes que "
            "la foule gêne")),
    Feature(_("siège sur le trajet"), _("on peut s'asseoir pour se reposer entre l'arrêt et l'entrée, et en attendant")),
    Feature(_("place de stationnement réservée"), _("une place pour les personnes handicapées près de l'entrée")),
)  # fmt: skip
BY_LABEL = {f.label: f for f in FEATURES}
LABELS = tuple(f.label for f in FEATURES)
ALIASES = {
    "accès en fauteuil roulant": "entrée de plain-pied",
    "accueil en langue des signes": "langue des signes sur demande",
    "documents en facile à lire": "facile à lire",
    "documents en gros caractères": "gros caractères",
}
