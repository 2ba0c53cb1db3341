"""From a submission to the rebuilt site, with no manual step: the real
server publishes into its folder once a reviewer approves."""

import re
import time
import urllib.parse

from argon2 import PasswordHasher

from tests.clients import Volunteer, free_port, start_server


def test_submission_approval_rebuilt_site(portal_repository, tmp_path, monkeypatch):
    data, site, port = tmp_path / "data", tmp_path / "site", free_port()
    data.mkdir()
    (data / "comptes.toml").write_text(
        f'[comptes.lea]\nnom = "Léa"\nroles = ["relecteur"]\nmot_de_passe = "{PasswordHasher().hash("motdepasse-1")}"\n'
    )
    monkeypatch.setenv("PLACETTE_BRIDGE_PUBLISH_DIR", str(site))
    monkeypatch.setenv("PLACETTE_TODAY", "2026-11-22")
    server = start_server(data, portal_repository, port)
    base = f"http://127.0.0.1:{port}"
    try:
        volunteer = Volunteer(base, "10.0.0.7")
        status, _, _ = volunteer.submit("Fête de fin d'année")
        assert status == 201
        reviewer = Volunteer(base, "10.0.0.8")
        page = reviewer.open("/relecture/connexion")[1]
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        reviewer.open("/relecture/connexion", urllib.parse.urlencode(
            {"csrf": csrf, "identifiant": "lea", "mot_de_passe": "motdepasse-1"}).encode())  # fmt: skip
        queue = reviewer.open("/relecture/")[1]
        csrf = re.search(r'name="csrf" value="([^"]+)"', queue).group(1)
        branch = re.search(r'/relecture/proposition/([^"]+)"', queue).group(1)
        shown = re.search(
            r'name="commit" value="([0-9a-f]{40})"', reviewer.open(f"/relecture/proposition/{branch}")[1]
        ).group(1)
        approved = time.monotonic()
        status, _ = reviewer.open(f"/relecture/proposition/{branch}/approuver",
                                  urllib.parse.urlencode({"csrf": csrf, "commit": shown}).encode())  # fmt: skip
        assert status == 200
        page = site / "current/associations/jardin-des-tilleuls/actualites/2026-11-22-fete-de-fin-d-annee/index.html"
        for _ in range(600):
            if page.exists():
                break
            time.sleep(0.2)
        assert page.exists(), "the approved item is online"
        assert (site / "current").is_symlink()
        print(f"approval to site updated: {time.monotonic() - approved:.1f} s")
    finally:
        server.terminate()
        server.wait(20)
