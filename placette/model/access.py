"""Places described for everyone: what a visitor with a disability needs to
know about a place (an association's card) or an event, as data.

A fixed vocabulary, the same on every portal: each label is a promise whose
meaning is written here once, shown to residents with words (never an icon
alone), explained to volunteers by `make check` and the bridge, and mapped to
schema.org for search engines and to the open data. The nearest public
transport stop and its distance are a separate block (`arret:`).

Labels of earlier versions of the portal still read (ALIASES): an old file
keeps working and is shown with today's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from placette.model import fields as F
from placette.model.access_vocabulary import ALIASES, BY_LABEL, FEATURES, LABELS, Feature
from placette.model.problems import FieldError
from placette.model.schema import Field, record

__all__ = ["ALIASES", "BY_LABEL", "FEATURES", "LABELS", "Feature", "Stop", "stop"]
WALK_METRES_PER_MINUTE = 50  # a slow pace (3 km/h): the time said is the one of someone who walks with difficulty
MAX_DISTANCE = 5000


@dataclass(frozen=True)
class Stop:
    name: str  # « Mairie (bus 3) »
    distance: int  # metres from the stop to the entrance, on foot

    @property
    def minutes(self) -> int:
        return max(1, -(-self.distance // WALK_METRES_PER_MINUTE))

    def sentence(self) -> str:
        return f"{self.name} : {self.distance} m à pied, environ {self.minutes} min en marchant lentement"


def distance(value: Any, ctx: F.Context) -> int:
    """Metres: « 150 » or « 150 m »."""
    found = re.fullmatch(r"(\d{1,6})\s*(m|mètres?|metres?)?", F._expect_text(value).strip().lower())
    if found is None:
        raise FieldError(f"« {value} » n'est pas une distance (attendu un nombre de mètres, par exemple 150)")
    metres = int(found.group(1))
    if metres > MAX_DISTANCE:
        raise FieldError(f"{metres} m : c'est plus de {MAX_DISTANCE} m ; donnez l'arrêt le plus proche")
    return metres


distance.write = str
STOP_FIELDS = [
    Field("nom", "name", F.text(80), required=True, help="le nom de l'arrêt et la ligne, ex. « Mairie (bus 3) »"),
    Field("distance", "distance", distance, required=True, help="en mètres, de l'arrêt à l'entrée, ex. 150"),
]
stop = record(STOP_FIELDS, Stop)


def explained() -> str:
    """The vocabulary said to a volunteer (make check, docs)."""
    return " ; ".join(f"« {f.label} » : {f.explanation}" for f in FEATURES)


def of_event(event, association) -> tuple[list[str], Stop | None, bool]:
    """What an event says about its place: its own data, else (held at its
    association's address) the association's. The flag says it was inherited."""
    if event.accessibility or getattr(event, "stop", None) or event.place is not None or event.online:
        return list(event.accessibility), getattr(event, "stop", None), False
    if association is None:
        return [], None, False
    return list(association.accessibility), association.stop, bool(association.accessibility or association.stop)


def amenity_features(labels: list[str], stop_value: Stop | None) -> list[dict]:
    """schema.org LocationFeatureSpecification of a Place (amenityFeature)."""
    found = [{"@type": "LocationFeatureSpecification", "name": label, "description": BY_LABEL[label].explanation,
              "value": True} for label in labels if label in BY_LABEL]  # fmt: skip
    if stop_value is not None:
        found.append({"@type": "LocationFeatureSpecification", "name": f"Arrêt le plus proche : {stop_value.name}",
                      "value": stop_value.distance, "unitCode": "MTR", "unitText": "mètres à pied"})  # fmt: skip
    return found


def open_data(labels: list[str], stop_value: Stop | None) -> dict:
    return {"accessibilite": list(labels),
            "arret": {"nom": stop_value.name, "distance_m": stop_value.distance} if stop_value else None}  # fmt: skip
