"""Documents made for the tests and the demo, each carrying the metadata that
names its (fictional) author the way office software writes it: PDF document
information and XMP, an ODT's meta.xml, comments and tracked changes, the
printer in settings.xml, an image's EXIF.

    .venv/bin/python -m tests.document_files   # writes the demo's documents

The demo's files are committed; the build must strip what is written here.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject

AUTHOR = "Ginette Exemplaire"  # fictional, and easy to grep for in bytes
ROOT = Path(__file__).resolve().parent.parent

XMP = f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:creator><rdf:Seq><rdf:li>{AUTHOR}</rdf:li></rdf:Seq></dc:creator></rdf:Description>
</rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""


def pdf(title: str, paragraphs: list[str], author: str = AUTHOR) -> bytes:
    """A real text PDF (WeasyPrint), with Info and XMP naming `author`."""
    from weasyprint import HTML

    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<html lang="fr"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="author" content="{author}"><meta name="generator" content="Traitement de {author}">'
            "<style>@page { size: A5; margin: 1.5cm } body { font-family: DejaVu Sans, sans-serif; "
            f"font-size: 10pt }}</style></head><body><h1>{title}</h1>{body}</body></html>")  # fmt: skip
    rendered = HTML(string=html).write_pdf()
    reader = PdfReader(io.BytesIO(rendered))
    writer = PdfWriter(clone_from=reader)
    writer.add_metadata({"/Author": author, "/Creator": f"Traitement de texte de {author}",
                         "/Producer": "Bureautique 7.3", "/Title": f"{title} (brouillon de {author})",
                         "/CreationDate": "D:20250102030405"})  # fmt: skip
    stream = StreamObject()
    stream.set_data(XMP.encode("utf-8"))
    stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    writer.root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def odf(paragraphs: list[str], author: str = AUTHOR, kind: str = "text", extra: dict | None = None,
        content_extra: str = "") -> bytes:  # fmt: skip
    """An OpenDocument file as LibreOffice writes it, with its author in meta.xml,
    a comment and a tracked change in content.xml, a printer in settings.xml."""
    office = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
    text_ns = 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    dc_ns, meta_ns = (
        'xmlns:dc="http://purl.org/dc/elements/1.1/"',
        'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
    )
    config_ns = 'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0"'
    manifest_ns = 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
    mime = f"application/vnd.oasis.opendocument.{kind}"
    body = "".join(f"<text:p>{p}</text:p>" for p in paragraphs)
    files = {
        "mimetype": mime,
        "content.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {office} {text_ns} {dc_ns} '
            f'office:version="1.3"><office:scripts/><office:body><office:text><text:tracked-changes>'
            f'<text:changed-region text:id="c1"><text:insertion><office:change-info><dc:creator>{author}</dc:creator>'
            "<dc:date>2025-01-02T03:04:05</dc:date></office:change-info></text:insertion></text:changed-region>"
            f"</text:tracked-changes>{body}<text:p>Relu<office:annotation><dc:creator>{author}</dc:creator>"
            f"<text:p>Note de {author}</text:p></office:annotation> le soir.</text:p>{content_extra}"
            "</office:text></office:body></office:document-content>"
        ),
        "styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {office} office:version="1.3"/>',
        "meta.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {office} {meta_ns} {dc_ns} '
            f'office:version="1.3"><office:meta><meta:initial-creator>{author}</meta:initial-creator>'
            f"<dc:creator>{author}</dc:creator><meta:editing-cycles>12</meta:editing-cycles>"
            f'<meta:generator>Bureautique/7.3</meta:generator><meta:user-defined meta:name="Relecteur">{author}'
            "</meta:user-defined></office:meta></office:document-meta>"
        ),
        "settings.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-settings {office} {config_ns} '
            'office:version="1.3"><office:settings><config:config-item-set config:name="ooo:configuration-settings">'
            f'<config:config-item config:name="PrinterName" config:type="string">Imprimante de {author}'
            '</config:config-item><config:config-item config:name="TabsRelativeToIndent" config:type="boolean">'
            "true</config:config-item></config:config-item-set></office:settings></office:document-settings>"
        ),
        "META-INF/manifest.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {manifest_ns} manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mime}"/>'
            + "".join(f'<manifest:file-entry manifest:full-path="{n}" manifest:media-type="text/xml"/>'
                      for n in ("content.xml", "styles.xml", "meta.xml", "settings.xml"))
            + "</manifest:manifest>"
        ),
        **(extra or {}),
    }  # fmt: skip
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            kind_of = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, (2025, 1, 2, 3, 4, 6)), data, kind_of)
    return out.getvalue()


def image(kind: str = "JPEG", author: str = AUTHOR, text: str = "Fête du quartier") -> bytes:
    """A small poster whose EXIF names `author` (Artist) and the camera owner."""
    picture = Image.new("RGB", (480, 640), (250, 236, 200))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((20, 20, 460, 620), outline=(160, 60, 20), width=8)
    draw.text((60, 300), text, fill=(80, 30, 10))
    exif = Image.Exif()
    exif[0x013B] = author  # Artist
    exif[0x8298] = f"© {author}"  # Copyright
    exif[0x010E] = f"Affiche faite par {author}"  # ImageDescription
    out = io.BytesIO()
    picture.save(out, kind, exif=exif.tobytes(), **({"quality": 85} if kind == "JPEG" else {}))
    return out.getvalue()


# -- the demo's documents (fictional) ---------------------------------------------------------
DEMO = {
    "comite-de-quartier-du-moulin": {
        "statuts.pdf": (lambda: pdf("Statuts du comité de quartier du Moulin", [
            "Article 1 — Il est fondé entre les adhérents aux présents statuts une association régie par la loi "
            "du 1er juillet 1901, ayant pour titre : Comité de quartier du Moulin.",
            "Article 2 — Cette association a pour but de représenter les habitants du Moulin, d'animer la vie "
            "du quartier et de faire entendre leurs demandes auprès de la ville et des bailleurs.",
            "Article 3 — Le siège social est fixé à la maison de quartier, 4 place du Moulin, Val-de-Brume.",
            "Article 4 — Peut être membre toute personne qui habite ou travaille dans le quartier.",
        ]), "titre: Statuts de l'association\n"
            "resume: >\n  Les règles du comité : son but (représenter les habitants du Moulin et animer le\n"
            "  quartier), son siège à la maison de quartier, qui peut en être membre et comment le bureau\n"
            "  est élu chaque année en assemblée générale.\ndate: 2024-09-14\n"),
    },
    "jardin-partage-des-lavandieres": {
        "reglement-du-jardin.odt": (lambda: odf([
            "Règlement intérieur du jardin partagé des Lavandières.",
            "Chaque jardinier entretient sa parcelle et participe à une matinée collective par mois.",
            "L'arrosage se fait le matin ou le soir ; les outils se rangent dans l'abri après usage.",
            "Aucun produit chimique n'est utilisé au jardin.",
        ]), "titre: Règlement du jardin\n"
            "resume: >\n  Ce que chaque jardinier s'engage à faire : entretenir sa parcelle, venir à une\n"
            "  matinée collective par mois, arroser le matin ou le soir, ranger les outils, ne jamais\n"
            "  utiliser de produit chimique.\ndate: 2025-03-01\n"),
        "fiche-d-inscription.pdf": (lambda: pdf("Fiche d'inscription au jardin", [
            "Nom : ........................ Prénom : ........................",
            "Adresse dans le quartier : ...........................................",
            "Je demande une parcelle : individuelle / partagée (entourez).",
            "À déposer dans la boîte aux lettres du jardin ou à l'accueil du centre social.",
        ]), "titre: Fiche d'inscription\n"
            "resume: >\n  Une page à remplir pour demander une parcelle : votre nom, votre adresse dans le\n"
            "  quartier, parcelle individuelle ou partagée. Déposez-la dans la boîte aux lettres du\n"
            "  jardin ou à l'accueil du centre social.\n"),
        "affiche-fete-des-semis.jpg": (lambda: image("JPEG", text="Fête des semis — samedi 10 h"),
            "titre: Affiche de la fête des semis\n"
            "resume: >\n  L'affiche de la fête des semis : un samedi matin à partir de 10 h au jardin,\n"
            "  échange de graines et de plants, ouvert à tous.\ndate: 2025-04-05\n"),
    },
}  # fmt: skip


def write_demo(root: Path = ROOT) -> list[Path]:
    written = []
    for slug, documents in DEMO.items():
        folder = root / "associations" / slug / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        for name, (make, sidecar) in documents.items():
            (folder / name).write_bytes(make())
            (folder / f"{Path(name).stem}.yml").write_text(sidecar, encoding="utf-8")
            written.append(folder / name)
    return written


if __name__ == "__main__":
    for path in write_demo(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT):
        print(path)
