"""Link previews: the 1200×630 picture a messaging app or a social network
shows when someone pastes the address of an event or a news item.

The card says what a resident needs at a glance on a phone's small preview:
the title, the date and time in French (« samedi 5 décembre, 10 h – 12 h 30 »),
the place, the association's name with its photo or logo, and ANNULÉ in red
for a cancelled event. Fonts are DejaVu from Debian's fonts-dejavu-core
(never fetched from another host); Arabic titles are shaped by Pillow's raqm
layout (libfribidi, installed with Pango).

Deterministic: the same card gives the same bytes (JPEG with fixed encoder
options, no metadata), and each card is cached by the hash of everything it
shows (like placette/build/images.py), so an unchanged card is never drawn
again, even by a clean build.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, ImageOps

from placette.build.images import plain_pixels
from placette.model.dates import unbroken_times

WIDTH, HEIGHT = 1200, 630
VERSION = "1"  # bump to draw every cached card again
FONT_FOLDER = "/usr/share/fonts/truetype/dejavu"
FONTS = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}

ACCENT, INK, MUTED, SOFT, RED = "#0b5d8f", "#1d1d1f", "#4a4a55", "#f2f5f7", "#a4161a"
MARGIN, PICTURE = 60, 330  # the picture is a square on the right


_CODE = Path(__file__).read_bytes()


class PreviewError(Exception):
    """Previews cannot be drawn (fonts missing); the message is French."""


@dataclass(frozen=True)
class Card:
    """Everything a preview shows; its digest names the cached file."""

    title: str
    kind: str  # « Agenda », « Actualité », or the portal's subtitle
    when: str = ""  # « samedi 5 décembre, 10 h – 12 h 30 »
    place: str = ""
    author: str = ""  # the association's name
    site: str = ""  # the portal's name
    status: str = ""  # « ANNULÉ », « REPORTÉ », « COMPLET »
    rtl: bool = False  # the title is in a right-to-left language
    picture: str = ""  # a source image (path), drawn on the right
    logo: bool = False  # the picture is a logo: shown whole, never cropped


class Fonts:
    """DejaVu Sans regular and bold at any size, from one folder."""

    def __init__(self, folder: str = FONT_FOLDER):
        self.paths = {style: os.path.join(folder, name) for style, name in FONTS.items()}
        missing = [p for p in self.paths.values() if not os.path.isfile(p)]
        if missing:
            raise PreviewError(
                f"aperçus des liens non créés : police introuvable ({', '.join(missing)}). "
                "Installez-la avec « sudo apt-get install fonts-dejavu-core » "
                "ou indiquez son dossier dans le réglage SHARE['font_folder'] (pelicanconf.py)."
            )
        digest = hashlib.sha256()
        for style in sorted(self.paths):
            digest.update(Path(self.paths[style]).read_bytes())
        self.digest = digest.hexdigest()
        self._loaded: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}

    def __call__(self, style: str, size: int) -> ImageFont.FreeTypeFont:
        key = (style, size)
        if key not in self._loaded:
            self._loaded[key] = ImageFont.truetype(self.paths[style], size)
        return self._loaded[key]


def card_key(card: Card, fonts: Fonts, picture: bytes | None) -> str:
    digest = hashlib.sha256()
    for part in (VERSION, PIL.__version__, fonts.digest, json.dumps(asdict(card), sort_keys=True)):
        digest.update(part.encode() + b"\0")
    digest.update(_CODE)  # this drawing code: a change of layout draws every card again
    digest.update(picture or b"")
    return digest.hexdigest()[:24]


def preview(card: Card, fonts: Fonts, root: Path, cache: Path) -> bytes:
    """The JPEG bytes of `card`, from the cache when it was drawn before.
    `card.picture` is read relative to `root`."""
    picture = None
    if card.picture:
        try:
            picture = (root / card.picture).read_bytes()
        except OSError:
            picture = None
    cached = cache / f"{card_key(card, fonts, picture)}.jpg"
    if cached.exists():
        return cached.read_bytes()
    data = draw(card, fonts, picture)
    cache.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, cached)
    return data


def _open_picture(data: bytes | None) -> Image.Image | None:
    if not data:
        return None
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            return plain_pixels(ImageOps.exif_transpose(opened)).convert("RGBA")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None  # a broken image: the card is drawn without it


def _wrap(text: str, font, width: int, lines: int, direction: str | None = None) -> tuple[list[str], bool]:
    """Lines of at most `width` pixels; (lines, whether everything fitted)."""
    words, found, current = [w for w in text.split(" ") if w], [], ""
    for word in words:
        trial = f"{current} {word}".strip()
        if font.getlength(trial, direction=direction) <= width or not current:
            current = trial
        else:
            found.append(current)
            current = word
    if current:
        found.append(current)
    if len(found) <= lines and all(font.getlength(line, direction=direction) <= width for line in found):
        return found, True
    kept = found[:lines]
    last = kept[-1]
    while last and font.getlength(last + " …", direction=direction) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + " …"
    return kept, False


def draw(card: Card, fonts: Fonts, picture_data: bytes | None = None) -> bytes:
    return encode(compose(card, fonts, picture_data))


def compose(card: Card, fonts: Fonts, picture_data: bytes | None = None) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    pen = ImageDraw.Draw(image)
    cancelled = bool(card.status)
    pen.rectangle((0, 0, WIDTH, 18), fill=RED if cancelled else ACCENT)
    picture = _open_picture(picture_data)
    right = WIDTH - MARGIN
    if picture is not None:
        _paste_picture(image, picture, card.logo)
        right = WIDTH - MARGIN - PICTURE - 40
    width = right - MARGIN
    y = 58
    if card.status:
        font = fonts("bold", 46)
        box = pen.textbbox((MARGIN + 18, y), card.status, font=font, anchor="lt")
        pen.rounded_rectangle((MARGIN, y - 10, box[2] + 18, box[3] + 12), radius=8, fill=RED)
        pen.text((MARGIN + 18, y), card.status, font=font, fill="white", anchor="lt")
        y = box[3] + 30
    pen.text((MARGIN, y), card.kind.upper(), font=fonts("bold", 28), fill=RED if cancelled else ACCENT, anchor="lt")
    y += 52
    direction = "rtl" if card.rtl else None
    for size in (62, 54, 48, 42):
        font = fonts("bold", size)
        lines, fitted = _wrap(card.title, font, width, 2 if card.status else 3, direction)
        if fitted:
            break
    for line in lines:
        if card.rtl:
            pen.text((right, y), line, font=font, fill=INK, anchor="ra", direction="rtl")
        else:
            pen.text((MARGIN, y), line, font=font, fill=INK, anchor="la")
        y += round(font.size * 1.2)
    y += 14
    bottom = HEIGHT - 96 - 12  # the footer's top, less a margin
    if card.when:
        text = unbroken_times(card.when)
        size = 36 if fonts("bold", 36).getlength(text) <= width else 32
        for line in _wrap(text, fonts("bold", size), width, 2)[0]:
            if y + size + 4 > bottom:
                break
            pen.text((MARGIN, y), line, font=fonts("bold", size), fill=RED if cancelled else ACCENT, anchor="la")
            y += size + 10
    if card.place:
        room = (bottom - y - 4) // 42
        for line in _wrap(card.place, fonts("regular", 32), width, min(2, room))[0] if room > 0 else []:
            pen.text((MARGIN, y + 4), line, font=fonts("regular", 32), fill=MUTED, anchor="la")
            y += 42
    _footer(pen, card, fonts)
    return image


def encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # Fixed encoder options and no metadata: the same card, the same bytes.
    # Quality 80 with 4:2:0 chroma: about 60 KB a card (85 with 4:4:4: 85 KB, for
    # no difference once a messaging app has scaled it down); a palette PNG is
    # smaller but turns photos into posters and the light greys into white.
    image.save(out, "JPEG", quality=80, subsampling=2, optimize=True, progressive=False)
    return out.getvalue()


def _paste_picture(image: Image.Image, picture: Image.Image, logo: bool) -> None:
    box = (WIDTH - MARGIN - PICTURE, 70)
    if logo:  # the whole logo on white: a logo is never cropped
        fitted = ImageOps.contain(picture, (PICTURE, PICTURE), Image.LANCZOS)
        offset = (box[0] + (PICTURE - fitted.width) // 2, box[1] + (PICTURE - fitted.height) // 2)
    else:
        fitted = ImageOps.fit(picture, (PICTURE, PICTURE), Image.LANCZOS)
        offset = box
    image.paste(fitted, offset, fitted)


def _footer(pen: ImageDraw.ImageDraw, card: Card, fonts: Fonts) -> None:
    top = HEIGHT - 96
    pen.rectangle((0, top, WIDTH, HEIGHT), fill=SOFT)
    site = fonts("regular", 26)
    site_width = site.getlength(card.site) if card.site else 0
    if card.author:
        room = WIDTH - 3 * MARGIN - site_width
        font = next((fonts("bold", size) for size in (32, 28) if fonts("bold", size).getlength(card.author) <= room),
                    fonts("bold", 24))  # fmt: skip
        author = _wrap(card.author, font, room, 1)[0][0]
        pen.text((MARGIN, top + 48), author, font=font, fill=INK, anchor="lm")
    if card.site:
        pen.text((WIDTH - MARGIN, top + 48), card.site, font=site, fill=ACCENT, anchor="rm")
