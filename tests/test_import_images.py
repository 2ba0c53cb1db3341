"""News images, from a source whose card allows them (`images: oui`): read
from the feed (enclosure, Media RSS, Atom enclosure, the text's first <img>),
fetched by the polite fetcher from the loopback server, accepted by content
only, re-encoded exactly as the bridge's photos, never fetched when not
allowed, never fetched twice for the same address; a hostile image leaves
the item proposed without it, and the report says why."""

from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
from PIL import Image

from bridge.photos import clean_photo
from placette.importer.run import Settings, run
from tests.test_import import Server, all_files, branches, files_of, make_portal

FAST = Settings(timeout=1.0, total=3.0, max_bytes=1024 * 1024, site="http://portail.example.org")
MEDIA = 'xmlns:media="http://search.yahoo.com/mrss/" xmlns:content="http://purl.org/rss/1.0/modules/content/"'


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch):
    monkeypatch.setenv("PLACETTE_TODAY", "2026-11-22")


@pytest.fixture
def server():
    found = Server()
    yield found
    found.close()


def photo(width: int = 2400, height: int = 1800, kind: str = "JPEG") -> bytes:
    """A photo as a phone takes it: EXIF with GPS and a description, a comment."""
    image = Image.new("RGB", (width, height), (180, 90, 40))
    for x in range(0, width, 50):  # something to encode, not one flat colour
        image.paste((20, 120, 200), (x, 0, x + 10, height))
    exif = Image.Exif()
    exif[0x010E] = "Photo prise chez Camille"
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 8.0)}
    out = io.BytesIO()
    if kind == "JPEG":
        image.save(out, kind, exif=exif, comment=b"commentaire prive")
    else:
        image.save(out, kind)
    return out.getvalue()


def bomb() -> bytes:
    """A 30000 × 30000 PNG of 100 kB: 900 million pixels once decoded."""
    side = 30000
    packer = zlib.compressobj(9)
    row = b"\x00" * (1 + side // 8)  # filter byte, then one bit per pixel
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def item(n: int, title: str, extra: str = "", text: str = "Un texte.", link: str = "https://velo.example.org") -> str:
    return (f"<item><title>{title}</title><link>{link}/{n}/</link>"
            f"<guid>https://velo.example.org/?p={n}</guid><pubDate>Wed, 18 Nov 2026 17:30:00 +0000</pubDate>"
            f"<description>{text}</description>{extra}</item>")  # fmt: skip


def rss(*items: str) -> bytes:
    channel = f"<channel><title>Vélo</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0" {MEDIA}>{channel}</rss>'.encode()


def velo(server, **options) -> dict:
    return {"atelier-velo": [{"adresse": f"{server.base}/feed/", "type": "rss", **options}]}


def image_requests(server) -> list[str]:
    return [path for path, _ in server.requests if path.startswith("/img/")]


def news(pipeline) -> dict[str, str]:
    return {p: d.decode() for p, d in all_files(pipeline).items() if p.endswith(".md")}


def test_allowed_images_are_taken_from_the_feed_and_re_encoded_as_the_bridges_photos(tmp_path, server):
    big, png = photo(), photo(800, 600, "PNG")
    server.routes.update({"/img/velo.jpg": big, "/img/media.jpg": photo(1200, 900), "/img/texte.png": png,
                          "/img/vignette.jpg": photo(400, 300)})  # fmt: skip
    server.routes["/feed/"] = rss(
        item(1, "Bourse aux vélos", f'<enclosure url="{server.base}/img/velo.jpg" length="1" type="image/jpeg"/>'
             f'<media:content url="{server.base}/img/media.jpg" medium="image"/>'),  # the enclosure comes first
        item(2, "Atelier freins", f'<media:content url="{server.base}/img/media.jpg" medium="image">'
             "<media:description>Deux mains réglant un frein</media:description></media:content>"),
        item(3, "Sortie du dimanche", "", '&lt;p&gt;Voir &lt;img src="/img/texte.png" alt="Le groupe au départ"&gt;',
             server.base),  # a relative address: read from the item's link
        item(4, "Podcast", '<enclosure url="https://velo.example.org/episode.mp3" type="audio/mpeg"/>'),
        item(5, "Vignette", f'<media:thumbnail url="{server.base}/img/vignette.jpg"/>'),
    )  # fmt: skip
    pipeline = make_portal(tmp_path, velo(server, images="oui"))
    report = run(pipeline, FAST)[0]
    assert (report.crees, report.erreur, report.sans_image) == (5, None, []), report.line()
    assert sorted(image_requests(server)) == ["/img/media.jpg", "/img/texte.png", "/img/velo.jpg", "/img/vignette.jpg"]
    files = all_files(pipeline)
    pictures = {p: d for p, d in files.items() if "/images/" in p}
    assert len(pictures) == 4 and all(p.startswith("associations/atelier-velo/images/import-") for p in pictures)
    texts = news(pipeline)

    def header(title: str) -> str:
        return next(t for t in texts.values() if f'titre: "{title}"' in t)

    def picture_of(title: str) -> bytes:
        name = header(title).split('fichier: "images/', 1)[1].split('"', 1)[0]
        return pictures[f"associations/atelier-velo/images/{name}"]

    # exactly the bridge's photo: same function, so only pixels (no EXIF, GPS, comment), 1600 px at most
    assert picture_of("Bourse aux vélos") == clean_photo(big)
    assert picture_of("Sortie du dimanche") == clean_photo(png)
    with Image.open(io.BytesIO(picture_of("Bourse aux vélos"))) as kept:
        assert kept.format == "JPEG" and max(kept.size) == 1600 and not kept.getexif() and "comment" not in kept.info
    assert b"Exif" not in picture_of("Bourse aux vélos") and b"commentaire" not in picture_of("Bourse aux vélos")
    # the alt text: the feed's description when it gives one, otherwise the title
    assert 'alt: "Bourse aux vélos"' in header("Bourse aux vélos")
    assert 'alt: "Deux mains réglant un frein"' in header("Atelier freins")
    assert 'alt: "Le groupe au départ"' in header("Sortie du dimanche")
    assert "image:" not in header("Podcast")  # an audio enclosure is not an image
    # the reviewers read where the image comes from, and where its description does
    for branch in branches(pipeline):
        message = pipeline.repo.git.log("-1", "--format=%B", f"refs/heads/{branch}")
        if "Bourse" in message:
            assert f"Image reprise de : {server.base}/img/velo.jpg" in message
            assert "Description de l'image : le titre de l'actualité, faute de description dans le flux" in message
        if "Atelier freins" in message:
            assert "Description de l'image : celle du flux" in message
    # what was proposed passes the portal's check, image included
    from bridge.contributions import Draft, validated

    path = next(p for p, t in texts.items() if "Atelier freins" in t)
    config = pipeline.config()
    name = header("Atelier freins").split('fichier: "images/', 1)[1].split('"', 1)[0]
    validated(Draft("actualite", "atelier-velo", "Atelier freins", path.rsplit("/", 1)[1][:-3],
                    files[path], name), config, {})  # fmt: skip

    # The feed is read again (new ETag, same items): no image is fetched again, nothing changes.
    created = branches(pipeline)
    server.routes["/feed/"] += b"\n"
    again = run(pipeline, FAST)[0]
    assert (again.crees, again.mis_a_jour, again.inchanges) == (0, 0, 5)
    assert len(image_requests(server)) == 4 and branches(pipeline) == created
    # An item's image changes address: that one is fetched, and its pending proposal updated.
    server.routes["/img/autre.jpg"] = photo(640, 480)
    server.routes["/feed/"] = server.routes["/feed/"].replace(b"/img/vignette.jpg", b"/img/autre.jpg")
    third = run(pipeline, FAST)[0]
    assert (third.crees, third.mis_a_jour, third.inchanges) == (0, 1, 4)
    assert image_requests(server)[4:] == ["/img/autre.jpg"] and branches(pipeline) == created
    updated = next(files_of(pipeline, b) for b in created if "vignette" in b)
    assert clean_photo(server.routes["/img/autre.jpg"]) in updated.values()
    # as a photo sent by the form, an imported image waits for the referent; the news without one does not
    from bridge.accounts import needs_referent

    assert needs_referent("actualite", list(updated))
    assert not needs_referent("actualite", list(next(files_of(pipeline, b) for b in created if "podcast" in b)))


def test_images_not_allowed_are_never_fetched(tmp_path, server):
    server.routes["/img/velo.jpg"] = photo(800, 600)
    server.routes["/feed/"] = rss(
        item(1, "Bourse aux vélos", f'<enclosure url="{server.base}/img/velo.jpg" type="image/jpeg"/>'),
        item(2, "Sortie", "", f'&lt;img src="{server.base}/img/velo.jpg" alt="x"&gt;'),
    )  # fmt: skip
    pipeline = make_portal(tmp_path, velo(server))  # no « images: oui »
    report = run(pipeline, FAST)[0]
    assert report.crees == 2
    server.routes["/feed/"] += b"\n"
    assert run(pipeline, FAST)[0].inchanges == 2
    assert image_requests(server) == []  # not a single request, ever
    files = all_files(pipeline)
    assert not any("/images/" in p for p in files) and not any("image:" in t for t in news(pipeline).values())


def _huge(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "image/jpeg")
    handler.end_headers()
    try:
        for _ in range(100 * 16):  # 100 MB
            handler.wfile.write(b"\xff" * 65536)
    except (BrokenPipeError, ConnectionResetError):
        pass


def _slow(handler):
    time.sleep(3)


HOSTILE = {
    "page.jpg": ("ce n'est pas une image", lambda: b"<!doctype html><html><body>Pas une image</body></html>"),
    "enorme.jpg": ("l'image fait plus de 2 Mo", None),
    "bombe.png": ("bombe de décompression", bomb),
    "dessin.svg": ("image SVG : jamais reprise", lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "pixel.gif": ("trop petite (1 × 1 pixels", None),
    "absente.jpg": ("erreur 404", None),
    "lente.jpg": ("n'a pas répondu en 1 secondes", None),
}  # fmt: skip


def test_hostile_images_leave_the_item_proposed_without_them_and_the_report_says_why(tmp_path, server):
    pixel = io.BytesIO()
    Image.new("RGB", (1, 1)).save(pixel, "GIF")
    for name, (_, make) in HOSTILE.items():
        if make is not None:
            server.routes[f"/img/{name}"] = make()
    server.routes.update({"/img/enorme.jpg": _huge, "/img/pixel.gif": pixel.getvalue(), "/img/lente.jpg": _slow})
    # each served as an image: the type is read from the content, never from the name or the Content-Type
    server.routes["/feed/"] = rss(*(
        item(n, f"Article {name}", f'<enclosure url="{server.base}/img/{name}" type="image/jpeg"/>')
        for n, name in enumerate(HOSTILE)))  # fmt: skip
    pipeline = make_portal(tmp_path, velo(server, images="oui"))
    settings = Settings(timeout=1.0, total=3.0, max_bytes=1024 * 1024, image_max_bytes=2 * 1024 * 1024)
    report = run(pipeline, settings)[0]
    assert report.crees == len(HOSTILE) and report.refuses == [] and report.erreur is None
    said = dict(zip(HOSTILE, report.sans_image, strict=True))
    for name, (reason, _) in HOSTILE.items():
        assert said[name].startswith(f"« Article {name} » : proposé sans son image") and reason in said[name], said
    assert "sans leur image" in report.line()
    files = all_files(pipeline)
    assert not any("/images/" in p for p in files) and not any(b"<script" in d for d in files.values())
    # The next import: a refused image is not fetched again; one that did not answer is tried again.
    before = len(image_requests(server))
    server.routes["/feed/"] += b"\n"
    again = run(pipeline, settings)[0]
    assert image_requests(server)[before:] == ["/img/lente.jpg"]
    assert again.inchanges == len(HOSTILE) and [s.split(" : ")[0] for s in again.sans_image] == [
        "« Article lente.jpg »"
    ]


def test_the_card_says_which_sources_may_give_images(config):
    from placette.model.card import parse_card

    folder = config.associations_path / "jardin-des-tilleuls"
    card = ("nom: Jardin\ntype: association\nresume: Un jardin.\nquartier: Les Tilleuls\nsources:\n"
            "  - adresse: https://jardin.example.org/feed/\n    type: rss\n    images: oui\n")  # fmt: skip
    found, problems = parse_card(card.encode(), "fiche.yml", folder, "jardin-des-tilleuls", config)
    assert problems == [] and found.sources[0].images is True
    wrong = card.replace("images: oui", "images: peut-être") + (
        "  - adresse: https://jardin.example.org/agenda.ics\n    type: ical\n    images: oui\n"
    )
    found, problems = parse_card(wrong.encode(), "fiche.yml", folder, "jardin-des-tilleuls", config)
    said = {(p.line, p.field): p.message for p in problems}
    assert found is None
    assert "« peut-être » : attendu « oui » ou « non »" in said[(8, "sources.images")], said
    assert "les images ne sont reprises que des actualités d'un flux RSS ou Atom" in said[(9, "sources.images")], said


ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
  <title>Jardin</title><id>tag:jardin.example.org,2026:flux</id><updated>2026-11-19T10:00:00Z</updated>
  <entry><title>Enclos</title><id>tag:j,1</id><link rel="alternate" href="https://jardin.example.org/1"/>
    <link rel="enclosure" type="image/png" href="/photos/1.png"/><published>2026-11-19T10:00:00Z</published>
    <content type="html">&lt;img src="https://jardin.example.org/autre.jpg"&gt;</content></entry>
  <entry><title>XHTML</title><id>tag:j,2</id><link href="https://jardin.example.org/2"/>
    <published>2026-11-19T10:00:00Z</published>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Voir</p>
      <img src="photos/2.jpg" alt="  Les   semis  "/></div></content></entry>
  <entry><title>Groupe</title><id>tag:j,3</id><link href="https://jardin.example.org/3"/>
    <published>2026-11-19T10:00:00Z</published>
    <media:group><media:content url="https://cdn.example.org/3.webp" type="image/webp">
      <media:title>Le jardin en hiver</media:title></media:content></media:group></entry>
  <entry><title>Données</title><id>tag:j,4</id><link href="https://jardin.example.org/4"/>
    <published>2026-11-19T10:00:00Z</published>
    <content type="html">&lt;img src="data:image/png;base64,AAAA"&gt;</content></entry>
  <entry><title>Script</title><id>tag:j,5</id><link href="https://jardin.example.org/5"/>
    <published>2026-11-19T10:00:00Z</published>
    <summary type="html">&lt;img src="javascript:alert(1)" alt="x"&gt;</summary></entry>
  <entry><title>Son</title><id>tag:j,6</id><link href="https://jardin.example.org/6"/>
    <link rel="enclosure" type="audio/mpeg" href="https://jardin.example.org/6.mp3"/>
    <published>2026-11-19T10:00:00Z</published></entry>
</feed>"""


def test_atom_images_in_the_order_said_and_nothing_but_http():
    import datetime as dt

    from placette.importer import parse_feed

    items, refusals = parse_feed.parse(ATOM_FEED.encode(), "Europe/Paris", dt.date(2026, 11, 22),
                                       "https://jardin.example.org/flux.atom")  # fmt: skip
    assert refusals == []
    found = {i.title: (i.image, i.image_alt) for i in items}
    assert found == {
        "Enclos": ("https://jardin.example.org/photos/1.png", None),  # the enclosure before the text's image
        "XHTML": ("https://jardin.example.org/photos/2.jpg", "Les semis"),  # relative to the item's link
        "Groupe": ("https://cdn.example.org/3.webp", "Le jardin en hiver"),
        "Données": (None, None), "Script": (None, None), "Son": (None, None),
    }  # fmt: skip


def test_a_trusted_source_publishes_its_news_with_the_image_and_the_site_shows_it(tmp_path, server):
    server.routes["/img/velo.jpg"] = photo(1000, 750)
    server.routes["/feed/"] = rss(item(1, "Bourse aux vélos", f'<enclosure url="{server.base}/img/velo.jpg" '
                                                               'type="image/jpeg"/>'))  # fmt: skip
    pipeline = make_portal(tmp_path, velo(server, images="oui", confiance="oui"))
    report = run(pipeline, FAST)[0]
    assert (report.crees, report.publies_directement) == (1, 1), report.line()
    from placette.publish import gitstore
    from tests.conftest import build_site

    published = gitstore.list_files(pipeline.repo, "associations/atelier-velo/images")
    assert any(p.rsplit("/", 1)[1].startswith("import-") for p in published)
    built = build_site(pipeline.config(fresh=True).root, tmp_path / "site")
    assert built.errors() == []
    pages = [p.relative_to(built.output).as_posix() for p in built.output.rglob("*bourse-aux-velos*/index.html")]
    pages += [p.relative_to(built.output).as_posix() for p in built.output.rglob("*bourse-aux-velos*.html")]
    page = built.read(pages[0])
    assert 'alt="Bourse aux vélos"' in page and "import-" in page
