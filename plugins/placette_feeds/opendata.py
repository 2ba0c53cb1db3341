"""Open data: the directory and the upcoming sessions as JSON, with a
versioned JSON Schema shipped in the site and the licence stated."""

from __future__ import annotations

import datetime as dt
import json

from placette.build.state import portal, remember, write_output_file
from placette.i18n.lazy import lazy
from placette.model import access

VERSION = "1.1"  # 1.1: « arret » (and « accessibilite » of each session), placette/model/access.py
DESCRIPTION = [  # what the « S'abonner » page says of each file, in its language
    ("donnees/associations.json",
     lazy("L'annuaire : chaque structure avec ses coordonnées, horaires, thèmes et services."),
     f"donnees/schemas/associations-{VERSION}.schema.json"),
    ("donnees/agenda.json", lazy("L'agenda : chaque séance des six prochains mois, avec son lieu et son statut."),
     f"donnees/schemas/agenda-{VERSION}.schema.json"),
]  # fmt: skip

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_STRINGS = {"type": "array", "items": _STRING}
# The fixed vocabulary of places described for everyone (placette/model/access.py):
# each label's meaning is in the schema, for whoever reuses the data.
_ACCESS = {
    "type": "array",
    "items": {"enum": list(access.LABELS)},
    "description": " ; ".join(f"« {f.label} » : {f.explanation}" for f in access.FEATURES),
}
_STOP = {
    "type": ["object", "null"],
    "required": ["nom", "distance_m"],
    "additionalProperties": False,
    "properties": {"nom": {"type": "string"}, "distance_m": {"type": "integer", "minimum": 0}},
    "description": "l'arrêt de transport en commun le plus proche et sa distance à pied, en mètres",
}
_GPS = {"type": ["array", "null"], "items": {"type": "number"}, "minItems": 2, "maxItems": 2}


def _envelope(name: str, item_schema: dict, key: str, siteurl: str) -> dict:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{siteurl}/donnees/schemas/{name}-{VERSION}.schema.json",
        "title": f"Placette — {name}",
        "type": "object",
        "required": ["version", "licence", "licence_url", "source", "genere_le", key],
        "properties": {
            "version": {"const": VERSION},
            "licence": _STRING,
            "licence_url": {"type": "string", "format": "uri"},
            "source": {"type": "string", "format": "uri"},
            "genere_le": {"type": "string", "format": "date"},
            key: {"type": "array", "items": item_schema},
        },
        "additionalProperties": False,
    }


ASSOCIATION_SCHEMA = {
    "type": "object",
    "required": ["id", "nom", "type", "resume", "quartier", "url"],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"},
        "nom": _STRING, "type": _STRING, "resume": _STRING, "quartier": _STRING,
        "url": {"type": "string", "format": "uri"},
        "vcard": {"type": "string", "format": "uri"},
        "adresse": {"type": ["object", "null"], "properties": {
            "rue": _STRING, "complement": _NULLABLE_STRING, "code_postal": _NULLABLE_STRING,
            "ville": _NULLABLE_STRING}},
        "gps": _GPS,
        "telephone": _NULLABLE_STRING, "courriel": _NULLABLE_STRING, "site": _NULLABLE_STRING,
        "reseaux": {"type": "object", "additionalProperties": _STRING},
        "horaires": {"type": "object", "additionalProperties": {
            "type": "array", "items": {"type": "array", "items": _STRING, "minItems": 2, "maxItems": 2}}},
        "horaires_note": _NULLABLE_STRING,
        "sur_rendez_vous": _STRINGS,
        "themes": _STRINGS, "services": _STRINGS, "langues": _STRINGS, "accessibilite": _ACCESS,
        "arret": _STOP,
        "mis_a_jour": {"type": ["string", "null"], "format": "date"},
    },
    "additionalProperties": False,
}  # fmt: skip

SESSION_SCHEMA = {
    "type": "object",
    "required": ["id", "evenement", "titre", "debut", "journee_entiere", "statut", "url"],
    "properties": {
        "id": _STRING,
        "evenement": _STRING,
        "titre": _STRING,
        "debut": _STRING,
        "fin": _NULLABLE_STRING,
        "journee_entiere": {"type": "boolean"},
        "statut": {"enum": ["prévu", "annulé", "reporté", "complet"]},
        "modifie": {"type": "boolean"},
        "note": _NULLABLE_STRING,
        "lieu": _NULLABLE_STRING,
        "adresse": _NULLABLE_STRING,
        "gps": _GPS,
        "en_ligne": _NULLABLE_STRING,
        "association": _NULLABLE_STRING,
        "url": {"type": "string", "format": "uri"},
        "ics": {"type": "string", "format": "uri"},
        "themes": _STRINGS, "public": _STRINGS,
        "prix": _NULLABLE_STRING, "inscription": _NULLABLE_STRING,
        "accessibilite": _ACCESS, "arret": _STOP,
    },
    "additionalProperties": False,
}  # fmt: skip

STATUS_FR = {"scheduled": "prévu", "cancelled": "annulé", "postponed": "reporté", "full": "complet"}


def association_record(a, siteurl: str) -> dict:
    return {
        "id": a.slug, "nom": a.name, "type": a.kind, "resume": a.summary, "quartier": a.neighbourhood,
        "url": f"{siteurl}/associations/{a.slug}/",
        "vcard": f"{siteurl}/associations/{a.slug}/{a.slug}.vcf",
        "adresse": {"rue": a.address.street, "complement": a.address.extra,
                    "code_postal": a.address.postcode, "ville": a.address.city} if a.address else None,
        "gps": list(a.coordinates) if a.coordinates else None,
        "telephone": a.phone, "courriel": a.email, "site": a.website,
        "reseaux": dict(a.social),
        "horaires": {d.name: [[r.start, r.end] for r in d.ranges] for d in a.hours if d.ranges},
        "horaires_note": a.hours_note,
        "sur_rendez_vous": [d.name for d in a.hours if d.status == "sur rendez-vous"],
        "themes": a.themes, "services": a.services, "langues": a.languages,
        **access.open_data(a.accessibility, a.stop),
        "mis_a_jour": a.confirmed_on.isoformat() if a.confirmed_on else None,
    }  # fmt: skip


def session_record(article, occurrence, association, siteurl: str) -> dict:
    event = article.event
    place = occurrence.place or event.place
    ident = event.uid + "/" + (occurrence.recurrence_id.isoformat() if occurrence.recurrence_id else "")
    return {
        "id": ident.rstrip("/"), "evenement": event.uid, "titre": event.title,
        "debut": occurrence.start.isoformat(),
        "fin": occurrence.end.isoformat() if occurrence.end is not None else None,
        "journee_entiere": occurrence.all_day, "statut": STATUS_FR[occurrence.status],
        "modifie": occurrence.moved, "note": occurrence.note,
        "lieu": place.name if place else (association.name if association else None),
        "adresse": place.address if place else (
            ", ".join(association.address.lines()) if association and association.address else None),
        "gps": list(place.coordinates) if place and place.coordinates else (
            list(association.coordinates) if association and association.coordinates and not place else None),
        "en_ligne": event.online,
        "association": article.association,
        "url": f"{siteurl}/{article.url}",
        "ics": f"{siteurl}/associations/{article.association}/agenda/{article.slug}.ics",
        "themes": list(event.themes or getattr(article, "themes", []) or []),
        "public": list(event.audience), "prix": event.price, "inscription": event.registration,
        **access.open_data(*access.of_event(event, association)[:2]),
    }  # fmt: skip


def write(generator, options: dict) -> None:
    state = portal(generator.context, generator.settings)
    siteurl, today = generator.siteurl, state.config.today
    header = {
        "version": VERSION, "licence": options["licence"], "licence_url": options["licence_url"],
        "source": f"{siteurl}/", "genere_le": today.isoformat(),
    }  # fmt: skip
    associations = [association_record(a, siteurl) for a in state.directory.sorted()]
    sessions = []
    until = today + dt.timedelta(days=options["open_data_days"])
    for event in state.agenda.events if state.agenda else []:
        association = state.directory.associations.get(event.article.association)

        def records(event=event, association=association) -> list[dict]:
            return [session_record(event.article, occurrence, association, siteurl)
                    for occurrence in event.occurrences
                    if occurrence.last_day >= today and occurrence.day <= until]  # fmt: skip

        # Each event's records are made again only when it (or its card) changed.
        sessions += remember(generator, "opendata-seances", (event, association, siteurl, today, until), records)
    sessions.sort(key=lambda s: (s["debut"][:10], s["journee_entiere"] is False, s["debut"], s["id"]))
    files = {
        "donnees/associations.json": {**header, "associations": associations},
        "donnees/agenda.json": {**header, "seances": sessions},
        f"donnees/schemas/associations-{VERSION}.schema.json": _envelope("associations", ASSOCIATION_SCHEMA,
                                                                          "associations", siteurl),
        f"donnees/schemas/agenda-{VERSION}.schema.json": _envelope("agenda", SESSION_SCHEMA, "seances", siteurl),
    }  # fmt: skip
    for name, data in files.items():
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
        write_output_file(generator, name, text)
