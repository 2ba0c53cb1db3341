"""The partner's first use, on a 360 px phone in Chromium: feeds opened in the
browser explain themselves in French, calendar links subscribe (webcal://)
and their address can be copied, the subscription pages are short."""

from __future__ import annotations

import pytest

from tests.browser import axe_script, route_public
from tests.conftest import PUBLIC_URL

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 640}


def axe(page) -> list:
    """axe-core's violations, outside the red banner Chromium itself adds to
    any page made by XSLT (« XSLT is being removed »): not ours to fix."""
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("async () => await axe.run({exclude: [['xslt-warning-banner']]})")
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]


@pytest.mark.parametrize("feed", ["feeds/actualites.atom.xml", "feeds/agenda.rss.xml",
                                  "associations/les-voisines/actualites.atom.xml"])  # fmt: skip
def test_a_feed_opened_in_the_browser_is_a_french_page(browser, demo_site, feed):
    page = browser.new_page(viewport=PHONE)
    assert page.goto(f"{demo_site}/{feed}").status == 200
    assert page.evaluate("document.documentElement.lang") == "fr"
    text = page.inner_text("main")
    assert "Cette page n'est pas faite pour être lue ici" in text
    assert "lecteur de flux" in text and "Adresse du flux" in text
    assert page.inner_text("h1").startswith("Placette des Quatre-Vents") or "—" in page.inner_text("h1")
    assert page.locator(".entries li").count() > 0
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width  # nothing scrolls sideways, not even the long address
    assert axe(page) == []
    page.close()


def test_without_xslt_the_feed_still_explains_itself(browser, demo_site):
    """Browsers are removing XSLT: the CSS stylesheet declared after it then
    shows the French notice and the titles instead of raw XML."""
    from tests.browser import FLAGS, chromium

    without = browser.browser_type.launch(executable_path=chromium(), args=[
        *(f for f in FLAGS if f != "--headless"), "--disable-features=XSLT"])  # fmt: skip
    try:
        page = without.new_page(viewport=PHONE)
        page.goto(f"{demo_site}/feeds/actualites.atom.xml")
        notice = page.evaluate("getComputedStyle(document.documentElement, '::before').content")
        assert "pas faite pour être lue ici" in notice and "lecteur de flux" in notice
        assert page.evaluate("document.documentElement.localName") == "feed"  # not transformed
        shown = page.evaluate("getComputedStyle(document.querySelector('entry > title')).display")
        hidden = page.evaluate("getComputedStyle(document.querySelector('entry > content')).display")
        assert (shown, hidden) == ("block", "none")
    finally:
        without.close()


def test_calendar_links_subscribe_and_copy(browser, demo_month_end):
    context = browser.new_context(viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    route_public(page, PUBLIC_URL, demo_month_end.output)
    page.goto(PUBLIC_URL + "/associations/plume-et-papiers/")
    link = page.locator(".subscribe a.button")
    assert link.get_attribute("href") == "webcal://placette.example.org/associations/plume-et-papiers/agenda.ics"
    button = page.locator("button.copy").first
    assert button.is_visible()
    button.click()
    page.wait_for_selector("text=Adresse copiée")
    assert page.evaluate("navigator.clipboard.readText()") == PUBLIC_URL + "/associations/plume-et-papiers/agenda.ics"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_development_build_writes_webcal_from_the_page_address(browser, demo_site):
    page = browser.new_page(viewport=PHONE)
    page.goto(demo_site + "/agenda/")
    host = demo_site.split("://", 1)[1]
    assert page.locator(".subscribe a.button").get_attribute("href") == f"webcal://{host}/agenda/agenda.ics"
    assert page.locator(".subscribe code.address").inner_text() == f"{demo_site}/agenda/agenda.ics"
    page.close()


@pytest.mark.parametrize("url", ["/abonnement/", "/abonnement/associations/", "/abonnement/themes/",
                                 "/abonnement/quartiers/"])  # fmt: skip
def test_subscription_pages_are_short_and_accessible(browser, demo_site, url):
    """The single page was about 7,000 px of small links at 360 px. The main
    page now also gives the embeddable agenda's code and its live preview
    (about 500 px more): 5,000 px."""
    page = browser.new_page(viewport=PHONE)
    assert page.goto(demo_site + url).status == 200
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 5000, height
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe(page) == []
    page.close()


def test_finding_an_association_without_and_with_javascript(browser, demo_site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(demo_site + "/abonnement/associations/")
    assert page.locator("#filtre").is_hidden()
    page.click("text=Le Moulin")  # the sub-neighbourhood's anchor
    page.click("#la-rustine summary")
    assert page.locator("#la-rustine .sub-links").is_visible()
    context.close()
    page = browser.new_page(viewport=PHONE)
    page.goto(demo_site + "/abonnement/associations/")
    page.fill("#filtre", "rustine")
    visible = page.locator(".subscription:visible")
    assert visible.count() == 1 and "La Rustine" in visible.inner_text()
    page.fill("#filtre", "ecrivain")  # accents do not matter
    page.fill("#filtre", "")
    assert page.locator(".subscription:visible").count() == 22
    page.close()
