"""The bridge: each kind of proposal becomes one commit on its own branch,
with files the build accepts; errors are French, per field, never a 500."""

import io
import re
import subprocess

import pytest
from PIL import Image

from placette.model.card import parse_card
from placette.model.event_file import parse_event
from placette.model.news import parse_news
from tests.bridge_client import branches, show, submit, tracking_link

NEWS = {"association": "jardin-des-tilleuls", "titre": "Grande fête : venez #nombreux", "date": "2026-11-22",
        "texte": "On vous attend !", "themes": ["culture"], "auteur": "Marie"}  # fmt: skip


def config_of(app):
    return app.extensions["placette"].pipeline.config()


def test_news_becomes_one_commit_on_a_new_branch(bridge_app):
    client = bridge_app.test_client()
    response = submit(client, "/actualite", NEWS)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    assert re.match(r"^propositions/jardin-des-tilleuls/2026-11-22-grande-fete-venez-nombreux-[0-9a-f]{12}$", branch)
    path = "associations/jardin-des-tilleuls/actualites/2026-11-22-grande-fete-venez-nombreux.md"
    data = show(bridge_app, branch, path)
    config = config_of(bridge_app)
    item, problems = parse_news(
        data, path, config.root / path, config, config.associations_path / "jardin-des-tilleuls"
    )
    assert problems == [] and item.values["title"] == "Grande fête : venez #nombreux"
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    log = subprocess.run(
        ["git", "-C", repo, "log", "-1", "--format=%an|%ae|%cn", branch], capture_output=True, text=True
    ).stdout
    assert log.strip() == "Marie|contribution@placette.invalid|Placette (passerelle)"
    assert subprocess.run(["git", "-C", repo, "fsck", "--strict"], capture_output=True).returncode == 0
    # the tracking page
    page = client.get(tracking_link(response.get_data(as_text=True)))
    assert "en attente de relecture" in page.get_data(as_text=True)


def test_errors_are_shown_per_field_and_the_form_keeps_what_was_typed(bridge_app):
    client = bridge_app.test_client()
    response = submit(client, "/actualite", {**NEWS, "titre": "", "date": "2026-02-31", "texte": "Mon texte"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#titre"' in html
    assert 'aria-invalid="true"' in html
    assert "Mon texte</textarea>" in html  # kept
    assert branches(bridge_app) == []


def test_recurring_event_from_plain_french_choices(bridge_app):
    client = bridge_app.test_client()
    form = {"association": "atelier-velo", "titre": "Atelier réparation", "date": "2026-12-01",
            "heure_debut": "14:00", "heure_fin": "17:00", "repetition": "chaque_semaine",
            "jours": ["mercredi", "samedi"], "jusqu_au": "2027-06-30", "sans_seance": "2026-12-19 au 2027-01-03",
            "public": ["adultes"], "prix": "gratuit"}  # fmt: skip
    response = submit(client, "/evenement", form)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    path = "associations/atelier-velo/agenda/2026-12-02-atelier-reparation.md"
    data = show(bridge_app, branch, path)
    text = data.decode()
    assert 'regle: "FREQ=WEEKLY;BYDAY=WE,SA;UNTIL=20270630"' in text
    assert 'debut: "2026-12-02 14:00"' in text  # the first Wednesday on or after the date
    config = config_of(bridge_app)
    item, problems = parse_event(
        data, path, config.root / path, config, config.associations_path / "atelier-velo", "atelier-velo"
    )
    assert problems == [] and item.event.exdates


def test_monthly_event(bridge_app):
    client = bridge_app.test_client()
    form = {"association": "atelier-velo", "titre": "Bourse", "date": "2026-12-01", "heure_debut": "10:00",
            "repetition": "chaque_mois", "position": "1", "jour_du_mois": "samedi"}  # fmt: skip
    assert submit(client, "/evenement", form).status_code == 201
    (branch,) = branches(bridge_app)
    text = show(bridge_app, branch, "associations/atelier-velo/agenda/2026-12-05-bourse.md").decode()
    assert 'regle: "FREQ=MONTHLY;BYDAY=1SA"' in text


def test_card_update_is_prefilled_and_keeps_logo_and_maintainers(bridge_app):
    client = bridge_app.test_client()
    page = client.get("/fiche?association=jardin-des-tilleuls").get_data(as_text=True)
    assert 'value="Jardin des Tilleuls"' in page and 'value="01 99 00 10 01"' in page
    form = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin partagé.", "quartier": "Les Tilleuls", "horaires_lundi": "9:00-12:00",
            "telephone": "01 99 00 10 09", "themes": ["environnement"]}  # fmt: skip
    response = submit(client, "/fiche?association=jardin-des-tilleuls", form)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    data = show(bridge_app, branch, "associations/jardin-des-tilleuls/association.yml")
    config = config_of(bridge_app)
    card, problems = parse_card(
        data, "x", config.associations_path / "jardin-des-tilleuls", "jardin-des-tilleuls", config
    )
    assert problems == [] and card.phone == "01 99 00 10 09"
    assert card.logo.file == "images/logo.png" and card.maintainers == ["a.martin"]


def test_card_errors(bridge_app):
    client = bridge_app.test_client()
    form = {"association": "jardin-des-tilleuls", "nom": "Jardin", "type": "association", "resume": "x",
            "quartier": "Les Tilleuls", "horaires_lundi": "25:00-26:00", "courriel": "pas-un-courriel"}  # fmt: skip
    html = submit(client, "/fiche?association=jardin-des-tilleuls", form).get_data(as_text=True)
    assert "« 25:00 » n&#39;est pas une heure" in html and "n&#39;est pas une adresse de courriel" in html


def test_new_association_and_existing_slug(bridge_app):
    client = bridge_app.test_client()
    form = {
        "nom": "Les Amis du Lavoir",
        "type": "association",
        "resume": "On restaure le lavoir.",
        "quartier": "La Source",
    }
    assert submit(client, "/nouvelle-association", form).status_code == 201
    assert any(b.startswith("propositions/les-amis-du-lavoir/") for b in branches(bridge_app))
    again = submit(client, "/nouvelle-association", {**form, "nom": "Atelier Velo"})
    assert again.status_code == 400 and "existe déjà" in again.get_data(as_text=True)


def test_cancel_one_session_and_a_whole_event(bridge_app):
    client = bridge_app.test_client()
    page = client.get("/annuler?association=jardin-des-tilleuls").get_data(as_text=True)
    assert "Permanence au jardin" in page and 'value="2026-12-08T14:00:00"' in page
    response = submit(client, "/annuler?association=jardin-des-tilleuls",
                      {"association": "jardin-des-tilleuls", "evenement": "permanence", "seance": "2026-12-08T14:00:00",
                       "motif": "Jardin fermé"})  # fmt: skip
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    text = show(bridge_app, branch, "associations/jardin-des-tilleuls/agenda/permanence.md").decode()
    assert "  - date: 2026-12-08 14:00\n    statut: annulé\n    note: Jardin fermé\n" in text
    assert "formation des bénévoles" in text  # the existing override is kept
    whole = submit(client, "/annuler?association=atelier-velo",
                   {"association": "atelier-velo", "evenement": "atelier-du-samedi", "seance": ""})  # fmt: skip
    assert whole.status_code == 201
    cancelled = [b for b in branches(bridge_app) if "atelier-velo" in b][0]
    assert (
        "\nstatut: annulé\n"
        in show(bridge_app, cancelled, "associations/atelier-velo/agenda/atelier-du-samedi.md").decode()
    )


def photo_bytes(size=(2400, 1800)):
    image = Image.new("RGB", size, (200, 100, 50))
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (46.0, 34.0, 52.0), 3: "E", 4: (0.0, 20.0, 31.0)}
    exif[0x0112] = 6
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_photo_is_cleaned(bridge_app):
    client = bridge_app.test_client()
    files = {"photo": (io.BytesIO(photo_bytes()), "IMG_0001.JPG")}
    data = {**NEWS, "photo_alt": "Des enfants au jardin", "photo_accord": "oui"}
    response = submit(client, "/actualite", data, files)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    names = subprocess.run(["git", "-C", repo, "ls-tree", "-r", "--name-only", branch, "associations/jardin-des-tilleuls/images"],
                           capture_output=True, text=True).stdout.split()  # fmt: skip
    photo_path = [n for n in names if "photo-" in n][0]
    stored = show(bridge_app, branch, photo_path)
    with Image.open(io.BytesIO(stored)) as image:
        assert image.size == (1200, 1600) and not image.getexif()
    assert b"Exif" not in stored and len(stored) < 300_000


@pytest.mark.parametrize("payload, words", [
    (b"GIF89a<script>alert(1)</script>", "pas une photo"),
    (b"%PDF-1.4 not an image", "pas une photo"),
])  # fmt: skip
def test_photo_refused_by_content(bridge_app, payload, words):
    client = bridge_app.test_client()
    files = {"photo": (io.BytesIO(payload), "photo.jpg")}
    response = submit(client, "/actualite", {**NEWS, "photo_alt": "x", "photo_accord": "oui"}, files)
    assert response.status_code == 400 and words in response.get_data(as_text=True)


def test_photo_needs_alt_and_consent(bridge_app):
    client = bridge_app.test_client()
    response = submit(client, "/actualite", NEWS, {"photo": (io.BytesIO(photo_bytes((300, 200))), "p.jpg")})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "décrivez la photo" in html and "sont d&#39;accord" in html


def test_abuse_protections(bridge_app):
    client = bridge_app.test_client()
    no_csrf = client.post("/actualite", data=NEWS)
    assert no_csrf.status_code == 403 and "rechargez la page" in no_csrf.get_data(as_text=True)
    honeypot = submit(client, "/actualite", {**NEWS, "site_web_perso": "http://spam.example"})
    assert honeypot.status_code == 400
    bridge_app.config["FORM_MIN_AGE"] = 60
    too_fast = submit(client, "/actualite", NEWS)
    assert too_fast.status_code == 400 and "trop rapide" in too_fast.get_data(as_text=True)
    assert "On vous attend !</textarea>" in too_fast.get_data(as_text=True)
    bridge_app.config["FORM_MIN_AGE"] = 0
    bridge_app.config["RATE_LIMIT"] = (2, 300)
    statuses = [submit(client, "/actualite", {**NEWS, "titre": f"Titre {i}"}).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    assert client.get("/suivi/inconnu").status_code == 404
    json_error = client.get("/nulle-part", headers={"Accept": "application/json"})
    assert json_error.status_code == 404 and json_error.get_json()["message"] == "Cette page n'existe pas."


def test_too_large_upload_is_413(bridge_app):
    bridge_app.config["MAX_CONTENT_LENGTH"] = 1000
    response = bridge_app.test_client().post("/actualite", data={"photo": (io.BytesIO(b"x" * 5000), "big.jpg")},
                                            content_type="multipart/form-data")  # fmt: skip
    assert response.status_code == 413 and "trop gros" in response.get_data(as_text=True)


def test_withdraw_keeps_the_branch_under_another_name(bridge_app):
    client = bridge_app.test_client()
    link = tracking_link(submit(client, "/actualite", NEWS).get_data(as_text=True))
    page = client.get(link).get_data(as_text=True)
    from tests.bridge_client import tokens

    response = client.post(link + "/retirer", data=tokens(page))
    assert response.status_code == 303
    assert "retirée" in client.get(link).get_data(as_text=True)
    assert branches(bridge_app) == []
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    kept = subprocess.run(["git", "-C", repo, "for-each-ref", "refs/retirees"], capture_output=True, text=True).stdout
    assert "propositions/jardin-des-tilleuls/" in kept


def test_refuses_to_start_without_a_secret(monkeypatch, tmp_path):
    from bridge.app import create_app

    monkeypatch.delenv("PLACETTE_BRIDGE_SECRET_KEY", raising=False)
    with pytest.raises(SystemExit, match="clé secrète"):
        create_app({"DATA_DIR": str(tmp_path)})


def test_creating_the_app_opens_nothing_until_first_use(portal_repository, tmp_path):
    """create_app reads and checks the settings, nothing more: the repository,
    the databases, the folders and the mail queue are opened on first use
    (bridge/services.py), and no thread is started."""
    import threading

    from bridge.app import create_app

    data, site = tmp_path / "bridge", tmp_path / "site"
    threads = threading.active_count()
    app = create_app({"TESTING": True, "DATA_DIR": str(data), "SOURCE_REPOSITORY": str(portal_repository),
                      "PUBLISH_DIR": str(site), "SMTP_HOST": "127.0.0.1", "SMTP_SECURITY": "aucune",
                      "SMTP_SENDER": "Portail <portail@example.org>", "PUBLIC_URL": "https://proposer.example.org/"})  # fmt: skip
    assert not data.exists() and not site.exists()
    assert threading.active_count() == threads
    assert app.test_client().get("/actualite").status_code == 200  # the first use opens everything
    pipeline = app.extensions["placette"].pipeline
    assert (data / "portail.git").is_dir() and (data / "bridge.sqlite3").is_file()
    assert pipeline.mail is not None and pipeline.rebuilder is not None
    assert app.extensions["placette"].start() is pipeline  # once


def test_a_content_file_s_page_follows_the_portal_s_associations_folder():
    """The bridge reads repository paths through placette.model.layout (the
    portal's ASSOCIATIONS path), while the site's addresses stay the same."""
    from bridge.preview import page_of
    from placette.model.layout import Layout

    where = Layout("contenu/assos")
    assert page_of("contenu/assos/velo/association.yml", where) == "associations/velo/"
    assert page_of("contenu/assos/velo/agenda/atelier.md", where) == "associations/velo/agenda/atelier/"
    assert page_of("contenu/assos/velo/images/photo.jpg", where) == ""
    assert page_of("associations/velo/association.yml", where) == ""  # not where this portal keeps them
    assert page_of("associations/velo/actualites/troc.md") == "associations/velo/actualites/troc/"


def test_spool_keeps_a_submission_when_git_fails(bridge_app, monkeypatch):
    from placette.publish import gitstore

    pipeline = bridge_app.extensions["placette"].pipeline

    def busy(*args, **kwargs):
        raise gitstore.StoreError("index.lock exists")

    monkeypatch.setattr(pipeline.committer, "commit", busy)
    response = submit(bridge_app.test_client(), "/actualite", NEWS)
    assert response.status_code == 201 and "très occupé" in response.get_data(as_text=True)
    assert branches(bridge_app) == [] and len(list(pipeline.spool_dir.glob("*.json"))) == 1
    monkeypatch.undo()
    assert pipeline.drain() == 1
    assert len(branches(bridge_app)) == 1 and list(pipeline.spool_dir.glob("*.json")) == []
    # and the contributor's tracking link works once committed
    link = tracking_link(response.get_data(as_text=True))
    assert "en attente" in bridge_app.test_client().get(link).get_data(as_text=True)


def test_edit_a_published_event_keeps_what_the_form_does_not_show(bridge_app):
    client = bridge_app.test_client()
    listing = client.get("/modifier?association=jardin-des-tilleuls").get_data(as_text=True)
    assert "agenda/permanence" in listing and "actualites/2026-03-14-reouverture" in listing
    page = client.get("/modifier?association=jardin-des-tilleuls&fichier=agenda/permanence").get_data(as_text=True)
    assert 'value="Permanence au jardin"' in page and 'value="14:00"' in page
    assert re.search(r'value="chaque_semaine" checked', page) and re.search(r'value="mardi" checked', page)
    form = {"association": "autre-chose", "titre": "Permanence au jardin", "date": "2026-10-06", "heure_debut": "14:00",
            "heure_fin": "18:00", "repetition": "chaque_semaine", "jours": ["mardi"], "prix": "gratuit",
            "sans_seance": "2026-12-21 au 2027-01-03"}  # fmt: skip
    response = submit(client, "/modifier?association=jardin-des-tilleuls&fichier=agenda/permanence", form)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    assert branch.startswith("propositions/jardin-des-tilleuls/")  # the server chose the folder
    text = show(bridge_app, branch, "associations/jardin-des-tilleuls/agenda/permanence.md").decode()
    assert "\nfin: 18:00\n" in text  # the changed line only (see test_bridge_edit.py)
    assert "formation des bénévoles" in text and "Salle des Tilleuls" in text  # session overrides kept
    assert "sauf_note: pendant les vacances de Noël" in text


def test_edit_a_published_news_item(bridge_app):
    client = bridge_app.test_client()
    url = "/modifier?association=jardin-des-tilleuls&fichier=actualites/2026-03-14-reouverture"
    page = client.get(url).get_data(as_text=True)
    assert 'value="Le jardin rouvre ses portes"' in page and "Venez nombreux" in page
    response = submit(client, url, {"titre": "Le jardin rouvre enfin", "date": "2026-03-14", "texte": "Venez !"})
    assert response.status_code == 201
    (branch,) = branches(bridge_app)
    text = show(bridge_app, branch, "associations/jardin-des-tilleuls/actualites/2026-03-14-reouverture.md").decode()
    assert "titre: Le jardin rouvre enfin\n" in text
    assert client.get("/modifier?association=jardin-des-tilleuls&fichier=../../etc/passwd").status_code == 404


def test_correction_lands_on_the_same_branch(bridge_app):
    client = bridge_app.test_client()
    response = submit(client, "/actualite", NEWS)
    link = tracking_link(response.get_data(as_text=True))
    (branch,) = branches(bridge_app)
    page = client.get(link + "/corriger").get_data(as_text=True)
    assert 'value="Grande fête : venez #nombreux"' in page
    corrected = submit(client, link + "/corriger", {**NEWS, "titre": "Grande fête : venez nombreux !"})
    assert corrected.status_code == 303
    assert branches(bridge_app) == [branch]
    path = "associations/jardin-des-tilleuls/actualites/2026-11-22-grande-fete-venez-nombreux.md"
    assert 'titre: "Grande fête : venez nombreux !"' in show(bridge_app, branch, path).decode()
    repo = bridge_app.extensions["placette"].pipeline.repo.git_dir
    log = subprocess.run(
        ["git", "-C", repo, "log", "--format=%s", f"main..{branch}"], capture_output=True, text=True
    ).stdout
    assert log.splitlines()[0].startswith("Correction :") and len(log.splitlines()) == 2


def test_configuration_file_and_environment(tmp_path, monkeypatch):
    from bridge.config import load_config

    path = tmp_path / "passerelle.toml"
    path.write_text('data_dir = "/tmp/x"\nrate_limit = [3, 60]\ntrusted_proxies = ["10.0.0.1"]\n')
    monkeypatch.setenv("PLACETTE_BRIDGE_CONFIG", str(path))
    monkeypatch.setenv("PLACETTE_BRIDGE_SECRET_KEY", "ac072f62e365e35c01070974d1b224c94ee9d437744c16afad543f1e6e3f3df2")
    monkeypatch.setenv("PLACETTE_BRIDGE_FORM_MIN_AGE", "5")
    config = load_config()
    assert (config["DATA_DIR"], config["RATE_LIMIT"], config["TRUSTED_PROXIES"], config["FORM_MIN_AGE"]) == \
        ("/tmp/x", (3, 60), ["10.0.0.1"], 5)  # fmt: skip
    path.write_text('dta_dir = "/tmp/x"\n')
    with pytest.raises(SystemExit, match="dta_dir"):
        load_config()


def test_every_problem_is_shown_at_once(bridge_app):
    response = submit(bridge_app.test_client(), "/evenement", {"titre": "", "date": ""})
    summary = re.findall(r'<li><a href="#([^"]+)">', response.get_data(as_text=True))
    assert response.status_code == 400
    assert {"association", "titre", "date", "heure_debut"} <= set(summary)


def test_the_error_summary_names_each_field_and_says_each_problem_once(bridge_app, monkeypatch):
    from bridge import contributions as C

    original = C.event_rule

    def twice(form, start, errors):  # a problem reported by two checks of the same field
        errors.setdefault("jours", []).append("cochez au moins un jour")
        return original(form, start, errors)

    monkeypatch.setattr(C, "event_rule", twice)
    form = {"association": "atelier-velo", "titre": "", "date": "30/02/2027", "heure_debut": "14:00",
            "repetition": "chaque_semaine"}  # fmt: skip
    html = submit(bridge_app.test_client(), "/evenement", form).get_data(as_text=True)
    items = re.findall(r'<li><a href="#([^"]+)">([^<]+)</a></li>', html)
    assert ("jours", "Quels jours : cochez au moins un jour") in items
    assert (
        "date",
        "Date : « 30/02/2027 » n&#39;existe pas : le 30 février 2027 n&#39;est pas dans le calendrier",
    ) in items
    assert any(anchor == "titre" and text.startswith("Titre : ") for anchor, text in items)
    assert len(items) == len(set(items)) and html.count("cochez au moins un jour") == 2  # summary + field
    assert f"Il y a {len(items)} points à corriger" in html


def test_the_tracking_page_says_one_thing_per_state(reviewer_app):
    client = reviewer_app.test_client()
    link = tracking_link(submit(client, "/actualite", NEWS).get_data(as_text=True))
    waiting = client.get(link).get_data(as_text=True)
    assert "attend d'être relue" in waiting and "Corriger ma proposition" in waiting
    (branch,) = branches(reviewer_app)
    lea = reviewer_app.test_client()
    page = lea.get("/relecture/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    lea.post("/relecture/connexion", data={"csrf": csrf, "identifiant": "lea", "mot_de_passe": "motdepasse-1"})
    page = lea.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    shown = re.search(r'name="commit" value="([0-9a-f]{40})"', page).group(1)  # decisions carry the version read
    asked = lea.post(f"/relecture/proposition/{branch}/corriger", data={"csrf": csrf, "commit": shown,
                                                                       "motif": "Donnez l'heure."})  # fmt: skip
    assert asked.status_code == 200, asked.get_data(as_text=True)
    to_correct = client.get(link).get_data(as_text=True)
    assert "à corriger" in to_correct and "vous demande de la corriger" in to_correct
    assert "Donnez l&#39;heure." in to_correct and "relue à nouveau" in to_correct
    assert "va la lire" not in to_correct and "attend d'être relue" not in to_correct


def test_dates_typed_in_french_become_the_model_s_dates(bridge_app):
    form = {"association": "atelier-velo", "titre": "Atelier", "date": "mardi 1er décembre", "heure_debut": "18h",
            "repetition": "chaque_semaine", "jours": ["mardi"], "jusqu_au": "30/06/2027",
            "sans_seance": "22/12, 29 décembre\ndu 16/02 au 23/02"}  # fmt: skip
    response = submit(bridge_app.test_client(), "/evenement", form)
    assert response.status_code == 201, response.get_data(as_text=True)
    (branch,) = branches(bridge_app)
    text = show(bridge_app, branch, "associations/atelier-velo/agenda/2026-12-01-atelier.md").decode()
    assert 'debut: "2026-12-01 18:00"' in text and "UNTIL=20270630" in text
    assert 'sauf: ["2026-12-22", "2026-12-29", "2027-02-16 au 2027-02-23"]' in text
    understood = response.get_data(as_text=True)
    # the model's own rule text (placette/model/rule_text.py): from its first session to its end, and every exception
    assert ("Tous les mardis à 18 h, du 1er décembre 2026 au 30 juin 2027, sauf le 22 décembre 2026, le 29 décembre "
            "2026 et du 16 février 2027 au 23 février 2027") in understood  # fmt: skip
    assert "mardi 1er décembre 2026" in understood


def test_a_date_that_was_read_is_written_out_when_the_form_comes_back(bridge_app):
    form = {"association": "atelier-velo", "titre": "", "date": "22/12", "heure_debut": "14:00"}
    html = submit(bridge_app.test_client(), "/evenement", form).get_data(as_text=True)
    assert "Lu : mardi 22 décembre 2026." in html  # today is pinned to 22 November 2026
    wrong = submit(bridge_app.test_client(), "/evenement", {**form, "date": "31/11"}).get_data(as_text=True)
    assert "Lu :" not in wrong and "le 31 novembre 2026 n&#39;est pas dans le calendrier" in wrong
