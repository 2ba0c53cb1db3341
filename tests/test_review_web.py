"""The reviewers' pages: login, queue, proposal, decisions, roles, feed."""

import re

from tests.bridge_client import branches, submit, tracking_link


def login(client, who="lea", password="motdepasse-1"):
    page = client.get("/relecture/connexion").get_data(as_text=True)
    return client.post("/relecture/connexion", data={**tokens_csrf(page), "identifiant": who, "mot_de_passe": password})


def tokens_csrf(html):
    """The CSRF token, and the version of the proposal the page showed (decisions carry it)."""
    found = {"csrf": re.search(r'name="csrf" value="([^"]+)"', html).group(1)}
    shown = re.search(r'name="commit" value="([0-9a-f]{40})"', html)
    return {**found, "commit": shown.group(1)} if shown else found


def propose(app, **data):
    client = app.test_client()
    form = {"association": "jardin-des-tilleuls", "titre": "Fête du jardin", "date": "2026-11-22",
            "texte": "Appelez le 01 99 00 10 01 pour venir !", **data}  # fmt: skip
    response = submit(client, "/actualite", form)
    assert response.status_code == 201
    return tracking_link(response.get_data(as_text=True))


def test_login_required_and_wrong_password(reviewer_app):
    client = reviewer_app.test_client()
    assert client.get("/relecture/").status_code == 302
    assert login(client, password="faux").status_code == 401
    assert login(client).status_code == 303
    assert client.get("/relecture/").status_code == 200


def test_login_attempts_are_limited(reviewer_app):
    client = reviewer_app.test_client()
    statuses = [login(client, "lea", "faux").status_code for _ in range(7)]
    # five mistakes are free, the sixth makes the next attempt wait (see test_review_login.py)
    assert statuses[:6] == [401] * 6 and statuses[6] == 429


def test_queue_proposal_checklist_and_approval(reviewer_app):
    link = propose(reviewer_app)
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    queue = client.get("/relecture/").get_data(as_text=True)
    assert "1 proposition en attente" in queue and "Fête du jardin" in queue
    page = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "un numéro de téléphone figure dans le texte" in page
    assert "+titre: &#34;Fête du jardin&#34;" in page  # the diff
    assert "Publier</button>" in page
    csrf = tokens_csrf(page)
    assert client.post(f"/relecture/proposition/{branch}/approuver", data={}).status_code == 403  # no CSRF
    done = client.post(f"/relecture/proposition/{branch}/approuver", data=csrf)
    assert "Publiée" in done.get_data(as_text=True)
    repo = reviewer_app.extensions["placette"].pipeline.repo
    assert "2026-11-22-fete-du-jardin.md" in repo.git.ls_tree("-r", "--name-only", "main")
    assert (reviewer_app.extensions["placette"].pipeline.data / "reconstructions-demandees.jsonl").read_text().count(
        "approuvée"
    ) == 1
    assert "publiée" in reviewer_app.test_client().get(link).get_data(as_text=True)


def test_change_request_reaches_the_contributor(reviewer_app):
    link = propose(reviewer_app)
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    csrf = tokens_csrf(client.get(f"/relecture/proposition/{branch}").get_data(as_text=True))
    client.post(f"/relecture/proposition/{branch}/corriger", data={**csrf, "motif": "Donnez l'horaire."})
    tracking = reviewer_app.test_client().get(link).get_data(as_text=True)
    assert "à corriger" in tracking and "Donnez l&#39;horaire." in tracking


def test_refusal_is_visible_on_the_tracking_page(reviewer_app):
    link = propose(reviewer_app)
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    csrf = tokens_csrf(client.get(f"/relecture/proposition/{branch}").get_data(as_text=True))
    asked = client.post(f"/relecture/proposition/{branch}/refuser", data={**csrf, "clause": "C2", "motif": "publicité"})
    assert "Refuser « <bdi>Fête du jardin</bdi> » ?" in asked.get_data(as_text=True)  # a confirmation first
    assert "en attente" in reviewer_app.test_client().get(link).get_data(as_text=True)
    client.post(f"/relecture/proposition/{branch}/refuser",
                data={**csrf, "clause": "C2", "motif": "publicité", "confirme": "oui"})  # fmt: skip
    tracking = reviewer_app.test_client().get(link).get_data(as_text=True)
    assert "refusée" in tracking and "C2 — publicité" in tracking


def test_roles(reviewer_app):
    reviewer_app.config["RATE_LIMIT"] = (1000, 300)
    client = reviewer_app.test_client()
    card = {"association": "jardin-des-tilleuls", "nom": "Jardin des Tilleuls", "type": "association",
            "resume": "Un jardin.", "quartier": "Les Tilleuls"}  # fmt: skip
    assert submit(client, "/fiche?association=jardin-des-tilleuls", card).status_code == 201
    (card_branch,) = branches(reviewer_app)
    lea = reviewer_app.test_client()
    login(lea, "lea")
    page = lea.get(f"/relecture/proposition/{card_branch}").get_data(as_text=True)
    assert "personne référente" in page and "Publier</button>" not in page
    refused = lea.post(f"/relecture/proposition/{card_branch}/approuver", data=tokens_csrf(page))
    assert refused.status_code == 403
    sam = reviewer_app.test_client()
    login(sam, "sam")
    page = sam.get(f"/relecture/proposition/{card_branch}").get_data(as_text=True)
    assert sam.post(f"/relecture/proposition/{card_branch}/approuver", data=tokens_csrf(page)).status_code == 200
    # a maintainer of jardin-des-tilleuls may publish its news, not another association's
    propose(reviewer_app)
    velo = submit(
        client, "/actualite", {"association": "atelier-velo", "titre": "Vélo", "date": "2026-11-22", "texte": "x"}
    )
    assert velo.status_code == 201
    alice = reviewer_app.test_client()
    login(alice, "a.martin")
    own = [b for b in branches(reviewer_app) if "jardin" in b][0]
    other = [b for b in branches(reviewer_app) if "atelier-velo" in b][0]
    page = alice.get(f"/relecture/proposition/{own}").get_data(as_text=True)
    assert alice.post(f"/relecture/proposition/{own}/approuver", data=tokens_csrf(page)).status_code == 200
    assert alice.post(f"/relecture/proposition/{other}/approuver", data=tokens_csrf(page)).status_code == 403


def test_private_feed_of_the_queue(reviewer_app):
    import feedparser

    propose(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    feed_url = re.search(r'href="(http[^"]+\.atom)"', client.get("/relecture/").get_data(as_text=True)).group(1)
    path = feed_url.split("localhost", 1)[1]
    parsed = feedparser.parse(reviewer_app.test_client().get(path).data)
    assert not parsed.bozo and parsed.entries[0].title.endswith("Fête du jardin")
    assert reviewer_app.test_client().get(path.replace(path.rsplit("/", 1)[1], "0" * 32 + ".atom")).status_code == 404


def test_preview_is_the_real_site_and_runs_no_script(reviewer_app):
    propose(reviewer_app, texte="Bonjour <script>alert(1)</script>")
    (branch,) = branches(reviewer_app)
    client = reviewer_app.test_client()
    login(client)
    page = client.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    url = re.search(r'href="(/relecture/apercu/[^"]+)"', page).group(1)
    response = client.get(url)
    html = response.get_data(as_text=True)
    response.close()
    assert response.status_code == 200 and "script-src 'none'" in response.headers["Content-Security-Policy"]
    assert "<h1>Fête du jardin</h1>" in html and 'class="site-header"' in html
    assert "<script>alert" not in html
