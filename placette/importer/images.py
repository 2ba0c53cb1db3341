"""A news item's image, from a source whose card allows it (`images: oui`):
fetched by the same polite fetcher as the feed (and the same address checks),
accepted only if Pillow reads it as a photo (by its content: never by its
name or the server's Content-Type), then re-encoded exactly as the bridge's
photos (bridge/photos.py: upright, only the pixels kept, 1600 px at most).

An image is fetched once per address: the state of the item remembers the
address and what came of it (the cleaned file, kept outside git in
<data>/import/images/, or why it was refused). The next import of the item
reads neither the image nor its address again; a new address is fetched.
A refusal that may not last (no answer, a server error) is tried again."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from bridge.photos import MAX_PIXELS, PhotoError, clean_photo

from .items import Item, Refused, Retry

MAX_BYTES = 10 * 1024 * 1024  # as a photo sent from a phone
MIN_SIDE = 32  # smaller: an icon or a tracking pixel, not the item's image
FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "MPO")  # what the bridge's photos accept (HEIF needs a plugin)


@dataclass
class Picture:
    name: str  # file name in the association's images/
    data: bytes  # re-encoded JPEG
    alt: str
    alt_from_feed: bool


def file_name(address: str) -> str:
    """The same address always gives the same file: the item's file does not change when nothing did."""
    return f"import-{hashlib.sha256(address.encode()).hexdigest()[:16]}.jpg"


def clean(data: bytes) -> bytes:
    """The image re-encoded as the bridge's photos; Refused with the reason in French."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height, kind = image.width, image.height, image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(f"l'image annonce bien trop de pixels (au plus {MAX_PIXELS // 1_000_000} millions) : une "
                      "« bombe de décompression »") from None  # fmt: skip
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        if b"<svg" in data[:4096].lower():  # Pillow reads no SVG: said, so that nobody asks for one
            raise Refused("c'est une image SVG : jamais reprise (elle peut contenir des scripts)") from None
        raise Refused("ce n'est pas une image (JPEG, PNG, WebP ou GIF attendu)") from None
    if kind not in FORMATS:
        raise Refused(f"image au format {kind} : JPEG, PNG, WebP ou GIF attendu")
    if width * height > MAX_PIXELS:
        raise Refused(f"l'image a {width} × {height} pixels : au plus {MAX_PIXELS // 1_000_000} millions")
    if min(width, height) < MIN_SIDE:
        raise Refused(f"l'image est trop petite ({width} × {height} pixels : une icône ou un pixel espion)")
    try:
        return clean_photo(data)
    except PhotoError as error:
        raise Refused(str(error)) from None


class Images:
    """The images of one run: `fetch_one(address) -> bytes` is the polite fetcher."""

    def __init__(self, cache: Path, fetch_one, published: Path | None = None):
        self.cache = cache
        self.fetch_one = fetch_one
        self.published = published  # the association's images/ folder in the checkout of main

    def picture(self, item: Item, entry: dict) -> tuple[Picture | None, str | None]:
        """(the item's picture or None, why it has none when that is news for the report)."""
        if not item.image:
            entry.pop("image", None)
            return None, None
        alt_from_feed = bool(item.image_alt and item.image_alt.strip())
        alt = (item.image_alt or "").strip() if alt_from_feed else item.title
        name = file_name(item.image)
        known = entry.get("image") or {}
        if known.get("adresse") == item.image:
            if known.get("refus"):
                return None, None  # said in the report when it was refused; not fetched again
            data = self._kept(name)
            if data is not None:
                return Picture(name, data, alt, alt_from_feed), None
        try:
            data = clean(self.fetch_one(item.image))
        except Retry as error:
            entry.pop("image", None)  # tried again at the next import
            return None, str(error)
        except Refused as error:
            entry["image"] = {"adresse": item.image, "refus": str(error)}
            return None, str(error)
        self.cache.mkdir(parents=True, exist_ok=True)
        (self.cache / name).write_bytes(data)
        entry["image"] = {"adresse": item.image, "fichier": name}
        return Picture(name, data, alt, alt_from_feed), None

    def _kept(self, name: str) -> bytes | None:
        for folder in (self.cache, self.published):
            if folder is not None and (folder / name).is_file():
                return (folder / name).read_bytes()
        return None
