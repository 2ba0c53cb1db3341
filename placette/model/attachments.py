"""Documents an association shares (statutes, flyers, registration forms):
`associations/<slug>/documents/statuts.pdf` next to `statuts.yml`.

One small YAML file per document (same name, `.yml`) rather than one list for
the folder: adding a document is adding two files and removing it removing
two, and two proposals of the bridge (one branch each) never edit the same
file, so they never conflict when both are approved.

The sidecar gives a title and a short text summary — required, because a PDF
alone is not accessible to everyone (a screen reader, an old phone, little
French) — and optionally a date. The type is decided by the file's content
(magic bytes, then the library opening it: placette/build/attachment_cleaning.py),
never by its name alone; the name's extension must agree with it.

(`placette/model/documents.py` is about Markdown content files; these are
called attachments in the code, « documents » in the folder and the pages.)
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from pathlib import Path

from placette.i18n import formats
from placette.i18n.catalogues import translations
from placette.i18n.lazy import current
from placette.model import fields
from placette.model.problems import Problem
from placette.model.schema import Field, validate
from placette.model.settings import plugin_options
from placette.model.yamlload import load_all, problem

FOLDER = "documents"
DEFAULTS = {"max_bytes": 10_000_000}  # 10 Mo: a scanned statute of 20 pages fits, a film does not
SIDECAR_SUFFIXES = (".yml", ".yaml")
SUMMARY_MAX = 600


def _(text: str) -> str:
    """Marks a word for the interface's catalogues (`make catalogues`): the
    pages say it in their language (Attachment.words), messages in French."""
    return text


@dataclass(frozen=True)
class Kind:
    key: str
    words: str  # what a resident reads: « PDF », « document texte ODT »
    article: str  # « un », « une »: « le contenu est un document texte ODT »
    suffixes: tuple[str, ...]
    media_type: str


KINDS = {
    k.key: k
    for k in (
        Kind("pdf", _("PDF"), "un", (".pdf",), "application/pdf"),
        Kind("odt", _("document texte ODT"), "un", (".odt",), "application/vnd.oasis.opendocument.text"),
        Kind("ods", _("tableur ODS"), "un", (".ods",), "application/vnd.oasis.opendocument.spreadsheet"),
        Kind("odp", _("présentation ODP"), "une", (".odp",), "application/vnd.oasis.opendocument.presentation"),
        Kind("jpeg", _("image JPEG"), "une", (".jpg", ".jpeg"), "image/jpeg"),
        Kind("png", _("image PNG"), "une", (".png",), "image/png"),
        Kind("webp", _("image WebP"), "une", (".webp",), "image/webp"),
    )
}
BY_SUFFIX = {suffix: kind for kind in KINDS.values() for suffix in kind.suffixes}
ODF_TYPES = {kind.media_type: kind.key for kind in KINDS.values() if kind.key in ("odt", "ods", "odp")}
EXPECTED = "un PDF, un document ODT, ODS ou ODP, ou une image JPEG, PNG ou WebP"
# What a file is when it is none of the accepted kinds, said to a volunteer.
_OTHER = {"zip": "une archive ZIP", "exe": "un programme", "ooxml": "un document Microsoft Office (DOCX, XLSX…)"}

FIELDS = [
    Field("titre", "title", fields.text(150), required=True, help="le nom du document, par exemple « Statuts »"),
    Field("resume", "summary", fields.text(SUMMARY_MAX, single_line=False), required=True,
          help="ce que dit le document, en quelques phrases (lu par ceux qui ne peuvent pas ouvrir le fichier)"),
    Field("date", "date", fields.date, help="AAAA-MM-JJ : la date du document (facultative)"),
]  # fmt: skip


def size_limit(settings: dict) -> int:
    """The largest document, in bytes (the DOCUMENTS setting)."""
    return int(plugin_options(settings, "DOCUMENTS", DEFAULTS)["max_bytes"])


def sniff(data: bytes) -> str:
    """What the bytes are, by their content: a key of KINDS, or "zip", "exe",
    "ooxml" or "" (unknown). An OpenDocument file is a zip whose first entry
    `mimetype` names its type (ODF 1.2, part 3, section 3.3)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith((b"MZ", b"\x7fELF", b"#!", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe")):
        return "exe"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(BytesIO(data)) as archive:
                names = archive.namelist()
                if names and names[0] == "mimetype":
                    return ODF_TYPES.get(archive.read("mimetype").decode("ascii", "replace").strip(), "zip")
                return "ooxml" if "[Content_Types].xml" in names else "zip"
        except (zipfile.BadZipFile, OSError, ValueError):
            return "zip"
    return ""


def content_problem(name: str, data: bytes, max_bytes: int) -> str | None:
    """Why the file `name` cannot be published (size, type by content), or None."""
    if not data:
        return "le fichier est vide"
    if too_big(len(data), max_bytes):
        return too_big(len(data), max_bytes)
    expected = BY_SUFFIX.get(Path(name).suffix.lower())
    found = sniff(data)
    if expected is None:
        return f"type de fichier non accepté ({Path(name).suffix or 'sans extension'}) : attendu {EXPECTED}"
    if found != expected.key:
        what = f"{KINDS[found].article} {KINDS[found].words}" if found in KINDS else \
            _OTHER.get(found, "un fichier d'un type inconnu")  # fmt: skip
        return (f"le nom finit par {Path(name).suffix.lower()} mais le contenu est {what} : enregistrez le "
                f"document en {expected.words} sous ce nom, ou donnez-lui le nom qui va avec son contenu")  # fmt: skip
    return None


def too_big(length: int, max_bytes: int) -> str | None:
    if length > max_bytes:
        return f"le fichier est trop gros ({size_words(length)}, {size_words(max_bytes)} au plus)"
    return None


def size_words(length: int, code: str = "fr") -> str:
    """« 245 Ko », « 1,2 Mo »: sizes in French (1 Ko = 1 000 octets, as the
    limit), "245 kB" in English: in the interface language `code`."""
    t = translations(code)
    if length < 1000:
        return t.gettext("%(n)s octets") % {"n": length}
    if length < 1_000_000:
        return t.gettext("%(n)s Ko") % {"n": max(1, round(length / 1000))}
    megabytes = f"{length / 1_000_000:.1f}".replace(".", ",") if code == "fr" else formats.number(
        round(length / 1_000_000, 1), code)  # fmt: skip
    return t.gettext("%(n)s Mo") % {"n": megabytes}


@dataclass(frozen=True)
class Attachment:
    association: str
    name: str  # the file's name in the folder: statuts.pdf
    source: str  # repository-relative path of the file
    title: str
    summary: str
    date: dt.date | None
    kind: str  # a key of KINDS
    size: int = 0  # bytes of the published (cleaned) copy, known once it is made

    @property
    def words(self) -> str:
        """« PDF », « document texte ODT »: in the language of the page being rendered."""
        return translations(current()).gettext(KINDS[self.kind].words)

    @property
    def media_type(self) -> str:
        return KINDS[self.kind].media_type

    @property
    def size_words(self) -> str:
        return size_words(self.size, current())

    @property
    def url(self) -> str:
        """Where it is published: beside the association's page."""
        return f"associations/{self.association}/{FOLDER}/{self.name}"


def sort_key(attachment: Attachment) -> tuple:
    """Newest first, undated last, then by title."""
    return (attachment.date is None, -(attachment.date or dt.date.min).toordinal(), attachment.title.lower())


def read_sidecar(data: bytes, file: str, config, folder: Path) -> tuple[dict | None, list[Problem]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None, [Problem(file, None, None, "fichier illisible : enregistrez-le en UTF-8")]
    if not text.strip():
        return None, [Problem(file, None, None, "le fichier est vide : écrivez au moins « titre: » et « resume: »")]
    mapping, errors = load_all(text)
    if mapping is None:
        return None, [problem(file, e) for e in errors]
    values, found = validate(mapping, FIELDS, file, fields.Context(config, folder))
    return values, [problem(file, e) for e in errors] + found


Found = list[tuple[Attachment, Path]]


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def read_folder(folder: Path, association: str, config, max_bytes: int) -> tuple[Found, list[Problem]]:
    """Every document of one association's `documents/` folder that may be
    published (with its path), and every problem of the others."""
    if not folder.is_dir():
        return [], []
    rel = partial(_relative, root=config.root)
    entries = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    sidecars = {p.stem: p for p in entries if p.suffix.lower() in SIDECAR_SUFFIXES}
    files = [p for p in entries if p.suffix.lower() not in SIDECAR_SUFFIXES]
    found: Found = []
    problems: list[Problem] = []
    stems: dict[str, Path] = {}
    for path in files:
        if path.stem in stems:
            problems.append(Problem(rel(path), None, None, f"deux documents s'appellent « {path.stem} » "
                                    f"({stems[path.stem].name} et {path.name}) : renommez l'un des deux, "
                                    "chacun a sa fiche du même nom en .yml"))  # fmt: skip
            continue
        stems[path.stem] = path
        size = path.stat().st_size  # a huge file is never read into memory
        wrong = too_big(size, max_bytes) or content_problem(path.name, path.read_bytes(), max_bytes)
        if wrong:
            problems.append(Problem(rel(path), None, None, f"{wrong} (document non publié)"))
            continue
        sidecar = sidecars.get(path.stem)
        if sidecar is None:
            problems.append(Problem(rel(path), None, None, f"il manque sa fiche {path.stem}.yml (avec « titre: » et "
                                    "« resume: », le résumé du document en quelques phrases) : document non publié"))  # fmt: skip
            continue
        values, wrong_fields = read_sidecar(sidecar.read_bytes(), rel(sidecar), config, folder)
        problems += wrong_fields
        if values is None or wrong_fields:
            continue
        kind = BY_SUFFIX[path.suffix.lower()].key
        found.append((Attachment(association, path.name, rel(path), values["title"],
                                 " ".join(values["summary"].split()), values["date"], kind), path))  # fmt: skip
    for stem, sidecar in sidecars.items():
        if stem not in stems:
            problems.append(Problem(rel(sidecar), None, None, f"aucun document « {stem} » (PDF, ODT, image…) "
                                    "à côté de cette fiche : ajoutez le fichier ou effacez la fiche"))  # fmt: skip
    found.sort(key=lambda pair: sort_key(pair[0]))
    return found, problems
