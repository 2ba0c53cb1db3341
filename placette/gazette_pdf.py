"""`make gazette`: the printable programmes as PDF files, with WeasyPrint.

    python -m placette.gazette_pdf output

Each `gazette/**/index.html` of the built site becomes `gazette.pdf` beside it.
"""

from __future__ import annotations

import sys
from pathlib import Path


def render(output: Path) -> list[tuple[Path, int]]:
    from weasyprint import HTML

    made = []
    for page in sorted((output / "gazette").rglob("index.html")):
        document = HTML(filename=str(page)).render()
        target = page.with_name("gazette.pdf")
        document.write_pdf(str(target))
        made.append((target, len(document.pages)))
    return made


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    output = Path(argv[0] if argv else "output")
    if not (output / "gazette").is_dir():
        print(f"Pas de gazette dans {output}/ : lancez d'abord « make html ».")
        return 1
    try:
        made = render(output)
    except ImportError:
        print("WeasyPrint est absent : pip install weasyprint (et apt-get install libpango-1.0-0 libpangoft2-1.0-0).")
        return 1
    for target, pages in made:
        print(f"{target} : {pages} page(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
