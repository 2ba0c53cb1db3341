"""The neighbourhood's plan: its bounding box, where a point falls on it, and
which points are outside it. Pure functions, used by the map plugin, the
event pages and `make check`.

The projection is equirectangular within the bounding box: longitude goes
linearly to x, latitude linearly to y. Over a neighbourhood this is enough:
across a 2 km box at 46° N the scale of a degree of longitude changes by
0.03 %, so a point lands within a metre of where a true projection (or the
Web Mercator of an OpenStreetMap export) puts it, far less than a marker's
width. The plan must be drawn (or exported) north up, covering exactly the box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from placette.model.problems import Problem
from placette.model.settings import plugin_options

DEFAULTS = {
    # The plan's file, relative to the content folder (PATH): an SVG with a
    # viewBox, or a PNG, JPEG or WebP picture. "": no map.
    "plan": "",
    # What the plan shows, north up: [lat_min, lon_min, lat_max, lon_max].
    "bbox": None,
    # Shown under the plan; required by the licence of an OpenStreetMap export.
    "attribution": "",
}
PICTURES = (".png", ".jpg", ".jpeg", ".webp")


class PlanError(ValueError):
    """A map setting or a plan file that cannot be used; the message is French."""


@dataclass(frozen=True)
class Bounds:
    lat_min: float
    lon_min: float
    lat_max: float
    lon_max: float

    def contains(self, coordinates: tuple[float, float]) -> bool:
        lat, lon = coordinates
        return self.lat_min <= lat <= self.lat_max and self.lon_min <= lon <= self.lon_max

    def describe(self) -> str:
        """The box as a volunteer reads it in a message."""
        return f"latitude de {self.lat_min:g} à {self.lat_max:g}, longitude de {self.lon_min:g} à {self.lon_max:g}"


@dataclass(frozen=True)
class Spot:
    """Where a point falls on the plan, in percent of its width and height
    (from its left and top edges): the page scales, the percentages hold."""

    left: float
    top: float


def parse_bounds(value: object) -> Bounds:
    """MAP["bbox"]: [lat_min, lon_min, lat_max, lon_max]."""
    try:
        lat_min, lon_min, lat_max, lon_max = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise PlanError(
            f"MAP['bbox'] : {value!r} n'est pas une boîte ; attendu [lat_min, lon_min, lat_max, lon_max], "
            "par exemple [46.5745, 0.334, 46.589, 0.3505]"
        ) from None
    if not (-90 <= lat_min < lat_max <= 90 and -180 <= lon_min < lon_max <= 180):
        raise PlanError(
            f"MAP['bbox'] : {list(value)!r} : il faut lat_min < lat_max et lon_min < lon_max "  # type: ignore[call-overload]
            "(latitudes entre -90 et 90, longitudes entre -180 et 180)"
        )
    return Bounds(lat_min, lon_min, lat_max, lon_max)


def project(coordinates: tuple[float, float] | None, bounds: Bounds) -> Spot | None:
    """The spot of (latitude, longitude) on the plan; None outside it (or without coordinates)."""
    if coordinates is None or not bounds.contains(coordinates):
        return None
    lat, lon = coordinates
    left = (lon - bounds.lon_min) / (bounds.lon_max - bounds.lon_min) * 100
    top = (bounds.lat_max - lat) / (bounds.lat_max - bounds.lat_min) * 100
    return Spot(round(left, 2), round(top, 2))


_VIEWBOX = re.compile(
    rb"""<svg\b[^>]*?\bviewBox\s*=\s*["']\s*([-\d.eE+]+)[\s,]+([-\d.eE+]+)[\s,]+([\d.eE+]+)[\s,]+([\d.eE+]+)"""
)


def svg_size(data: bytes, name: str) -> tuple[float, float]:
    """(width, height) of an SVG plan, from its viewBox: the page keeps its proportions."""
    match = _VIEWBOX.search(data[:4096])
    if not match:
        raise PlanError(f"{name} : le plan doit être un fichier SVG avec un attribut viewBox sur sa balise <svg>")
    width, height = float(match.group(3)), float(match.group(4))
    if width <= 0 or height <= 0:
        raise PlanError(f"{name} : la largeur et la hauteur du viewBox doivent être positives")
    return width, height


def outside(file: str, line: int | None, field: str, coordinates: tuple[float, float], bounds: Bounds,
            plan: str) -> Problem:  # fmt: skip
    """The warning for a point the plan does not show (`make check`)."""
    lat, lon = coordinates
    return Problem(
        file, line, field,
        f"« {lat:g}, {lon:g} » est hors du plan du quartier ({plan} : {bounds.describe()}) : "
        "ce lieu n'a pas de repère sur la carte (il reste dans la liste, « hors du plan »)",
        "vérifiez l'ordre (latitude d'abord, puis longitude) et les chiffres, "
        "ou élargissez MAP['bbox'] dans pelicanconf.py avec un plan qui couvre ce lieu",
    )  # fmt: skip


# A marker on a 320 px screen, in percent of the plan's width: 1.7rem (27.2 px)
# on a 288 px plan, 2 px apart, three to a row (themes/placette/static/css/placette.css).
MARKER, GAP, PER_ROW = 9.5, 0.7, 3


@dataclass
class Group:
    """Markers drawn together, in a row from the spot of the first one."""

    spot: Spot
    members: list

    @property
    def align(self) -> str:
        """Which way the row grows, so that it stays on the plan (a CSS class)."""
        if self.spot.left > 66:
            return "vers-gauche"
        return "vers-droite" if self.spot.left < 34 else "au-centre"

    def box(self, ratio: float) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) it covers at 320 px, in percent of the plan's width."""
        columns = min(len(self.members), PER_ROW)
        rows = -(-len(self.members) // PER_ROW)
        width, height = columns * (MARKER + GAP) - GAP, rows * (MARKER + GAP) - GAP
        x, y = self.spot.left, self.spot.top * ratio
        left = {"au-centre": x - width / 2, "vers-droite": x - MARKER / 2}.get(self.align, x + MARKER / 2 - width)
        return left, y - height / 2, left + width, y + height / 2


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[2] + GAP and b[0] < a[2] + GAP and a[1] < b[3] + GAP and b[1] < a[3] + GAP


def group_spots(items: list[tuple[object, Spot]], ratio: float) -> list[Group]:
    """Gather markers that would cover each other on a 320 px screen into rows
    (`ratio` = the plan's height / width: a vertical gap is measured in the
    same unit). A group that grows is checked again against the others, until
    no two overlap. Order is kept; each group starts at its first member's spot."""
    order = {id(item): i for i, (item, _) in enumerate(items)}
    groups: list[Group] = []
    for item, spot in items:
        group = Group(spot, [item])
        groups.append(group)
        while True:
            other = next((g for g in groups if g is not group and _overlap(g.box(ratio), group.box(ratio))), None)
            if other is None:
                break
            first, second = sorted((other, group), key=groups.index)
            first.members = sorted(first.members + second.members, key=lambda m: order[id(m)])
            groups.remove(second)
            group = first
    return groups


@dataclass(frozen=True)
class Plan:
    """The plan a portal ships, as its pages show it."""

    name: str  # as written in MAP["plan"]
    source: str  # absolute path of the file
    bounds: Bounds
    width: float
    height: float
    attribution: str
    url: str  # where the build publishes it, relative to the site

    @property
    def ratio(self) -> float:
        return self.height / self.width


def load_plan(settings: dict, root: Path) -> Plan | None:
    """The MAP setting and its file; None when the portal has no plan.
    Raises PlanError (in French) when the setting or the file is wrong."""
    options = plugin_options(settings, "MAP", DEFAULTS)
    name = str(options["plan"] or "").strip()
    if not name:
        return None
    bounds = parse_bounds(options["bbox"])
    path = (root / name).resolve()
    suffix = path.suffix.lower()
    if suffix not in (".svg", *PICTURES):
        raise PlanError(f"MAP['plan'] : « {name} » : attendu un fichier .svg, .png, .jpg ou .webp")
    try:
        data = path.read_bytes()
    except OSError:
        raise PlanError(f"MAP['plan'] : le plan « {name} » est introuvable dans {root} ; "
                        "la carte du quartier n'est pas construite") from None  # fmt: skip
    if suffix == ".svg":
        width, height = svg_size(data, name)
    else:
        width, height = _picture_size(path, name)
    return Plan(name, str(path), bounds, width, height, str(options["attribution"] or ""), f"carte/plan{suffix}")


def _picture_size(path: Path, name: str) -> tuple[float, float]:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            return float(image.width), float(image.height)
    except (OSError, UnidentifiedImageError):
        raise PlanError(f"MAP['plan'] : « {name} » n'est pas une image lisible") from None


def _gps_fields(path: Path) -> list[tuple[str, int | None, object]]:
    """(field as written, line, value) of the coordinates a card or an event file gives."""
    from placette.model import frontmatter, yamlload

    try:
        data = path.read_bytes()
    except OSError:
        return []
    if path.suffix in (".yml", ".yaml"):
        try:
            mapping, _ = yamlload.load_all(yamlload.decode(data))
        except yamlload.YamlError:
            return []
        return [("gps", mapping.lines.get("gps"), mapping["gps"])] if mapping and "gps" in mapping else []
    document, _ = frontmatter.split(data, path.name)
    place = document.header.get("lieu") if document else None
    if isinstance(place, yamlload.LineDict) and "gps" in place:
        return [("lieu.gps", place.lines.get("gps"), place["gps"])]
    return []


def plan_warnings(plan: Plan, root: Path, files: list[str]) -> list[Problem]:
    """`make check`: each card or event (files relative to `root`) whose valid
    coordinates fall outside the plan, with the line of its « gps: »."""
    from placette.model.fields import coordinates

    found = []
    for file in files:
        for label, line, value in _gps_fields(root / file):
            try:
                point = coordinates(value, None)
            except (ValueError, TypeError):
                continue  # said by the validator, as an error
            if not plan.bounds.contains(point):
                found.append(outside(file, line, label, point, plan.bounds, plan.name))
    return found
