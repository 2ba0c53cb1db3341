"""Images as published: oriented, stripped of every metadata (GPS!), resized
to what screens need, in WebP with a JPEG or PNG fallback.

Processing is cached by content hash: an unchanged photo is never re-encoded.
Pillow's decompression-bomb protection stays on; a broken file raises
ImageError with a French message and never stops the build.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

WIDTHS = (320, 640, 1024)
MAX_WIDTH = 1600  # the published "original" is never larger than this
SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
PIPELINE_VERSION = "2"  # bump to re-encode every cached image
MARKER = "placette-image:"  # not Pelican's {…} syntax, which it would try to resolve


class ImageError(Exception):
    pass


@dataclass
class Variant:
    width: int
    webp: str  # output paths, relative to the site root
    fallback: str


@dataclass
class ImageInfo:
    path: str  # the published file (same relative path as the source)
    width: int
    height: int
    variants: list[Variant] = field(default_factory=list)
    length: int = 0  # bytes of the published file (feed enclosures)

    def files(self) -> list[str]:
        names = [self.path]
        for v in self.variants:
            names += [v.webp, v.fallback]
        return sorted(set(names))


_SRGB = ImageCms.createProfile("sRGB")


def plain_pixels(image: Image.Image) -> Image.Image:
    """The pixels alone, in sRGB: a colour profile is applied first, then every
    piece of metadata is left behind (EXIF, XMP, ICC, JPEG and GIF comments,
    PNG text), since Pillow copies some of them from `info` when saving."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK", "L"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            image = ImageCms.profileToProfile(
                image, source, _SRGB, outputMode="RGBA" if image.mode == "RGBA" else "RGB"
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels are kept as they are
    if image.mode == "P" and "transparency" in image.info:
        image = image.convert("RGBA")  # the only useful entry of `info`, applied before it goes
    plain = image.copy()
    plain.info = {}
    return plain


def _stem(relative: str) -> tuple[str, str]:
    base, ext = os.path.splitext(relative)
    return base, ext.lower()


def _save(image: Image.Image, path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "png":
        image.save(path, "PNG", optimize=True)
    elif kind == "webp":
        image.save(path, "WEBP", quality=78, method=4)
    else:
        image.convert("RGB").save(path, "JPEG", quality=80, optimize=True, progressive=True)


def process(source: Path, relative: str, cache: Path) -> tuple[ImageInfo, Path]:
    """Encode `source` (published at `relative`) into the cache; return its
    description and the cache folder holding the files (same relative names)."""
    data = source.read_bytes()
    key = hashlib.sha256(PIPELINE_VERSION.encode() + relative.encode() + data).hexdigest()[:20]
    folder = cache / key
    described = folder / "image.json"
    if described.exists():
        raw = json.loads(described.read_text())
        variants = [Variant(**v) for v in raw["variants"]]
        length = (folder / raw["path"]).stat().st_size
        return ImageInfo(raw["path"], raw["width"], raw["height"], variants, length), folder
    try:
        with Image.open(source) as opened:
            opened.load()
            image = plain_pixels(ImageOps.exif_transpose(opened))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError(f"{relative} : image illisible ou trop grande ({exc})") from None
    base, ext = _stem(relative)
    keeps_transparency = ext in (".png", ".gif") or image.mode in ("RGBA", "LA", "P")
    fallback_kind, fallback_ext = ("png", ".png") if keeps_transparency else ("jpeg", ".jpg")
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if keeps_transparency else "RGB")
    if image.width > MAX_WIDTH:
        image = image.resize((MAX_WIDTH, round(image.height * MAX_WIDTH / image.width)), Image.LANCZOS)
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    # The published original: same name, re-encoded, so nothing of the camera's metadata remains.
    original_kind = {".png": "png", ".webp": "webp", ".gif": "png"}.get(ext, "jpeg")
    published = relative if ext != ".gif" else base + ".png"
    _save(image, tmp / published, original_kind)
    variants = []
    for width in WIDTHS:
        if width >= image.width:
            break
        resized = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
        variant = Variant(width, f"{base}-{width}.webp", f"{base}-{width}{fallback_ext}")
        _save(resized, tmp / variant.webp, "webp")
        _save(resized, tmp / variant.fallback, fallback_kind)
        variants.append(variant)
    full = Variant(image.width, f"{base}-{image.width}.webp", published)
    _save(image, tmp / full.webp, "webp")
    variants.append(full)
    info = ImageInfo(published, image.width, image.height, variants, (tmp / published).stat().st_size)
    (tmp / "image.json").write_text(json.dumps(
        {"path": info.path, "width": info.width, "height": info.height,
         "variants": [v.__dict__ for v in variants]}))  # fmt: skip
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(tmp, folder)
    return info, folder


def picture(
    info: ImageInfo,
    siteurl: str,
    alt: str,
    sizes: str = "(max-width: 48rem) 100vw, 48rem",
    lazy: bool = True,
    css_class: str | None = None,
) -> str:
    """<picture> with WebP and a fallback; width and height always set."""
    prefix = f"{siteurl}/" if siteurl else ""
    webp = ", ".join(f"{prefix}{v.webp} {v.width}w" for v in info.variants)
    fallback = ", ".join(f"{prefix}{v.fallback} {v.width}w" for v in info.variants)
    attributes = [
        f'src="{prefix}{info.path}"',
        f'srcset="{fallback}"', f'sizes="{sizes}"', f'width="{info.width}"', f'height="{info.height}"',
        f'alt="{html.escape(alt, quote=True)}"', 'decoding="async"',
    ]  # fmt: skip
    if lazy:
        attributes.append('loading="lazy"')
    if css_class:
        attributes.append(f'class="{css_class}"')
    return (f'<picture><source type="image/webp" srcset="{webp}" sizes="{sizes}">'
            f"<img {' '.join(attributes)}></picture>")  # fmt: skip


_MARKED_IMG = re.compile(r'<img\b[^>]*\bsrc="' + re.escape(MARKER) + r'([^"]+)"[^>]*>')
_ALT = re.compile(r'\balt="([^"]*)"')


def expand(content: str, registry: dict, siteurl: str, pictures: bool = True) -> str:
    """Replace marked <img> of content with <picture> (pages) or absolute <img> (feeds)."""

    def replace(match: re.Match) -> str:
        relative = match.group(1)
        alt = html.unescape(_ALT.search(match.group(0)).group(1)) if _ALT.search(match.group(0)) else ""
        info = registry.get(relative)
        if info is None:
            return f'<span class="missing-image">{html.escape(alt)}</span>'
        if pictures:
            return picture(info, siteurl, alt)
        prefix = f"{siteurl}/" if siteurl else ""
        return f'<img src="{prefix}{info.path}" width="{info.width}" height="{info.height}" alt="{html.escape(alt, quote=True)}">'

    return _MARKED_IMG.sub(replace, content)


_RELATIVE_IMG = re.compile(r'(<img\b[^>]*\bsrc=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\{)([^"]+)(")')


def mark(content: str, base: str) -> str:
    """In rendered Markdown, relative image paths (images/photo.jpg, written
    relative to the association's folder) become markers that the theme and
    the feeds turn into real addresses."""
    return _RELATIVE_IMG.sub(lambda m: f"{m.group(1)}{MARKER}{base}/{m.group(2)}{m.group(3)}", content)


def referenced(content: str) -> list[str]:
    return re.findall(re.escape(MARKER) + r'([^"]+)"', content)
