"""From real headless Chromium: a volunteer proposes an event, a reviewer
logs in, reads the queue, the check list and the preview, and publishes it."""

import json

import pytest
from argon2 import PasswordHasher

from tests.browser import axe_script
from tests.clients import free_port, git, start_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(portal_repository, tmp_path_factory):
    data, port = tmp_path_factory.mktemp("review-browser") / "data", free_port()
    data.mkdir(parents=True)
    (data / "comptes.toml").write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("motdepasse-1")}"\n'
    )
    process = start_server(data, portal_repository, port)
    yield f"http://127.0.0.1:{port}", data
    process.terminate()
    process.wait(20)


def test_volunteer_to_published(browser, server):
    base, data = server
    context = browser.new_context(viewport={"width": 360, "height": 740})
    volunteer = context.new_page()
    volunteer.goto(base + "/evenement")
    volunteer.select_option("#association", "jardin-des-tilleuls")
    volunteer.fill("#titre", "Troc de graines")
    volunteer.fill("#date", "2026-12-12")
    volunteer.fill("#heure_debut", "10:00")
    volunteer.fill("#heure_fin", "12:00")
    volunteer.click("text=Plus de détails")
    volunteer.fill("#texte", "Infos au 01 99 00 10 01.")
    volunteer.click("button[type=submit]")
    tracking = volunteer.locator(".tracking a").inner_text()

    # axe-core is injected as a script: the bridge's Content-Security-Policy is bypassed for the audit only
    reviewer = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=True).new_page()
    reviewer.goto(base + "/relecture/")
    reviewer.fill("#identifiant", "lea")
    reviewer.fill("#mot_de_passe", "motdepasse-1")
    reviewer.click("button[type=submit]")
    assert "1 proposition en attente" in reviewer.locator("h1").inner_text()
    reviewer.add_script_tag(path=str(axe_script()))  # the queue page: no axe violation
    assert reviewer.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
    reviewer.click("text=Troc de graines")
    assert "un numéro de téléphone figure dans le texte" in reviewer.content()
    reviewer.add_script_tag(path=str(axe_script()))
    violations = reviewer.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)")
    assert violations == [], json.dumps(violations)
    with reviewer.expect_navigation():
        reviewer.click("text=Voir la page telle qu'elle sera publiée")
    assert reviewer.locator("h1").inner_text() == "Troc de graines"
    reviewer.go_back()
    reviewer.click("button:has-text('Publier')")
    assert "Publiée" in reviewer.locator("[role=status]").inner_text()
    assert "associations/jardin-des-tilleuls/agenda/2026-12-12-troc-de-graines.md" in git(
        data / "portail.git", "ls-tree", "-r", "--name-only", "main"
    )
    volunteer.goto(tracking)
    assert "publiée" in volunteer.content()


def test_the_reviewer_s_page_at_360_px(browser, server):
    base, data = server
    volunteer = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    volunteer.goto(base + "/evenement")
    volunteer.select_option("#association", "atelier-velo")
    volunteer.fill("#titre", "Atelier du jeudi")
    volunteer.fill("#date", "3 décembre")
    volunteer.fill("#heure_debut", "17:00")
    volunteer.fill("#heure_fin", "19:00")
    volunteer.check("input[name=repetition][value=chaque_semaine]")
    volunteer.check("input[name=jours][value=jeudi]")
    volunteer.fill("#sans_seance", "24/12, 31/12")
    volunteer.click("button[type=submit]")
    reviewer = browser.new_context(viewport={"width": 360, "height": 640}).new_page()
    reviewer.goto(base + "/relecture/")
    reviewer.fill("#identifiant", "lea")
    reviewer.fill("#mot_de_passe", "motdepasse-1")
    reviewer.click("button[type=submit]")
    assert "Événement, Atelier Vélo Roue Libre" in reviewer.locator(".queue").inner_text()
    reviewer.click("text=Atelier du jeudi")
    after = reviewer.locator("table.changes tr", has_text="Quand").locator("td").nth(1).inner_text()
    assert after.startswith(
        "Tous les jeudis de 17 h à 19 h, à partir du 3 décembre 2026, sauf le 24 décembre 2026 et le 31 décembre 2026"
    )
    assert not reviewer.locator("pre.diff").is_visible()  # behind « détails techniques »
    assert reviewer.evaluate("document.documentElement.scrollWidth") <= 360
    looks = reviewer.evaluate("""() => ['button.publish', 'button.secondary', 'button.danger'].map(s => {
        const style = getComputedStyle(document.querySelector('.decision ' + s));
        return [style.backgroundColor, style.color, style.borderTopColor].join(' ');
    })""")
    assert len(set(looks)) == 3, looks
    # under the bridge's real Content-Security-Policy (an injected <script> is refused): through DevTools
    reviewer.evaluate(axe_script().read_text(encoding="utf-8"))
    assert reviewer.evaluate("async () => (await axe.run(document)).violations.map(v => v.id)") == []
    reviewer.fill("#motif-ref", "Doublon")
    reviewer.click("button:has-text('Refuser')")
    assert reviewer.locator("h1").inner_text() == "Refuser « Atelier du jeudi » ?"
    reviewer.click("button:has-text('Oui, refuser')")
    assert "Refusée" in reviewer.locator("[role=status]").inner_text()
