"""Shared documents: the type decided by content, the metadata that names
people removed (read back with the libraries AND by searching every byte, the
compressed parts inflated first), what cannot be cleaned refused, the same
bytes for the same input, and the build and `make check` with good and bad
documents side by side."""

from __future__ import annotations

import io
import logging
import shutil
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from placette.build import attachment_cleaning as cleaning
from placette.build.attachment_cleaning import DocumentError
from placette.cli import check as check_cli
from placette.model import attachments
from placette.model.settings import read_pelican_settings
from tests import document_files as make
from tests.conftest import ROOT, build_site

NAME = make.AUTHOR.encode()
MAKERS = {
    "pdf": lambda: make.pdf("Statuts", ["Article 1 — Le but de l'association."]),
    "odt": lambda: make.odf(["Le règlement du jardin."]),
    "ods": lambda: make.odf(["Les comptes."], kind="spreadsheet"),
    "odp": lambda: make.odf(["La présentation."], kind="presentation"),
    "jpeg": lambda: make.image("JPEG"),
    "png": lambda: make.image("PNG"),
    "webp": lambda: make.image("WEBP"),
}


def every_byte(data: bytes, kind: str) -> bytes:
    """The file as stored, plus what its compressed parts hold once inflated."""
    parts = [data]
    if kind in ("odt", "ods", "odp"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
    if kind == "pdf":
        reader = PdfReader(io.BytesIO(data))
        for number in range(1, int(reader.trailer["/Size"])):
            found = reader.get_object(number)
            if hasattr(found, "get_data"):
                parts.append(found.get_data())
    return b"\n".join(parts)


# -- the type, by content -------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_each_kind_is_recognised_by_its_content(kind):
    assert attachments.sniff(MAKERS[kind]()) == kind


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("statuts.pdf", make.odf(["x"]), "le nom finit par .pdf mais le contenu est un document texte ODT"),
        ("statuts.pdf", b"MZ\x90\x00\x03" + bytes(200), "le contenu est un programme"),
        ("statuts.pdf", b"\x7fELF\x02\x01\x01" + bytes(200), "le contenu est un programme"),
        ("statuts.pdf", b"PK\x03\x04" + bytes(50), "le contenu est une archive ZIP"),
        ("affiche.jpg", b"%PDF-1.4\n%%EOF", "le nom finit par .jpg mais le contenu est un PDF"),
        ("reglement.odt", b"Bonjour", "le contenu est un fichier d'un type inconnu"),
        ("virus.exe", b"MZ" + bytes(10), "type de fichier non accepté (.exe)"),
        ("vide.pdf", b"", "le fichier est vide"),
    ],
)
def test_a_file_is_judged_by_its_content_not_its_name(name, data, said):
    problem = attachments.content_problem(name, data, 10_000_000)
    assert problem is not None and said in problem, problem


def test_the_size_limit_is_said_in_french():
    problem = attachments.content_problem("gros.pdf", b"%PDF-" + bytes(2_400_000), 2_000_000)
    assert problem == "le fichier est trop gros (2,4 Mo, 2,0 Mo au plus)"
    assert attachments.content_problem("juste.pdf", b"%PDF-" + bytes(1_999_995), 2_000_000) is None


@pytest.mark.parametrize(
    ("length", "words"),
    [(0, "0 octets"), (999, "999 octets"), (1000, "1 Ko"), (1499, "1 Ko"), (245_300, "245 Ko"),
     (999_499, "999 Ko"), (1_000_000, "1,0 Mo"), (1_234_567, "1,2 Mo"), (10_000_000, "10,0 Mo")],
)  # fmt: skip
def test_sizes_in_french(length, words):
    assert attachments.size_words(length) == words


# -- cleaning ---------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_the_author_is_in_and_not_out(kind):
    original = MAKERS[kind]()
    assert cleaning.personal_metadata(original, kind), "the fixture must carry metadata to remove"
    assert NAME in every_byte(original, kind)
    cleaned = cleaning.clean(original, kind)
    assert cleaning.personal_metadata(cleaned, kind) == []
    assert NAME not in every_byte(cleaned, kind)
    assert attachments.sniff(cleaned) == kind
    assert cleaning.clean(original, kind) == cleaned  # same input, same bytes


def test_a_cleaned_pdf_keeps_its_pages_and_text_and_loses_every_metadata():
    original = make.pdf("Statuts", ["Article 1 — Le but de l'association.", "Article 2 — Le siège."])
    before = PdfReader(io.BytesIO(original))
    assert before.metadata["/Author"] == make.AUTHOR and "/Metadata" in before.trailer["/Root"]
    after = PdfReader(io.BytesIO(cleaning.clean(original, "pdf")))
    assert not after.metadata and "/Metadata" not in after.trailer["/Root"]
    assert len(after.pages) == len(before.pages)
    assert [p.extract_text() for p in after.pages] == [p.extract_text() for p in before.pages]
    assert NAME in original and NAME not in cleaning.clean(original, "pdf")


def test_a_comment_keeps_its_text_but_not_its_author():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    note = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
                             NameObject("/T"): TextStringObject(make.AUTHOR),
                             NameObject("/Contents"): TextStringObject("À relire")})  # fmt: skip
    writer.add_annotation(0, note)
    out = io.BytesIO()
    writer.write(out)
    cleaned = cleaning.clean(out.getvalue(), "pdf")
    annotation = PdfReader(io.BytesIO(cleaned)).pages[0]["/Annots"][0].get_object()
    assert annotation["/Contents"] == "À relire" and "/T" not in annotation
    assert NAME not in cleaned


def test_a_cleaned_odt_keeps_its_text_and_loses_comments_changes_printer():
    cleaned = cleaning.clean(make.odf(["Le règlement du jardin.", "Aucun produit chimique."]), "odt")
    with zipfile.ZipFile(io.BytesIO(cleaned)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        content = archive.read("content.xml").decode()
        settings = archive.read("settings.xml").decode()
    assert "Le règlement du jardin." in content and "Aucun produit chimique." in content
    assert "Relu le soir." in content  # the text around a removed comment stays whole
    assert "annotation" not in content and "tracked-changes" not in content
    assert "PrinterName" not in settings and "TabsRelativeToIndent" in settings  # other settings untouched


def test_an_image_document_keeps_its_size_and_loses_its_exif():
    from PIL import Image

    cleaned = cleaning.clean(make.image("JPEG"), "jpeg")
    with Image.open(io.BytesIO(cleaned)) as image:
        assert image.size == (480, 640) and not image.getexif()


class Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)


def test_a_pdf_pypdf_repairs_is_cleaned_without_a_warning_that_would_stop_make_check():
    original = make.pdf("Statuts", ["Article 1."])
    offset = int(original.rsplit(b"startxref", 1)[1].split()[0])
    shifted = original.replace(f"startxref\n{offset}".encode(), f"startxref\n{offset + 7}".encode())
    assert shifted != original  # a scanner's kind of mistake: the table of objects is not where it says
    seen, root = Records(), logging.getLogger()
    root.addHandler(seen)
    try:
        cleaned = cleaning.clean(shifted, "pdf")
    finally:
        root.removeHandler(seen)
    assert [r.getMessage() for r in seen.records if r.levelno >= logging.WARNING] == []
    assert len(PdfReader(io.BytesIO(cleaned)).pages) == 1 and NAME not in cleaned


def test_cleaning_is_cached_by_content(tmp_path, monkeypatch):
    data, calls = MAKERS["odt"](), []
    real = cleaning.clean
    monkeypatch.setattr(cleaning, "clean", lambda d, k: calls.append(k) or real(d, k))
    first = cleaning.cached(data, "odt", tmp_path)
    again = cleaning.cached(data, "odt", tmp_path)
    assert first == again and calls == ["odt"]
    assert cleaning.cached(make.odf(["Autre texte."]), "odt", tmp_path) != first
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({first.name, cleaning.cached(
        make.odf(["Autre texte."]), "odt", tmp_path).name})  # fmt: skip


# -- refused ----------------------------------------------------------------------------------
def _pdf(change) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, key: str, value: str):
    def change(writer):
        action = DictionaryObject({NameObject("/S"): NameObject(kind), NameObject(key): TextStringObject(value)})
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)  # an indirect object, as usual

    return change


def _page_action(writer):
    """JavaScript hidden in a page's additional actions, deeper in the tree."""
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})


REFUSED = {
    "encrypted pdf": ("pdf", lambda: _pdf(lambda w: w.encrypt("secret", algorithm="RC4-128")), "protégé"),
    "javascript": ("pdf", lambda: _pdf(_action("/JavaScript", "/JS", "app.alert('bonjour');")), "JavaScript"),
    "javascript on a page": ("pdf", lambda: _pdf(_page_action), "JavaScript"),
    "launch action": ("pdf", lambda: _pdf(_action("/Launch", "/F", "calc.exe")), "lance un programme"),
    "attached file": ("pdf", lambda: _pdf(lambda w: w.add_attachment("x.exe", b"MZ")), "fichiers joints"),
    "broken pdf": ("pdf", lambda: make.pdf("Statuts", ["x"])[:400], "abîmé"),
    "odt with basic macros": ("odt", lambda: make.odf(["x"], extra={"Basic/Standard/Module1.xml": "<x/>"}),
                              "macros"),
    "odt with a script event": ("odt", lambda: make.odf(["x"], content_extra=(
        '<office:event-listeners xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0">'
        "<script:event-listener/></office:event-listeners>")), "macros"),
    "odt with a password": ("odt", lambda: make.odf(["x"], extra={"META-INF/manifest.xml": (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        "<manifest:file-entry><manifest:encryption-data/></manifest:file-entry></manifest:manifest>")}), "mot de passe"),
    "odt with an entity bomb": ("odt", lambda: make.odf(["x"], extra={"content.xml": (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<x>&b;&b;&b;</x>")}), None),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_what_cannot_be_cleaned_is_refused_in_french(case):
    kind, data, said = REFUSED[case]
    if said is None:  # entities are never expanded: cleaned (nothing to expand) or refused, never inflated
        try:
            cleaned = cleaning.clean(data(), kind)
        except DocumentError:
            return
        assert b"aaaaaaaaaa" * 8 not in every_byte(cleaned, kind)
        return
    with pytest.raises(DocumentError) as refused:
        cleaning.clean(data(), kind)
    assert said in str(refused.value) and "enregistrez" in str(refused.value)


# -- the build and `make check` ---------------------------------------------------------------
GOOD = "titre: Statuts\nresume: >\n  Le but de l'association et qui peut en être membre.\ndate: 2025-03-01\n"


def _documents(site: Path) -> Path:
    folder = site / "associations" / "atelier-velo" / "documents"
    folder.mkdir(parents=True)
    (folder / "statuts.pdf").write_bytes(make.pdf("Statuts", ["Article 1."]))
    (folder / "statuts.yml").write_text(GOOD)
    (folder / "reglement.odt").write_bytes(make.odf(["Règlement."]))
    (folder / "reglement.yml").write_text("titre: Règlement\nresume: Les règles de l'atelier.\n")
    (folder / "faux.pdf").write_bytes(make.odf(["Je ne suis pas un PDF."]))
    (folder / "faux.yml").write_text("titre: Faux\nresume: Un ODT nommé PDF.\n")
    (folder / "macro.odt").write_bytes(make.odf(["x"], extra={"Basic/Standard/Module1.xml": "<x/>"}))
    (folder / "macro.yml").write_text("titre: Macro\nresume: Un ODT avec une macro.\n")
    (folder / "sans-fiche.pdf").write_bytes(make.pdf("Sans fiche", ["x"]))
    (folder / "sans-resume.pdf").write_bytes(make.pdf("Sans résumé", ["x"]))
    (folder / "sans-resume.yml").write_text("titre: Sans résumé\n")
    (folder / "orpheline.yml").write_text(GOOD)
    return folder


EXPECTED_PROBLEMS = {
    "faux.pdf": "le nom finit par .pdf mais le contenu est un document texte ODT",
    "macro.odt": "macros",
    "sans-fiche.pdf": "il manque sa fiche sans-fiche.yml",
    "sans-resume.yml": "resume",
    "orpheline.yml": "aucun document « orpheline »",
}


def test_good_documents_are_published_cleaned_and_bad_ones_skipped_with_a_message(scratch_site, tmp_path):
    folder = _documents(scratch_site)
    build = build_site(scratch_site, tmp_path / "out", CACHE_PATH=str(tmp_path / "cache"))
    out = tmp_path / "out" / "associations" / "atelier-velo" / "documents"
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "reglement.odt", "statuts.pdf"]
    for name, kind in (("statuts.pdf", "pdf"), ("reglement.odt", "odt")):
        published = (out / name).read_bytes()
        assert NAME in every_byte((folder / name).read_bytes(), kind)
        assert NAME not in every_byte(published, kind) and cleaning.personal_metadata(published, kind) == []
    page = build.read("associations/atelier-velo/documents/index.html")
    size = attachments.size_words((out / "statuts.pdf").stat().st_size)
    assert "Statuts" in page and "Le but de l&#39;association et qui peut en être membre." in page
    assert f"PDF, {size}" in page and "Document texte ODT, " in page and "samedi 1er mars 2025" in page
    assert page.index("Statuts") < page.index("Règlement")  # dated first, newest first
    card = build.read("associations/atelier-velo/index.html")
    assert 'id="titre-documents"' in card and "documents/statuts.pdf" in card
    errors = "\n".join(build.errors())
    for name, said in EXPECTED_PROBLEMS.items():
        line = next((e for e in build.errors() if name in e), "")
        assert said in line, (name, errors)
    assert "(document non publié)" in errors
    # the rest of the portal is built
    assert (tmp_path / "out" / "associations" / "jardin-des-tilleuls" / "index.html").exists()
    assert not (tmp_path / "out" / "associations" / "jardin-des-tilleuls" / "documents").exists()
    # the source files are untouched: the author is still in them
    assert NAME in (folder / "statuts.pdf").read_bytes()


def test_make_check_names_each_bad_document(scratch_site):
    _documents(scratch_site)
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings["PATH"] = str(scratch_site)
    problems, counts = check_cli.check(settings)
    said = [str(p) for p in problems]
    for name, expected in EXPECTED_PROBLEMS.items():
        assert any(s.startswith(f"associations/atelier-velo/documents/{name}") and expected in s for s in said), (
            name, said)  # fmt: skip
    assert counts["documents"] == 2
    assert not any("statuts.pdf" in s or "reglement" in s for s in said)


def test_the_size_limit_is_a_setting(scratch_site):
    _documents(scratch_site)
    settings = read_pelican_settings(ROOT / "pelicanconf.py")
    settings.update(PATH=str(scratch_site), DOCUMENTS={"max_bytes": 1000})
    problems, counts = check_cli.check(settings)
    assert any("statuts.pdf" in str(p) and "trop gros" in str(p) and "1 Ko au plus" in str(p) for p in problems)
    assert counts["documents"] == 0


def test_the_demo_documents_carry_an_author_that_the_demo_build_removes(demo_build):
    sources = sorted((ROOT / "associations").glob("*/documents/*.*"))
    published = [s for s in sources if s.suffix != ".yml"]
    assert len(published) >= 3
    for source in published:
        kind = attachments.sniff(source.read_bytes())
        assert cleaning.personal_metadata(source.read_bytes(), kind), source
        out = demo_build.output / "associations" / source.parent.parent.name / "documents" / source.name
        assert cleaning.personal_metadata(out.read_bytes(), kind) == [] and NAME not in every_byte(
            out.read_bytes(), kind)  # fmt: skip
    assert demo_build.errors() == []


def test_the_demo_documents_are_the_script_s(tmp_path):
    """The committed demo files are what tests/document_files.py writes (sidecars byte for byte)."""
    make.write_demo(tmp_path)
    for written in sorted(tmp_path.glob("associations/*/documents/*.yml")):
        committed = ROOT / written.relative_to(tmp_path)
        assert committed.read_bytes() == written.read_bytes()
    shutil.rmtree(tmp_path / "associations")
