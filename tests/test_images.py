"""Published images: no metadata ever leaves the build, sizes fit screens."""

import io
import re

import pytest
from PIL import Image

from placette.build import images
from tests.conftest import ROOT, build_site


def photo(path, size=(1200, 900), orientation=6, gps=True):
    image = Image.new("RGB", size, (120, 170, 90))
    exif = Image.Exif()
    exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (46.0, 34.0, 52.0), 3: "E", 4: (0.0, 20.0, 31.0)}
    image.save(path, "JPEG", exif=exif)
    return path


def has_metadata(path) -> bool:
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif()) or b"Exif" in data or "exif" in image.info or "xmp" in image.info


def test_process_strips_metadata_and_applies_orientation(tmp_path):
    source = photo(tmp_path / "p.jpg")
    info, folder = images.process(source, "associations/a/images/p.jpg", tmp_path / "cache")
    assert (info.width, info.height) == (900, 1200)  # turned as the camera said
    assert [v.width for v in info.variants] == [320, 640, 900]
    for name in info.files():
        assert not has_metadata(folder / name), name
    with Image.open(folder / "associations/a/images/p-320.webp") as small:
        assert small.format == "WEBP" and small.size == (320, 427)


def test_process_is_cached_by_content(tmp_path):
    source = photo(tmp_path / "p.jpg")
    _, first = images.process(source, "x/p.jpg", tmp_path / "cache")
    stamp = (first / "x/p.jpg").stat().st_mtime_ns
    _, second = images.process(source, "x/p.jpg", tmp_path / "cache")
    assert first == second and (second / "x/p.jpg").stat().st_mtime_ns == stamp
    photo(source, size=(800, 600))
    _, third = images.process(source, "x/p.jpg", tmp_path / "cache")
    assert third != first


def test_broken_and_bomb_images_are_refused(tmp_path, monkeypatch):
    broken = tmp_path / "b.jpg"
    broken.write_bytes(b"\xff\xd8 not really a jpeg")
    with pytest.raises(images.ImageError, match="illisible"):
        images.process(broken, "b.jpg", tmp_path / "cache")
    big = photo(tmp_path / "big.jpg", size=(2000, 2000), gps=False)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(images.ImageError, match="trop grande"):
        images.process(big, "big.jpg", tmp_path / "cache")


def test_no_image_in_the_demo_output_carries_metadata(demo_build):
    published = [p for p in demo_build.output.rglob("*") if p.suffix in (".jpg", ".jpeg", ".png", ".webp")]
    assert len(published) > 50
    assert [p for p in published if has_metadata(p)] == []
    # the demo has a phone photo with GPS coordinates in its source folder
    assert has_metadata(ROOT / "associations/jardin-partage-des-lavandieres/images/semis-avec-gps.jpg")


def test_pages_use_responsive_images(demo_build):
    html = demo_build.read(
        "associations/jardin-partage-des-lavandieres/actualites/2026-03-14-le-jardin-rouvre/index.html"
    )
    body_picture = re.search(r'<picture><source type="image/webp" srcset="[^"]*semis-avec-gps-320\.webp 320w[^"]*"[^>]*>'
                             r'<img [^>]*width="900" height="1200"[^>]*loading="lazy"', html)  # fmt: skip
    assert body_picture, "the body photo is a lazy <picture> with its size"
    logo = demo_build.read("associations/la-rustine/index.html")
    assert re.search(r'<img src="[^"]*la-rustine/images/logo.png"[^>]*width="256" height="256"[^>]*class="logo"', logo)
    assert 'loading="lazy"' not in logo.split('class="logo"')[0].rsplit("<picture>", 1)[1]


def test_a_broken_image_is_a_check_error_and_not_a_build_failure(scratch_site, tmp_path):
    from placette.cli import check
    from placette.model.settings import read_pelican_settings

    (scratch_site / "associations/jardin-des-tilleuls/images/logo.png").write_bytes(b"\x89PNG broken")
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(scratch_site)
    problems, _ = check.check(settings)
    assert any("logo : image illisible" in str(p) for p in problems)
    build = build_site(scratch_site, tmp_path / "out")
    assert any("logo.png : image illisible" in m for m in build.errors())
    page = (build.output / "associations/jardin-des-tilleuls/index.html").read_text()
    assert "<h1><bdi>Jardin des Tilleuls</bdi></h1>" in page and 'class="logo"' not in page


def test_body_image_must_exist(scratch_site):
    from placette.model.documents import read_document
    from placette.model.settings import portal_config, read_pelican_settings

    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(scratch_site)
    path = scratch_site / "associations/atelier-velo/actualites/2026-04-02-bourse-aux-velos.md"
    path.write_text(path.read_text() + "\n![Un vélo](images/absent.jpg)\n")
    _, item, problems = read_document(path, portal_config(settings))
    assert item is None and any("image « images/absent.jpg » : fichier introuvable" in str(p) for p in problems)
