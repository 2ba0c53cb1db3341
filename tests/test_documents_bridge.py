"""« Proposer un document » in the bridge: the file judged by its content and
cleaned before git ever holds it, the summary required, the sidecar written
by the model and read back by it, one commit on its own branch, and the
review page telling the reviewer the cleaned state."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfWriter

from bridge import attachment_form, review
from placette.build.attachment_cleaning import personal_metadata
from placette.model import attachments
from tests import document_files as make
from tests.bridge_client import branches, git, show, submit, tracking_link

FORM = {"association": "jardin-des-tilleuls", "titre": "Statuts du jardin", "date": "14/09/2024",
        "resume": "Le but du jardin, qui peut en être membre,\net comment le bureau est élu.", "auteur": "Marie"}  # fmt: skip


def send(client, data: bytes, name: str = "statuts.pdf", **form):
    return submit(client, "/document", {**FORM, **form}, {"fichier": (io.BytesIO(data), name)})


def files_of(app, branch: str) -> list[str]:
    repo = app.extensions["placette"].pipeline.repo.git_dir
    return git(repo, "diff", "--name-only", f"main...{branch}").split()


def test_a_document_becomes_one_commit_cleaned_with_its_sidecar(bridge_app):
    client = bridge_app.test_client()
    original = make.pdf("Statuts du jardin", ["Article 1 — Le but."])
    answer = send(client, original)
    assert answer.status_code == 201, answer.get_data(as_text=True)[:3000]
    (branch,) = branches(bridge_app)
    assert branch.startswith("propositions/jardin-des-tilleuls/")
    document, sidecar = sorted(files_of(bridge_app, branch))
    assert re.fullmatch(r"associations/jardin-des-tilleuls/documents/statuts-du-jardin-[0-9a-f]{6}\.pdf", document)
    assert sidecar == document[:-4] + ".yml"
    stored = show(bridge_app, branch, document)
    assert make.AUTHOR.encode() in original and make.AUTHOR.encode() not in stored
    assert personal_metadata(original, "pdf") and personal_metadata(stored, "pdf") == []
    config = bridge_app.extensions["placette"].pipeline.config()
    values, problems = attachments.read_sidecar(show(bridge_app, branch, sidecar), sidecar, config, config.root)
    assert problems == []
    assert values["title"] == "Statuts du jardin" and str(values["date"]) == "2024-09-14"
    assert values["summary"] == "Le but du jardin, qui peut en être membre, et comment le bureau est élu."
    page = client.get(tracking_link(answer.get_data(as_text=True))).get_data(as_text=True)
    assert "en attente de relecture" in page


@pytest.mark.parametrize(
    ("data", "name", "form", "field", "said"),
    [
        (b"MZ\x90\x00" + bytes(300), "statuts.pdf", {}, "fichier", "ce fichier est un programme"),
        (make.odf(["x"], extra={"Basic/Standard/Module1.xml": "<x/>"}), "reglement.odt", {}, "fichier", "macros"),
        (None, "statuts.pdf", {}, "fichier", "protégé"),
        (b"", "", {}, "fichier", "choisissez le fichier du document"),
        (make.pdf("Statuts", ["x"]), "statuts.pdf", {"resume": ""}, "resume", "ce champ est obligatoire"),
        (make.pdf("Statuts", ["x"]), "statuts.pdf", {"titre": ""}, "titre", "ce champ est obligatoire"),
        (make.pdf("Statuts", ["x"]), "statuts.pdf", {"titre": "T" * 151}, "titre", "texte trop long"),
        (make.pdf("Statuts", ["x"]), "statuts.pdf", {"date": "31/02/2024"}, "date", "février"),
        (make.pdf("Statuts", ["x"]), "statuts.pdf", {"association": "inconnue"}, "association", ""),
    ],
    ids=["exe", "macros", "encrypted", "no file", "no summary", "no title", "long title", "bad date", "unknown"],
)
def test_a_refused_document_says_why_next_to_its_field_and_commits_nothing(bridge_app, data, name, form, field, said):
    if data is None:
        writer = PdfWriter()
        writer.add_blank_page(100, 100)
        writer.encrypt("secret", algorithm="RC4-128")
        out = io.BytesIO()
        writer.write(out)
        data = out.getvalue()
    answer = send(bridge_app.test_client(), data, name, **form)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400, html[:2000]
    assert f'href="#{field}"' in html and said in html
    assert branches(bridge_app) == []


def test_the_portal_size_limit_holds_in_the_bridge(bridge_app, monkeypatch):
    monkeypatch.setattr(attachment_form, "_limit", lambda: 2000)
    answer = send(bridge_app.test_client(), make.pdf("Statuts", ["x"]))
    assert answer.status_code == 400 and "trop gros" in answer.get_data(as_text=True)
    assert branches(bridge_app) == []


def test_the_file_name_is_the_server_s_never_the_sender_s(bridge_app):
    answer = send(bridge_app.test_client(), make.image("PNG"), "../../../plugins/x.pdf", titre="Affiche")
    assert answer.status_code == 201
    (branch,) = branches(bridge_app)
    names = files_of(bridge_app, branch)
    assert all(n.startswith("associations/jardin-des-tilleuls/documents/affiche-") for n in names), names
    assert any(n.endswith(".png") for n in names)  # named by its content, not by the name it was sent with


def login(client, who="lea"):
    page = client.get("/relecture/connexion").get_data(as_text=True)
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.post("/relecture/connexion", data={"csrf": csrf, "identifiant": who, "mot_de_passe": "motdepasse-1"})


def test_the_review_lists_the_document_with_its_cleaned_state_and_approval_publishes_it(reviewer_app):
    send(reviewer_app.test_client(), make.odf(["Le règlement."]), "reglement.odt", titre="Règlement")
    (branch,) = branches(reviewer_app)
    reviewer = reviewer_app.test_client()
    login(reviewer)
    page = reviewer.get(f"/relecture/proposition/{branch}").get_data(as_text=True)
    assert "Ouvrir le document" in page and "document texte ODT" in page
    assert "Nettoyé à l'envoi" in page and "Attention" not in page
    assert "Nouveau document : sa fiche" in page and "Règlement" in page
    link = re.search(r'href="(/relecture/document/[0-9a-f]{40}/[^"]+\.odt)"', page).group(1)
    opened = reviewer.get(link)
    assert opened.status_code == 200 and opened.headers["Content-Disposition"].startswith("attachment;")
    assert personal_metadata(opened.data, "odt") == [] and make.AUTHOR.encode() not in opened.data
    assert "/relecture/apercu/" in page and "associations/jardin-des-tilleuls/documents/" in page
    repo = reviewer_app.extensions["placette"].pipeline.repo
    review.approve(repo, branch, "Léa")
    published = git(repo.git_dir, "ls-tree", "-r", "--name-only", "main", "associations/jardin-des-tilleuls/documents")
    assert len(published.split()) == 2


def test_the_tracking_link_corrects_the_title_and_summary_and_keeps_the_file(bridge_app):
    client = bridge_app.test_client()
    answer = send(client, make.pdf("Statuts du jardin", ["Article 1."]))
    (branch,) = branches(bridge_app)
    document = next(f for f in files_of(bridge_app, branch) if f.endswith(".pdf"))
    before = show(bridge_app, branch, document)
    correct = tracking_link(answer.get_data(as_text=True)) + "/corriger"
    page = client.get(correct).get_data(as_text=True)
    assert "Corriger un document proposé" in page and 'value="Statuts du jardin"' in page
    assert 'name="fichier"' not in page and "14/09/2024" in page
    refused = submit(client, correct, {**FORM, "resume": ""})
    assert refused.status_code == 400 and 'href="#resume"' in refused.get_data(as_text=True)
    done = submit(client, correct, {**FORM, "titre": "Statuts révisés", "resume": "Les nouveaux statuts."})
    assert done.status_code == 303
    sidecar = document[:-4] + ".yml"
    config = bridge_app.extensions["placette"].pipeline.config()
    values, problems = attachments.read_sidecar(show(bridge_app, branch, sidecar), sidecar, config, config.root)
    assert problems == [] and values["title"] == "Statuts révisés" and values["summary"] == "Les nouveaux statuts."
    assert show(bridge_app, branch, document) == before  # the file itself is untouched
