"""No metadata at all in stored or published images: comments (JPEG COM,
GIF comment), EXIF, XMP, ICC profiles, PNG text chunks are all gone, read
back segment by segment (not through Pillow, which hides some of them)."""

import io
import struct

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from bridge.photos import clean_photo
from placette.build import images

SECRET = b"Pris chez Mme Dupont, 3 rue des Lilas"


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """(marker, payload) of every segment before the image data."""
    assert data[:2] == b"\xff\xd8"
    found, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, i
        marker = data[i + 1]
        if marker == 0xDA:  # start of scan: the pixels follow
            break
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        found.append((marker, data[i + 4 : i + 2 + length]))
        i += 2 + length
    return found


def jpeg_metadata(data: bytes) -> list[str]:
    kept = []
    for marker, payload in jpeg_segments(data):
        if marker == 0xFE:
            kept.append(f"COM {payload[:40]!r}")
        elif 0xE1 <= marker <= 0xEF:
            kept.append(f"APP{marker - 0xE0} {payload[:20]!r}")
        elif marker == 0xE0 and not payload.startswith(b"JFIF\x00"):
            kept.append(f"APP0 {payload[:20]!r}")
    return kept


def png_metadata(data: bytes) -> list[str]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    kept, i = [], 8
    while i < len(data):
        length, kind = struct.unpack(">I4s", data[i : i + 8])
        if kind not in (b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS"):
            kept.append(kind.decode())
        i += 12 + length
    return kept


def webp_metadata(data: bytes) -> list[str]:
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    kept, i = [], 12
    while i < len(data):
        kind, length = struct.unpack("<4sI", data[i : i + 8])
        if kind not in (b"VP8 ", b"VP8L", b"VP8X", b"ALPH"):
            kept.append(kind.decode())
        i += 8 + length + (length & 1)
    return kept


def metadata(data: bytes) -> list[str]:
    if data[:2] == b"\xff\xd8":
        return jpeg_metadata(data)
    if data[:4] == b"\x89PNG":
        return png_metadata(data)
    return webp_metadata(data)


def icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def jpeg_with_everything(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (46.0, 34.0, 52.0), 3: "E", 4: (0.0, 20.0, 31.0)}
    Image.new("RGB", size, (90, 140, 200)).save(out, "JPEG", comment=SECRET, exif=exif, icc_profile=icc(),
                                                xmp=b"<x:xmpmeta>" + SECRET + b"</x:xmpmeta>")  # fmt: skip
    return out.getvalue()


def gif_with_comment(size=(300, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("P", size, 3).save(out, "GIF", comment=SECRET)
    return out.getvalue()


def png_with_text(size=(300, 200)) -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", SECRET.decode())
    info.add_itxt("Author", "Mme Dupont")
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 30, 128)).save(out, "PNG", pnginfo=info, icc_profile=icc())
    return out.getvalue()


SOURCES = {"jpeg": jpeg_with_everything, "gif": gif_with_comment, "png": png_with_text}


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_the_sources_really_carry_metadata(kind):
    """The test images are what a phone or an editor sends (else the tests prove nothing)."""
    data = SOURCES[kind]()
    assert SECRET in data or kind == "png"  # PNG's iTXt may be compressed
    if kind != "gif":
        assert metadata(data)


@pytest.mark.parametrize("kind", sorted(SOURCES))
def test_the_bridge_stores_no_metadata(kind):
    stored = clean_photo(SOURCES[kind]())
    assert metadata(stored) == [] and SECRET not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.info.get("comment") and not image.getexif()


@pytest.mark.parametrize("kind, name", [("jpeg", "p.jpg"), ("gif", "p.gif"), ("png", "p.png")])
def test_published_images_carry_no_metadata(kind, name, tmp_path):
    source = tmp_path / name
    source.write_bytes(SOURCES[kind]((1300, 800)))
    info, folder = images.process(source, f"associations/a/images/{name}", tmp_path / "cache")
    assert len(info.files()) >= 4
    for published in info.files():
        data = (folder / published).read_bytes()
        assert metadata(data) == [], published
        assert SECRET not in data, published


def _s15(x: float) -> bytes:
    return struct.pack(">i", round(x * 65536))


def _xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + b"\0" * 4 + _s15(x) + _s15(y) + _s15(z)


def swapped_profile() -> bytes:
    """A small RGB matrix profile whose red and green primaries are sRGB's
    green and red: a colour-managed reader shows its red as green."""
    red, green, blue = (0.3851, 0.7169, 0.0971), (0.4361, 0.2225, 0.0139), (0.1431, 0.0606, 0.7141)
    text = b"swapped\0"
    gamma = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 563)  # 2.2
    tags = [(b"desc", b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 81),
            (b"wtpt", _xyz(0.9642, 1.0, 0.8249)), (b"rXYZ", _xyz(*red)), (b"gXYZ", _xyz(*green)),
            (b"bXYZ", _xyz(*blue)), (b"rTRC", gamma), (b"gTRC", gamma), (b"bTRC", gamma)]  # fmt: skip
    offset, table, body = 128 + 4 + 12 * len(tags), b"", b""
    for signature, data in tags:
        body += b"\0" * (-(offset + len(body)) % 4)
        table += signature + struct.pack(">II", offset + len(body), len(data))
        body += data
    header = (struct.pack(">I", offset + len(body)) + b"lcms" + bytes([2, 0x10, 0, 0]) + b"mntrRGB XYZ "
              + b"\0" * 12 + b"acspAPPL" + b"\0" * 24 + _s15(0.9642) + _s15(1.0) + _s15(0.8249) + b"\0" * 48)  # fmt: skip
    return header + struct.pack(">I", len(tags)) + table + body


def test_a_colour_profile_is_applied_before_it_is_dropped(tmp_path):
    """Dropping a profile without applying it would change the colours people see."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, "JPEG", quality=95, icc_profile=swapped_profile())
    stored = clean_photo(out.getvalue())
    with Image.open(io.BytesIO(stored)) as image:
        red, green, _ = image.getpixel((10, 10))
    assert green > 150 and red < 80 and metadata(stored) == []
    source = tmp_path / "p.jpg"
    source.write_bytes(out.getvalue())
    info, folder = images.process(source, "a/p.jpg", tmp_path / "cache")
    with Image.open(folder / info.path) as published:
        red, green, _ = published.getpixel((10, 10))
    assert green > 150 and red < 80
