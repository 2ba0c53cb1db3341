"""The map of the actors (/carte/, plugins/placette_map): the projection, the
markers of a real build, the plan of an event, and `make check`'s warning for a
place outside the plan."""

from __future__ import annotations

import re

import pytest

from placette.model.plan import PlanError, Spot, group_spots, parse_bounds, project, svg_size
from placette.model.settings import read_pelican_settings
from tests.conftest import ROOT, build_site

BBOX = [46.58, 0.34, 46.59, 0.35]
PLAN = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300"><rect width="400" height="300"/></svg>'
OUTSIDE = (46.7, 0.341)  # 12 km north of the plan


def expected(lat: float, lon: float, bbox=BBOX) -> tuple[float, float]:
    """Percent from the left and the top edges, computed from the box alone."""
    lat_min, lon_min, lat_max, lon_max = bbox
    return (lon - lon_min) / (lon_max - lon_min) * 100, (lat_max - lat) / (lat_max - lat_min) * 100


@pytest.mark.parametrize("lat", [46.58, 46.5812, 46.585, 46.5899, 46.59])
@pytest.mark.parametrize("lon", [0.34, 0.3421, 0.345, 0.3493, 0.35])
def test_a_point_inside_the_box_lands_where_the_box_says(lat, lon):
    spot = project((lat, lon), parse_bounds(BBOX))
    left, top = expected(lat, lon)
    assert spot == Spot(round(left, 2), round(top, 2))


def test_the_corners_of_the_box_are_the_corners_of_the_plan():
    assert project((46.59, 0.34), parse_bounds(BBOX)) == Spot(0, 0)  # north-west: top left
    assert project((46.58, 0.35), parse_bounds(BBOX)) == Spot(100, 100)  # south-east: bottom right
    assert project((46.58, 0.34), parse_bounds(BBOX)) == Spot(0, 100)


@pytest.mark.parametrize("point", [(46.5799, 0.345), (46.5901, 0.345), (46.585, 0.3399), (46.585, 0.3501),
                                   OUTSIDE, (0.345, 46.585), None])  # fmt: skip
def test_a_point_outside_the_box_or_none_has_no_spot(point):
    assert project(point, parse_bounds(BBOX)) is None


@pytest.mark.parametrize("value", [None, "46.58", [46.59, 0.34, 46.58, 0.35], [1, 2, 3], ["a", 0, 1, 2]])
def test_a_wrong_box_is_explained_in_french(value):
    with pytest.raises(PlanError, match=r"MAP\['bbox'\].*lat_min"):
        parse_bounds(value)


def test_the_plan_keeps_the_proportions_of_its_viewbox():
    assert svg_size(PLAN, "plan.svg") == (400.0, 300.0)
    with pytest.raises(PlanError, match="viewBox"):
        svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', "plan.svg")


def test_markers_that_would_cover_each_other_are_drawn_together():
    spots = [("a", Spot(50, 10)), ("b", Spot(54, 12)), ("c", Spot(50, 50)), ("d", Spot(50, 30))]
    groups = group_spots(spots, ratio=1.0)
    assert [g.members for g in groups] == [["a", "b"], ["c"], ["d"]]
    assert groups[0].spot == Spot(50, 10)  # anchored at its first member
    # a tall plan: 6 % of its height is 12 % of its width, far enough apart
    assert [g.members for g in group_spots([("a", Spot(50, 10)), ("b", Spot(50, 16))], ratio=2.0)] == [["a"], ["b"]]
    # a row that grows into a third marker takes it, in the list's order
    row = group_spots([("a", Spot(40, 50)), ("c", Spot(55, 50)), ("b", Spot(45, 50))], ratio=1.0)
    assert [g.members for g in row] == [["a", "c", "b"]]


@pytest.mark.parametrize("seed", range(20))
def test_no_two_groups_overlap_however_crowded(seed):
    import random

    rng = random.Random(seed)
    items = [(i, Spot(round(rng.uniform(0, 100), 2), round(rng.uniform(0, 100), 2))) for i in range(60)]
    groups = group_spots(items, ratio=1.3)
    assert sorted(m for g in groups for m in g.members) == list(range(60))  # none lost, none twice
    for g in groups:
        assert g.members == sorted(g.members)
        assert g.align == ("vers-gauche" if g.spot.left > 66 else "vers-droite" if g.spot.left < 34 else "au-centre")
    boxes = [g.box(1.3) for g in groups]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_the_demo_plan_covers_every_card_and_event():
    from placette.cli.check import check

    notes = []
    problems, _ = check(read_pelican_settings(ROOT / "pelicanconf.py"), notes)
    assert problems == []
    assert [n for n in notes if n.field in ("gps", "lieu.gps")] == []


# -- a real build of a small portal with a plan ------------------------------


@pytest.fixture
def mapped_site(scratch_site):
    (scratch_site / "content" / "carte").mkdir(parents=True, exist_ok=True)  # the mini portal has its own plan
    (scratch_site / "content" / "carte" / "plan.svg").write_bytes(PLAN)
    card = scratch_site / "associations" / "atelier-velo" / "association.yml"
    card.write_text(card.read_text(encoding="utf-8") + f"gps: {OUTSIDE[0]}, {OUTSIDE[1]}\n", encoding="utf-8")
    return scratch_site


MAP = {"plan": "content/carte/plan.svg", "bbox": BBOX, "attribution": "© les contributeurs d'OpenStreetMap (ODbL)"}


def _markers(html: str) -> list[tuple[float, float, list[str]]]:
    found = re.findall(r'<li class="[^"]+" style="left:([\d.]+)%;top:([\d.]+)%">(.*?)</li>', html)
    return [(float(x), float(y), re.findall(r'href="#lieu-(\d+)"', inner)) for x, y, inner in found]


def test_markers_are_placed_from_the_cards_and_the_list_says_hors_du_plan(mapped_site, tmp_path):
    build = build_site(mapped_site, tmp_path / "out", MAP=MAP)
    assert build.errors() == [] and build.warnings() == []
    html = build.read("carte/index.html")
    left, top = expected(46.5812, 0.3421)  # jardin-des-tilleuls' card
    # number 2 in the list (A-Z: Atelier Vélo, Jardin des Tilleuls); Atelier Vélo is outside: no marker
    assert _markers(html) == [(round(left, 2), round(top, 2), ["2"])]
    items = re.findall(r'<li id="lieu-(\d+)">(.*?)</li>', html, re.S)
    assert [n for n, _ in items] == ["1", "2"]
    assert "Atelier Vélo" in items[0][1] and "Hors du plan" in items[0][1]
    assert "Hors du plan" not in items[1][1]
    assert "© les contributeurs d&#39;OpenStreetMap (ODbL)" in html  # the export's licence, under the plan
    # the plan is published as it is, and linked from the menu and the directory
    assert (build.output / "carte" / "plan.svg").read_bytes() == PLAN
    assert 'href="../carte/"' in build.read("associations/index.html")
    assert '<a href="./carte/">Carte</a>' in build.read("index.html")
    # static filter pages: a sub-neighbourhood, a theme, a service
    moulin = build.read("carte/quartiers/le-moulin/index.html")
    assert _markers(moulin) == [] and "Atelier Vélo" in moulin and "Jardin des Tilleuls" not in moulin
    tilleuls = build.read("carte/quartiers/les-tilleuls/index.html")
    assert _markers(tilleuls) == [(round(left, 2), round(top, 2), ["1"])]
    assert (build.output / "carte/services/reparation-de-velos/index.html").exists()
    # the event at the garden shows its place; the plan names it in its text alternative
    event = build.read("associations/jardin-des-tilleuls/agenda/fete-des-recoltes/index.html")
    assert f'style="left:{round(left, 2)}%;top:{round(top, 2)}%"' in event
    assert 'alt="Plan du quartier ; un rond rouge marque le lieu : Jardin des Tilleuls"' in event


def test_an_event_outside_the_plan_has_no_plan_and_check_warns(mapped_site, tmp_path):
    from placette.cli.check import check

    event = mapped_site / "associations" / "jardin-des-tilleuls" / "agenda" / "fete-des-recoltes.md"
    event.write_text(event.read_text(encoding="utf-8").replace("gps: 46.5812, 0.3421", "gps: 46.5812, 0.5"),
                     encoding="utf-8")  # fmt: skip
    build = build_site(mapped_site, tmp_path / "out", MAP=MAP)
    assert "plan-point" not in build.read("associations/jardin-des-tilleuls/agenda/fete-des-recoltes/index.html")
    # an event that names no place is at its association's: on the plan
    assert "plan-point" in build.read("associations/jardin-des-tilleuls/agenda/permanence/index.html")

    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings.update(PATH=str(mapped_site), MAP=MAP)
    notes = []
    problems, _ = check(settings, notes)
    assert problems == []
    bounds = "latitude de 46.58 à 46.59, longitude de 0.34 à 0.35"
    assert [str(n) for n in notes if n.field in ("gps", "lieu.gps")] == [
        f"associations/atelier-velo/association.yml, ligne 9, gps : « 46.7, 0.341 » est hors du plan du quartier "
        f"(content/carte/plan.svg : {bounds}) : ce lieu n'a pas de repère sur la carte (il reste dans la liste, "
        "« hors du plan ») ; vérifiez l'ordre (latitude d'abord, puis longitude) et les chiffres, ou élargissez "
        "MAP['bbox'] dans pelicanconf.py avec un plan qui couvre ce lieu",
        f"associations/jardin-des-tilleuls/agenda/fete-des-recoltes.md, ligne 7, lieu.gps : « 46.5812, 0.5 » est "
        f"hors du plan du quartier (content/carte/plan.svg : {bounds}) : ce lieu n'a pas de repère sur la carte (il "
        "reste dans la liste, « hors du plan ») ; vérifiez l'ordre (latitude d'abord, puis longitude) et les "
        "chiffres, ou élargissez MAP['bbox'] dans pelicanconf.py avec un plan qui couvre ce lieu",
    ]


@pytest.mark.parametrize(
    "setting, warned",
    [({}, None), ({"plan": ""}, None), ({**MAP, "plan": "content/carte/absent.svg"}, "introuvable"),
     ({**MAP, "bbox": [46.59, 0.34, 46.58, 0.35]}, "lat_min < lat_max"),
     ({**MAP, "plan": "content/carte/plan.txt"}, "attendu un fichier .svg")],
)  # fmt: skip
def test_without_a_usable_plan_there_is_no_map_and_a_broken_setting_is_said(mapped_site, tmp_path, setting, warned):
    (mapped_site / "content" / "carte" / "plan.txt").write_text("x")
    build = build_site(mapped_site, tmp_path / "out", MAP=setting)
    assert build.errors() == []
    said = [w for w in build.warnings() if w.startswith("carte : ")]
    assert len(said) == (1 if warned else 0) and all(warned in w for w in said), build.warnings()
    assert not (build.output / "carte").exists()
    assert "/carte/" not in build.read("index.html")
    assert "plan-point" not in build.read("associations/jardin-des-tilleuls/agenda/fete-des-recoltes/index.html")
