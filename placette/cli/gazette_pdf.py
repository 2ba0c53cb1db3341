"""`make gazette`: the printable programmes as PDF files, with WeasyPrint.

    PLACETTE_SITEURL=https://<the portal's address> python -m placette.cli.gazette_pdf output

Each `gazette/**/index.html` of the built site becomes `gazette.pdf` beside it.
The PDFs are for the noticeboard: their QR code must lead to the public agenda,
so the public address is required (placette/build/siteurl.py) and pages built for
another address (the development build's 127.0.0.1) are refused. The site's
own files (stylesheets, images) are read from the output folder, never fetched
from the network.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from placette.build.siteurl import SiteUrlError, public_siteurl

_QR_TITLE = re.compile(r"<title>QR code : ([^<]+)</title>")


def qr_targets(output: Path) -> dict[Path, str]:
    """The address in each programme's QR code (segno writes it in the SVG title)."""
    targets = {}
    for page in sorted((output / "gazette").rglob("index.html")):
        match = _QR_TITLE.search(page.read_text(encoding="utf-8"))
        targets[page] = match.group(1).replace("&amp;", "&") if match else ""
    return targets


def local_fetcher(output: Path, siteurl: str | None):
    """WeasyPrint's fetcher for a site built with absolute addresses: the
    site's URLs are files of `output`; any other http(s) URL is refused."""
    from weasyprint import urls

    root = output.resolve()

    def local(url: str) -> str:
        if siteurl and url.startswith(siteurl + "/"):
            path = (root / unquote(urlsplit(url[len(siteurl) + 1 :]).path)).resolve()
            if not path.is_relative_to(root):
                raise ValueError(f"{url} : hors du site")
            return path.as_uri()
        if url.startswith(("http:", "https:")):
            raise ValueError(f"{url} : pas de téléchargement pendant l'impression")
        return url

    if hasattr(urls, "URLFetcher"):  # WeasyPrint >= 68: a fetcher class

        class Fetcher(urls.URLFetcher):
            def fetch(self, url, headers=None):
                return super().fetch(local(url), headers)

        return Fetcher(allowed_protocols=("file", "data"))
    return lambda url, *args, **kwargs: urls.default_url_fetcher(local(url), *args, **kwargs)


def render(output: Path, siteurl: str | None = None) -> list[tuple[Path, int]]:
    from weasyprint import HTML

    made = []
    fetcher = local_fetcher(output, siteurl)
    for page in sorted((output / "gazette").rglob("index.html")):
        document = HTML(filename=str(page), url_fetcher=fetcher).render()
        target = page.with_name("gazette.pdf")
        document.write_pdf(str(target))
        made.append((target, len(document.pages)))
    return made


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    output = Path(argv[0] if argv else "output")
    try:
        siteurl = public_siteurl(printed=True)
    except SiteUrlError as exc:
        print(exc)
        return 1
    if not (output / "gazette").is_dir():
        print(f"Pas de gazette dans {output}/ : lancez « make gazette », qui construit le site puis les PDF.")
        return 1
    for page, target in qr_targets(output).items():
        if not target.startswith(siteurl + "/"):
            print(f"{page} : son QR code mène à « {target} », pas à {siteurl}/ : ce site a été construit pour "
                  "une autre adresse. Lancez « make gazette », qui le reconstruit avec l'adresse publique.")  # fmt: skip
            return 1
    try:
        made = render(output, siteurl)
    except ImportError:
        print("WeasyPrint est absent : pip install weasyprint (et apt-get install libpango-1.0-0 libpangoft2-1.0-0).")
        return 1
    for target, pages in made:
        print(f"{target} : {pages} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
