"""Shared documents as published: a cleaned copy without the metadata that
names people, and refused when they could act on the reader's machine.

- PDF (pypdf, pure Python: nothing to compile on a Raspberry Pi): the
  document information (Author, Creator, Producer, Title…), every XMP
  `/Metadata` stream (document, pages, images), `/PieceInfo` (an editor's
  private data) and the author of comments are removed; the file is written
  anew, so the earlier revisions an incremental save keeps are gone too.
- OpenDocument (zipfile + lxml without entities or network): `meta.xml` is
  replaced by an empty one (initial-creator, creator, dates, editing cycles,
  user-defined fields), comments and tracked changes (their author) are removed
  from content and styles, the printer's name from the settings, signatures
  (the signer's certificate) are dropped.
- Images: the pixels alone, re-encoded by placette/build/images.py's way (EXIF,
  GPS, XMP, comments gone), in the same format and size.

Refused rather than cleaned — a volunteer is told why and saves the file
again: encrypted PDF or ODF (the metadata cannot be read, some readers cannot
open it), PDF with JavaScript, launch actions or attached files, ODF with
macros or scripts. Removing those would change what the document does (a form
that computes) without anyone seeing it; a statute or a flyer never needs them.

Same input, same bytes: ODF entries keep their order with a fixed date and
compression, pypdf writes no date or random ID.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from placette.build.images import plain_pixels

PIPELINE_VERSION = "1"  # bump to clean every cached document again
# pypdf says in English what it repaired in a PDF (« incorrect startxref pointer »,
# common in files from scanners); under `pelican --fatal warnings` (`make check`) any
# such warning would stop the build. A PDF it cannot read raises, and the volunteer
# gets our French message instead.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)
MAX_UNZIPPED = 200_000_000  # an ODF that inflates beyond this is a zip bomb, not a flyer
MAX_ENTRIES = 5000


class DocumentError(ValueError):
    """Why a document cannot be published, in French."""


def clean(data: bytes, kind: str) -> bytes:
    """The cleaned copy of a document of `kind` (a key of attachments.KINDS)."""
    if kind == "pdf":
        return _clean_pdf(data)
    if kind in ("odt", "ods", "odp"):
        return _clean_odf(data)
    return _clean_image(data, kind)


def cached(data: bytes, kind: str, cache: Path) -> Path:
    """The cleaned copy in the cache, made once for each content (by hash)."""
    key = hashlib.sha256(f"{PIPELINE_VERSION}:{kind}:".encode() + data).hexdigest()[:24]
    target = cache / key
    if not target.exists():
        cleaned = clean(data, kind)
        cache.mkdir(parents=True, exist_ok=True)
        partial = cache / f"{key}.{os.getpid()}.tmp"
        partial.write_bytes(cleaned)
        os.replace(partial, target)
    return target


def personal_metadata(data: bytes, kind: str) -> list[str]:
    """What in the file may name people (empty for a cleaned copy): shown to
    reviewers and read by the tests."""
    try:
        if kind == "pdf":
            return _pdf_metadata(data)
        if kind in ("odt", "ods", "odp"):
            return _odf_metadata(data)
        with Image.open(io.BytesIO(data)) as image:
            return sorted(k for k in ("exif", "xmp", "comment", "icc_profile") if image.info.get(k))
    except (DocumentError, PyPdfError, OSError, ValueError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return ["fichier illisible"]


# -- PDF ------------------------------------------------------------------------------------
_INFO_KEYS = ("/Author", "/Creator", "/Producer", "/Title", "/Subject", "/Keywords")
_MARKUP = {"/Text", "/FreeText", "/Line", "/Square", "/Circle", "/Polygon", "/PolyLine", "/Highlight",
           "/Underline", "/Squiggly", "/StrikeOut", "/Stamp", "/Caret", "/Ink", "/FileAttachment",
           "/Sound", "/Redact"}  # fmt: skip
_DANGEROUS_KEYS = {"/JS": "du JavaScript", "/JavaScript": "du JavaScript", "/EmbeddedFiles": "des fichiers joints",
                   "/RichMedia": "du contenu multimédia actif"}  # fmt: skip
_DANGEROUS_ACTIONS = {"/JavaScript": "du JavaScript", "/Launch": "une action qui lance un programme"}


def _walk(start):
    """Every dictionary (and stream) reachable from `start`, once each."""
    seen: set[tuple[int, int]] = set()
    stack = [start]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            yield item
            stack.extend(item.values())
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _reader(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        raise DocumentError("le PDF est protégé (chiffré ou par un mot de passe) : enregistrez-le sans protection")
    return reader


def _clean_pdf(data: bytes) -> bytes:
    try:
        reader = _reader(data)
        for item in _walk(reader.trailer):
            found = next((w for k, w in _DANGEROUS_KEYS.items() if k in item), None)
            found = found or _DANGEROUS_ACTIONS.get(item.get("/S"))
            if found:
                raise DocumentError(f"le PDF contient {found} : enregistrez-le à nouveau en PDF simple "
                                    "(« Imprimer » puis « Enregistrer au format PDF »)")  # fmt: skip
        if len(reader.pages) == 0:
            raise DocumentError("le PDF n'a aucune page")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        for item in _walk(writer.root_object):
            for key in ("/Metadata", "/PieceInfo"):
                item.pop(key, None)
            if item.get("/Subtype") in _MARKUP:
                item.pop("/T", None)  # a comment's author
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        out = io.BytesIO()
        writer.write(out)
    except DocumentError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise DocumentError("le PDF est abîmé ou illisible : enregistrez-le à nouveau en PDF") from None
    return out.getvalue()


def _pdf_metadata(data: bytes) -> list[str]:
    reader = _reader(data)
    found = sorted(k.lstrip("/") for k in (reader.metadata or {}) if k in _INFO_KEYS)
    if any("/Metadata" in item for item in _walk(reader.trailer)):
        found.append("XMP")
    return found


# -- OpenDocument -----------------------------------------------------------------------------
NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
    "script": "urn:oasis:names:tc:opendocument:xmlns:script:1.0",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
}
_REMOVED = ("office:annotation", "office:annotation-end", "text:tracked-changes", "dc:creator", "dc:date")
_PRINTER = ("PrinterName", "PrinterSetup")
_SIGNATURES = ("META-INF/documentsignatures.xml", "META-INF/macrosignatures.xml")
_MACROS = "le document contient des macros ou des scripts : enregistrez-le sans macros (ou en PDF)"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _xml(body: bytes):
    return etree.fromstring(body, _parser())


def _out(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise DocumentError("le document est anormalement gros une fois décompressé")
    manifest = archive.read("META-INF/manifest.xml") if "META-INF/manifest.xml" in archive.namelist() else b""
    if any(i.flag_bits & 0x1 for i in infos) or b"encryption-data" in manifest:
        raise DocumentError("le document est protégé par un mot de passe : enregistrez-le sans mot de passe")
    if any(i.filename.startswith(("Basic/", "Scripts/")) or "/Basic/" in i.filename for i in infos):
        raise DocumentError(_MACROS)
    return infos


def _has_scripts(root) -> bool:
    if root.xpath("//office:scripts/*|//script:event-listener", namespaces=NS):
        return True
    links = root.xpath("//@xlink:href", namespaces=NS)
    return any(str(link).startswith(("vnd.sun.star.script:", "macro:")) for link in links)


def _clean_part(name: str, body: bytes) -> bytes | None:
    """The cleaned bytes of one entry of the archive (None: left out)."""
    base = name.rsplit("/", 1)[-1]
    if name in _SIGNATURES:
        return None
    if base == "meta.xml":
        old = _xml(body)
        version = old.get(f"{{{NS['office']}}}version", "1.2")
        root = etree.Element(f"{{{NS['office']}}}document-meta", nsmap={"office": NS["office"]})
        root.set(f"{{{NS['office']}}}version", version)
        etree.SubElement(root, f"{{{NS['office']}}}meta")
        return _out(root)
    if base in ("content.xml", "styles.xml"):
        root = _xml(body)
        if _has_scripts(root):
            raise DocumentError(_MACROS)
        for element in root.xpath("|".join(f"//{tag}" for tag in _REMOVED), namespaces=NS):
            if element.getparent() is not None:  # not inside an element removed just before
                _remove_keeping_tail(element)
        return _out(root)
    if base == "settings.xml":
        root = _xml(body)
        names = " or ".join(f"@config:name='{n}'" for n in _PRINTER)
        for element in root.xpath(f"//config:config-item[{names}]", namespaces=NS):
            _remove_keeping_tail(element)
        return _out(root)
    return body


def _remove_keeping_tail(element) -> None:
    parent, tail = element.getparent(), element.tail
    if tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def _clean_odf(data: bytes) -> bytes:
    out = io.BytesIO()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
            for info in _entries(source):
                body = _clean_part(info.filename, source.read(info))
                if body is None:
                    continue
                entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
                entry.create_system = 3
                entry.external_attr = 0o644 << 16
                # ODF: `mimetype` first and stored, so that its type is read at a fixed offset.
                entry.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
                target.writestr(entry, body, compresslevel=6)
    except DocumentError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, etree.XMLSyntaxError):
        raise DocumentError("le document est abîmé ou illisible : enregistrez-le à nouveau") from None
    return out.getvalue()


def _odf_metadata(data: bytes) -> list[str]:
    found = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            base = name.rsplit("/", 1)[-1]
            if base == "meta.xml":
                meta = _xml(archive.read(name))
                found += sorted({etree.QName(e).localname for e in meta.xpath("//office:meta/*", namespaces=NS)})
            elif base in ("content.xml", "styles.xml"):
                root = _xml(archive.read(name))
                found += ["commentaires"] if root.xpath("//office:annotation", namespaces=NS) else []
                found += ["modifications suivies"] if root.xpath("//text:tracked-changes", namespaces=NS) else []
            elif base == "settings.xml":
                names = " or ".join(f"@config:name='{n}'" for n in _PRINTER)
                printer = _xml(archive.read(name)).xpath(f"//config:config-item[{names}]", namespaces=NS)
                found += ["imprimante"] if printer else []
            elif name in _SIGNATURES:
                found.append("signature")
    return sorted(set(found))


# -- images -----------------------------------------------------------------------------------
_FORMATS = {"jpeg": "JPEG", "png": "PNG", "webp": "WEBP"}


def _clean_image(data: bytes, kind: str) -> bytes:
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format != _FORMATS[kind]:
                raise DocumentError(f"ce fichier n'est pas une image {_FORMATS[kind]}")
            opened.load()
            image = plain_pixels(ImageOps.exif_transpose(opened))
    except DocumentError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DocumentError("l'image est abîmée, illisible ou trop grande") from None
    out = io.BytesIO()
    if kind == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    elif kind == "png":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "WEBP", quality=85, method=4)
    return out.getvalue()
