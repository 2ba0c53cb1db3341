"""Photos sent from a phone: accepted only if Pillow decodes them as images
(by content, never by file name), capped in pixels and bytes, turned upright,
stripped of every metadata (GPS!) and re-encoded small."""

from __future__ import annotations

import io

from PIL import Image, ImageOps

from placette.build.images import plain_pixels
from placette.i18n.lazy import lazy

MAX_PIXELS = 40_000_000
MAX_SIDE = 1600


class PhotoError(ValueError):
    pass


def clean_photo(data: bytes) -> bytes:
    if not data:
        raise PhotoError(lazy("le fichier est vide"))
    previous = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in ("JPEG", "PNG", "WEBP", "GIF", "MPO", "HEIF"):
                raise PhotoError(lazy("ce fichier n'est pas une photo (JPEG, PNG ou WebP attendu)"))
            image.load()
            upright = plain_pixels(ImageOps.exif_transpose(image)).convert("RGB")
    except PhotoError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoError(lazy("ce fichier n'est pas une photo lisible (JPEG, PNG ou WebP attendu)")) from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.LANCZOS)
    upright.info = {}  # nothing but pixels: no comment, profile or EXIF is written
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()
