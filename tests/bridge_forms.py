"""Forms as volunteers send them, for the bridge's writing tests: the files the
bridge wrote for them before the serialiser (tests/fixtures/bridge-forms/)
must read back as the same values as the files it writes now."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
BEFORE = FIXTURES / "bridge-forms"
TODAY = "2026-11-20"

JARDIN = "jardin-des-tilleuls"
NEWS = {
    "news-plain": {"association": JARDIN, "titre": "Le jardin: rouvre « ici » #1", "date": "22/11/2026",
                   "texte": "Venez !\n\n---\n<b>gras</b> et **gras**"},
    "news-full": {"association": JARDIN, "titre": "Semis", "date": "1er décembre", "resume": "Tous: au jardin",
                  "themes": ["environnement", "alimentation"], "texte": "Texte", "photo_alt": "Des semis"},
}  # fmt: skip
EVENTS = {
    "event-once": {"association": "atelier-velo", "titre": "Bourse", "date": "2026-12-01", "heure_debut": "10:00",
                   "heure_fin": "12h30", "repetition": "une_fois", "prix": "gratuit", "texte": "Venez"},
    "event-weekly": {"association": JARDIN, "titre": "Permanence", "date": "mardi 1er décembre",
                     "heure_debut": "14h", "repetition": "chaque_semaine", "jours": ["mardi", "jeudi"],
                     "jusqu_au": "31/03/2027", "sans_seance": "22/12\n29/12/2026", "lieu_nom": "Le local",
                     "lieu_adresse": "3 allée: B", "public": ["tout public"], "themes": ["environnement"],
                     "resume": "Chaque semaine", "inscription": "sans", "texte": ""},
    "event-monthly": {"association": JARDIN, "titre": "Troc", "date": "05/12/2026", "journee": "oui",
                      "repetition": "chaque_mois", "position": "1", "jour_du_mois": "samedi", "texte": "x"},
    "event-days": {"association": JARDIN, "titre": "Fête", "date": "12/12/2026", "journee": "oui",
                   "date_fin": "13/12/2026", "repetition": "une_fois", "texte": "x", "photo_alt": "La fête"},
}  # fmt: skip
CARDS = {
    "card-update": {"association": JARDIN, "nom": "Jardin des Tilleuls", "type": "association",
                    "resume": "Un jardin: partagé.", "quartier": "Les Tilleuls", "horaires_lundi": "9:00-12:00",
                    "horaires_mercredi": "14h-17h30", "telephone": "01 99 00 10 09", "rue": "3 allée des Tilleuls",
                    "courriel": "jardin@example.org", "site": "https://example.org/jardin", "horaires_note": "sauf août",
                    "description": "Ligne 1\n\nLigne « 2 »", "themes": ["environnement"], "langues": ["arabe"]},
}  # fmt: skip
NEW_CARDS = {
    "card-new": {"nom": "Les Amis du Lavoir", "type": "association", "resume": "On restaure le lavoir.",
                 "quartier": "La Source", "services": ["jardinage"], "accessibilite": []},
}  # fmt: skip
CANCELS = {
    "cancel-session": {"association": JARDIN, "evenement": "permanence", "seance": "2026-12-08T14:00:00",
                       "motif": "Jardin: fermé"},
    "cancel-whole": {"association": "atelier-velo", "evenement": "atelier-du-samedi", "seance": ""},
}  # fmt: skip
PHOTO = "photo-0123abcd.jpg"


def portal(target: Path, associations: str = "associations") -> Path:
    """A copy of the mini portal with this project's settings (its associations in `associations`)."""
    shutil.copytree(FIXTURES / "mini" / "content", target / "content")
    shutil.copytree(FIXTURES / "mini" / "associations", target / associations)
    conf = (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
    if associations != "associations":
        conf += f'\nPLACETTE = {{**PLACETTE, "associations_path": "{associations}"}}\n'
    (target / "pelicanconf.py").write_text(conf, encoding="utf-8")
    return target


def config_of(site: Path):
    """The portal's settings, today pinned to TODAY (whatever PLACETTE_TODAY says)."""
    import dataclasses
    import datetime as dt

    from placette.model.settings import portal_config, read_pelican_settings

    settings = read_pelican_settings(site / "pelicanconf.py")
    settings["PATH"] = str(site)
    return dataclasses.replace(portal_config(settings), today=dt.date.fromisoformat(TODAY))


def produce(config) -> dict[str, bytes]:
    """What the bridge writes for each form (its content file)."""
    from bridge import contributions as C

    found = {}
    for name, form in NEWS.items():
        made = C.news(form, config, PHOTO if form.get("photo_alt") else None)
        found[name] = next(iter(made.files.values()))
    for name, form in EVENTS.items():
        made = C.event(form, config, PHOTO if form.get("photo_alt") else None)
        found[name] = next(iter(made.files.values()))
    for name, form in CARDS.items():
        found[name] = next(iter(C.card(form, config, new=False).files.values()))
    for name, form in NEW_CARDS.items():
        found[name] = next(iter(C.card(form, config, new=True).files.values()))
    for name, form in CANCELS.items():
        found[name] = next(iter(C.cancellation(form, config).files.values()))
    return found


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        config = config_of(portal(Path(tmp) / "site"))
        for name, data in produce(config).items():
            (BEFORE / name).write_bytes(data)
            print(name, len(data))
