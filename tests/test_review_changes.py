"""The reviewer's proposal page: « Les changements » in French, field by
field, before / after (event dates written out by the model), the raw diff
only under « détails techniques »; confirmation before refusing or taking a
publication back; French words in the queue; the referent named."""

import re

import lxml.html

from tests.bridge_client import branches, submit

NEWS = {"association": "jardin-des-tilleuls", "titre": "Fête du jardin", "date": "2026-11-22",
        "texte": "Venez nombreux.", "themes": ["culture"]}  # fmt: skip


def login(client, who="lea"):
    page = client.get("/relecture/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/relecture/connexion", data={"csrf": csrf, "identifiant": who, "mot_de_passe": "motdepasse-1"})
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/relecture/").get_data(as_text=True)).group(1)


def table(html: str) -> dict[str, tuple[str, str]]:
    """{field: (before, after)} read from the page's before/after tables."""
    tree = lxml.html.fromstring(html)
    rows = {}
    for row in tree.xpath("//table[contains(@class, 'changes')]/tbody/tr"):
        label = row.xpath("./th")[0].text_content().strip()
        cells = row.xpath("./td")
        if len(cells) == 1:  # a long text: before and after stacked
            texts = [t.text_content().strip() for t in cells[0].xpath(".//div[@class='text']")]
            rows[label] = (texts[0], texts[1])
        else:
            rows[label] = (cells[0].text_content().strip(), cells[1].text_content().strip())
    return rows


def outside_details(html: str) -> str:
    tree = lxml.html.fromstring(html)
    for details in tree.xpath("//details"):
        details.drop_tree()
    return tree.text_content()


def test_a_new_news_item_is_a_table_of_french_fields(reviewer_app):
    assert submit(reviewer_app.test_client(), "/actualite", NEWS).status_code == 201
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    html = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    rows = table(html)
    assert rows["Titre"] == ("—", "Fête du jardin") and rows["Thèmes"] == ("—", "culture")
    assert rows["Texte"] == ("(vide)", "Venez nombreux.")
    assert "Nouvelle actualité" in html
    visible = outside_details(html)
    assert "diff --git" not in visible and "index " not in visible and "titre:" not in visible
    technical = lxml.html.fromstring(html).xpath("//details[@class='technical']")[0]
    assert "Détails techniques" in technical.text_content() and "diff --git a/associations/" in technical.text_content()


def test_an_event_s_dates_are_written_out_before_and_after(reviewer_app):
    client = reviewer_app.test_client()
    url = "/modifier?association=jardin-des-tilleuls&fichier=agenda/permanence"
    form = {"titre": "Permanence au jardin", "date": "06/10/2026", "heure_debut": "14:00", "heure_fin": "18:00",
            "repetition": "chaque_semaine", "jours": ["mardi", "jeudi"], "jusqu_au": "30 juin 2027",
            "prix": "gratuit", "public": ["tout public"], "themes": ["environnement"],
            "texte": "On **jardine** ensemble."}  # fmt: skip
    assert submit(client, url, form).status_code == 201
    (branch,) = branches(reviewer_app)
    login(client)
    rows = table(client.get(f"/relecture/proposition/{branch}").get_data(as_text=True))
    before, after = rows["Quand"]
    # the model's rule text, as on the site on that day (today is pinned to 22 November 2026)
    assert before.startswith(
        "Tous les mardis de 14 h à 17 h, depuis le 6 octobre 2026, sauf pendant les vacances de Noël"
    )
    assert after.startswith("Tous les mardis et jeudis de 14 h à 18 h, du 6 octobre 2026 au 30 juin 2027")
    assert after.endswith("; première séance : mardi 6 octobre 2026")
    assert not {"Début", "Fin", "Répétition", "regle", "debut"} & set(rows)  # one row says it all
    assert "Titre" not in rows and "Prix" not in rows  # unchanged fields are not listed


def test_a_card_change_lists_the_fields_that_changed(reviewer_app):
    card = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin partagé au pied des immeubles, ouvert à tous les habitants.",
            "quartier": "Les Tilleuls", "telephone": "01 99 00 10 09", "horaires_lundi": "fermé",
            "horaires_mercredi": "9:00-12:00, 14h-17h30", "horaires_samedi": "sur rendez-vous"}  # fmt: skip
    assert submit(reviewer_app.test_client(), "/fiche?association=jardin-des-tilleuls", card).status_code == 201
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    html = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    rows = table(html)
    assert rows["Téléphone"] == ("01 99 00 10 01", "01 99 00 10 09")
    assert "Fiche de l'association" in lxml.html.fromstring(html).text_content() and "Horaires du lundi" not in rows


def test_refusing_and_taking_back_ask_for_a_confirmation(reviewer_app):
    assert submit(reviewer_app.test_client(), "/actualite", NEWS).status_code == 201
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    csrf = login(client, "sam")
    read = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    shown = re.search(r'name="commit" value="([0-9a-f]{40})"', read).group(1)  # the version read
    first = client.post(f"/relecture/proposition/{branch}/refuser",
                        data={"csrf": csrf, "commit": shown, "clause": "C2", "motif": "pub"})  # fmt: skip
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "Oui, refuser" in page and 'name="confirme" value="oui"' in page
    assert f'name="commit" value="{shown}"' in page  # the confirmation still decides on the version read
    assert branches(reviewer_app) == [branch]  # nothing refused yet
    published = client.post(f"/relecture/proposition/{branch}/approuver", data={"csrf": csrf, "commit": shown})
    assert published.status_code == 200, published.get_data(as_text=True)
    repo = reviewer_app.extensions["placette"].pipeline.repo
    merge = repo.git.rev_parse("main")
    asked = client.post(f"/relecture/retirer/{merge}", data={"csrf": csrf, "motif": "erreur"})
    assert "Retirer « <bdi>Fête du jardin</bdi> » du site ?" in asked.get_data(as_text=True)
    assert repo.git.rev_parse("main") == merge  # nothing taken back yet
    done = client.post(f"/relecture/retirer/{merge}", data={"csrf": csrf, "motif": "erreur", "confirme": "oui"})
    assert done.status_code == 200 and repo.git.rev_parse("main") != merge
    assert repo.git.log("-1", "--format=%s", "main") == "Retrait : Fête du jardin"


def test_the_queue_speaks_french_and_the_header_says_relecture(reviewer_app):
    assert submit(reviewer_app.test_client(), "/actualite", NEWS).status_code == 201
    client = reviewer_app.test_client()
    login(client)
    html = client.get("/relecture/").get_data(as_text=True)
    text = lxml.html.fromstring(html).text_content()
    assert "Actualité, Jardin des Tilleuls" in text
    assert "actualite" not in text and "jardin-des-tilleuls" not in text
    for page in (html, client.get("/relecture/publiees").get_data(as_text=True)):
        header = lxml.html.fromstring(page).xpath("//header[@class='site-header']")[0].text_content()
        assert header.strip() == "Relecture des propositions"


def test_the_referent_is_named_when_a_decision_needs_them(reviewer_app):
    card = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin.", "quartier": "Les Tilleuls"}  # fmt: skip
    assert submit(reviewer_app.test_client(), "/fiche?association=jardin-des-tilleuls", card).status_code == 201
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client, "lea")
    text = lxml.html.fromstring(client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)).text_content()
    assert "doit être validée par la personne référente : Sam" in text
    assert "La passerelle n'envoie pas de courriels" in text  # no SMTP here: say how to reach her
