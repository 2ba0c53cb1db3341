"""The public address of production builds (placette/build/siteurl.py)."""

import pytest

from placette.build.siteurl import SiteUrlError, public_siteurl


@pytest.mark.parametrize("address, built, printed", [
    ("https://quartier.test", "https://quartier.test", "https://quartier.test"),
    ("https://portail.centre-social.fr/quartier/", "https://portail.centre-social.fr/quartier",
     "https://portail.centre-social.fr/quartier"),
    ("http://127.0.0.1:8000", "http://127.0.0.1:8000", "ici"),
    ("http://localhost:8000/", "http://localhost:8000", "ici"),
    ("http://[::1]:8000", "http://[::1]:8000", "ici"),
    ("http://0.0.0.0:8000", "http://0.0.0.0:8000", "ici"),
    ("http://192.168.1.20", "http://192.168.1.20", "http://192.168.1.20"),  # a Raspberry Pi in the centre
    ("https://placette.example.org", "exemple", "exemple"),
    ("https://quartier.example.org/", "exemple", "exemple"),
    ("https://EXAMPLE.com", "exemple", "exemple"),
    ("https://site.example", "exemple", "exemple"),
    ("https://portail.invalid", "exemple", "exemple"),
    ("", "manque", "manque"),
    ("   ", "manque", "manque"),
    ("quartier.fr", "pas un site", "pas un site"),
    ("ftp://quartier.fr", "pas un site", "pas un site"),
    ("https://quartier.fr/?page=1", "pas un site", "pas un site"),
    ("https:///chemin", "pas un site", "pas un site"),
])  # fmt: skip
def test_which_addresses_may_be_built_and_printed(address, built, printed):
    words = {"exemple": "est une adresse d'exemple", "manque": "Il manque l'adresse publique du portail",
             "pas un site": "n'est pas l'adresse d'un site", "ici": "n'existe que sur cet ordinateur"}  # fmt: skip
    for is_printed, expected in ((False, built), (True, printed)):
        if expected in words:
            with pytest.raises(SiteUrlError) as refused:
                public_siteurl({"PLACETTE_SITEURL": address}, printed=is_printed)
            message = str(refused.value)
            assert words[expected] in message
            assert "PLACETTE_SITEURL" in message and "Traceback" not in message
        else:
            assert public_siteurl({"PLACETTE_SITEURL": address}, printed=is_printed) == expected


def test_the_builder_refuses_to_start_without_an_address(monkeypatch, tmp_path):
    from placette.publish.builder import Rebuilder

    monkeypatch.delenv("PLACETTE_SITEURL")
    with pytest.raises(SiteUrlError, match="Il manque l'adresse publique du portail"):
        Rebuilder(str(tmp_path / "portail.git"), tmp_path / "site", tmp_path / "donnees")
    with pytest.raises(SiteUrlError, match="adresse d'exemple"):
        Rebuilder(str(tmp_path / "portail.git"), tmp_path / "site", tmp_path / "donnees",
                  extra_env={"PLACETTE_SITEURL": "https://placette.example.org"})  # fmt: skip
    Rebuilder(str(tmp_path / "portail.git"), tmp_path / "site", tmp_path / "donnees",
              extra_env={"PLACETTE_SITEURL": "https://quartier.test"})  # fmt: skip
    assert not (tmp_path / "site").exists()  # nothing built, nothing created


def test_a_bridge_that_publishes_refuses_to_start_without_an_address(monkeypatch, portal_repository, tmp_path):
    from bridge import create_app

    monkeypatch.delenv("PLACETTE_SITEURL")
    with pytest.raises(SiteUrlError, match="PLACETTE_SITEURL"):
        create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge"), "SOURCE_REPOSITORY": str(portal_repository),
                    "PUBLISH_DIR": str(tmp_path / "site")})  # fmt: skip
    # Without a publishing folder (rebuilt elsewhere) it needs no address.
    create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "bridge2"), "SOURCE_REPOSITORY": str(portal_repository)})
