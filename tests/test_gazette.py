"""The printed weekly programme: short, complete, and on one or two A4 pages."""

import re

import pytest

from tests.conftest import build_site


def test_whole_portal_edition(scratch_site, tmp_path):
    (scratch_site / "associations/atelier-velo/agenda/couture.md").write_text(
        "---\ntitre: Atelier couture\ndebut: 2026-11-04 14:00\nfin: 16:00\nregle: FREQ=WEEKLY;BYDAY=WE\n---\n"
    )
    html = build_site(scratch_site, tmp_path / "out").read("gazette/index.html")
    assert "Du dimanche 22 novembre au dimanche 29 novembre 2026" in html  # this week and next
    weekly = html.split('id="g-semaine"')[1].split("</section>")[0]
    # a weekly permanence is said once, in words, not repeated on every day
    assert weekly.count("Atelier couture") == 1
    assert "tous les mercredis de 14 h à 16 h" in weekly
    assert "Atelier couture" not in html.split('id="g-jours"')[1]
    days = html.split('id="g-jours"')[1]
    # ...but its cancelled session still shows on its day
    assert re.search(
        r"Mardi 24 novembre 2026</h3>\s*<ul>\s*<li>.*?Permanence au jardin</strong> — <strong>ANNULÉ", days, re.S
    )
    assert html.count("<svg") == 1 and "QR code" in html


def test_demo_edition_lists_the_next_days(demo_build):
    html = demo_build.read("gazette/index.html")
    assert "Thé dansant" in html and "REPORTÉ" in html


def test_editions_per_sub_neighbourhood(demo_build):
    for quartier in ("les-tilleuls", "le-moulin", "la-source", "champ-fleuri"):
        assert (demo_build.output / f"gazette/{quartier}/index.html").is_file()
    moulin = demo_build.read("gazette/le-moulin/index.html")
    source = demo_build.read("gazette/la-source/index.html")
    assert "La Rustine" in moulin and "La Rustine" not in source


@pytest.mark.browser
def test_chromium_prints_it_on_two_pages_at_most(browser, demo_site):
    page = browser.new_page()
    for url in ("/gazette/", "/gazette/le-moulin/"):
        page.goto(demo_site + url)
        pdf = page.pdf(format="A4")
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert 1 <= pages <= 2, (url, pages)
    page.close()


def test_make_gazette_pdf(demo_build):
    pytest.importorskip("weasyprint", reason="WeasyPrint est absent : pip install weasyprint")
    from placette.cli.gazette_pdf import render

    made = render(demo_build.output)
    assert len(made) == 5
    for target, pages in made:
        assert target.read_bytes().startswith(b"%PDF") and 1 <= pages <= 2, (target, pages)


def test_printing_a_production_build_reads_its_stylesheets_from_disk(scratch_site, tmp_path):
    """With absolute addresses (https://quartier.test/theme/...), WeasyPrint
    would fetch the stylesheets from the network: they are read from output/."""
    pytest.importorskip("weasyprint", reason="WeasyPrint est absent : pip install weasyprint")
    import logging

    from placette.cli.gazette_pdf import local_fetcher, render

    build = build_site(scratch_site, tmp_path / "out", SITEURL="https://quartier.test", RELATIVE_URLS=False)
    assert "<title>QR code : https://quartier.test/agenda/</title>" in build.read("gazette/index.html")
    messages = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())
    logging.getLogger("weasyprint").addHandler(handler)
    try:
        made = render(build.output, "https://quartier.test")
    finally:
        logging.getLogger("weasyprint").removeHandler(handler)
    assert len(made) == 5 and not [m for m in messages if "Failed" in m or "fail" in m], messages
    fetch = local_fetcher(build.output, "https://quartier.test")
    css = fetch("https://quartier.test/theme/css/gazette.css")
    assert b"@page" in (css.read() if hasattr(css, "read") else css["string"])
    for url in ("https://ailleurs.test/x.css", "https://quartier.test/../../etc/passwd"):
        with pytest.raises(ValueError):
            fetch(url)


def test_the_pdfs_of_a_development_build_are_refused(mini_build, monkeypatch, capsys):
    from placette.cli.gazette_pdf import main

    monkeypatch.setenv("PLACETTE_SITEURL", "https://quartier.test")
    assert main([str(mini_build.output)]) == 1
    said = capsys.readouterr().out
    assert "son QR code mène à « http://127.0.0.1:8000/agenda/" in said and "pas à https://quartier.test/" in said
    assert "Lancez « make gazette »" in said
    assert not list(mini_build.output.rglob("gazette.pdf"))


def test_month_end_edition_covers_this_week_and_the_next(demo_month_end):
    """Built on Monday 30 November: from that day to Sunday 13 December, each day once."""
    html = demo_month_end.read("gazette/index.html")
    assert "Du lundi 30 novembre au dimanche 13 décembre 2026" in html
    days = re.findall(r"<h3>([^<]+)</h3>", html.split('id="g-jours"')[1])
    assert len(days) == len(set(days)) and days[0] == "Lundi 30 novembre 2026"
    assert "Lundi 14 décembre 2026" not in html and "Dimanche 29 novembre" not in html
