"""The bridge's pictures for `make screenshots` (360x640): the receipt, the
tracking page, the reviewer's before/after table, and the news form in Arabic
(issue 18), on the demo portal."""

from __future__ import annotations

from pathlib import Path


def take(browser, folder: Path, work: Path) -> list[Path]:
    from argon2 import PasswordHasher

    from tests.clients import free_port, portal_repository, start_server
    from tests.conftest import ROOT

    repository = portal_repository(ROOT, work / "portail")
    data, port = work / "passerelle", free_port()
    data.mkdir(parents=True)
    digest = PasswordHasher().hash("motdepasse-1")
    (data / "comptes.toml").write_text(f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{digest}"\n',
                                       encoding="utf-8")  # fmt: skip
    server = start_server(data, repository, port)
    base, made = f"http://127.0.0.1:{port}", []
    try:
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.goto(base + "/evenement")
        page.select_option("#association", "plume-et-papiers")
        page.fill("#titre", "Atelier lettres de motivation")
        page.fill("#date", "7 janvier")
        page.fill("#heure_debut", "14:00")
        page.fill("#heure_fin", "16:00")
        page.check("input[name=repetition][value=chaque_semaine]")
        page.check("input[name=jours][value=jeudi]")
        page.fill("#sans_seance", "11/02\n18/02")
        page.click("button[type=submit]")
        made.append(folder / "passerelle-recu.png")
        page.screenshot(path=str(made[-1]))
        page.goto(page.locator(".tracking a").inner_text())
        made.append(folder / "passerelle-suivi.png")
        page.screenshot(path=str(made[-1]))
        page.goto(base + "/modifier?association=plume-et-papiers&fichier=agenda/permanence-du-lundi")
        page.fill("#heure_fin", "18:00")
        page.fill("#jusqu_au", "30 juin 2027")
        page.click("button[type=submit]")
        page.goto(base + "/relecture/")
        page.fill("#identifiant", "lea")
        page.fill("#mot_de_passe", "motdepasse-1")
        page.click("button[type=submit]")
        page.click("text=Permanence de l'écrivain public")
        made.append(folder / "relecture-changements.png")
        page.locator("#t-diff").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('t-diff').scrollIntoView()")
        page.screenshot(path=str(made[-1]))
        page.close()
        arabic = browser.new_page(viewport={"width": 360, "height": 640}, locale="ar")
        arabic.goto(base + "/actualite?langue=ar")
        arabic.select_option("#association", "plume-et-papiers")
        arabic.fill("#titre", "ورشة كتابة الرسائل الإدارية")
        arabic.fill("#texte", "نساعدكم على كتابة رسائلكم إلى CAF و France Travail.")
        arabic.evaluate("document.activeElement.blur(); window.scrollTo(0, 0)")
        made.append(folder / "passerelle-formulaire-ar.png")
        arabic.screenshot(path=str(made[-1]))
        arabic.close()
    finally:
        server.terminate()
        server.wait(20)
    return made
