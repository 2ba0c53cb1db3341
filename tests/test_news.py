"""News front matter: the same schema for the build, `make check` and the bridge."""

from placette.model.documents import read_document


def write(config, relative, text):
    path = config.root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


NEWS = "associations/jardin-des-tilleuls/actualites/2026-05-01-fete.md"


def problems(config, text, relative=NEWS):
    where, item, found = read_document(write(config, relative, text), config)
    assert item is None
    return [str(p) for p in found]


def test_valid_news_is_typed(config):
    where, item, found = read_document(
        write(config, NEWS, "---\ntitre: Fête\ndate: 01/05/2026 18h\nthemes: [culture]\n"
              "brouillon: non\n---\nTexte.\n"), config)  # fmt: skip
    assert found == []
    assert where.kind == "news" and where.association == "jardin-des-tilleuls"
    assert item.values["date"].isoformat() == "2026-05-01T18:00:00"
    assert item.values["draft"] is False
    assert item.values["themes"] == ["culture"]


def test_header_problems_name_file_line_and_field(config):
    found = problems(
        config,
        "\n---\ntitre: Fête\ndate: 2026-13-01\nthemes: [cuisine]\nlangue: xx\nimage:\n"
        "  fichier: images/absente.jpg\n---\nTexte ![](photo.jpg)\n",
    )
    expected = [
        f"{NEWS}, ligne 4, date : « 2026-13-01 » n'est pas une date",
        f"{NEWS}, ligne 5, themes : « cuisine » n'est pas un thème connu",
        f"{NEWS}, ligne 6, langue : « xx » n'est pas une langue connue",
        f"{NEWS}, ligne 8, image.fichier : « images/absente.jpg » : fichier introuvable",
        f"{NEWS}, ligne 8, image.alt : ce champ est obligatoire ; ajoutez après cette ligne une ligne « alt: … » "
        "(ce que montre l'image), décalée de deux espaces",
        f"{NEWS}, ligne 10, texte : image sans description",
    ]
    for text in expected:
        assert any(m.startswith(text) for m in found), (text, found)


def test_missing_or_unclosed_header(config):
    assert "l'en-tête manque" in problems(config, "titre: x\n\nTexte\n")[0]
    assert "n'est pas refermé" in problems(config, "---\ntitre: x\nTexte\n")[0]
    assert "vide" in problems(config, "   \n")[0]


def test_bad_file_name_and_place(config):
    found = problems(config, "---\ntitre: x\ndate: 2026-01-01\n---\nT\n",
                     "associations/jardin-des-tilleuls/actualites/Fête Été.md")  # fmt: skip
    assert any("nom de fichier invalide" in m for m in found)
    found = problems(config, "---\ntitre: x\ndate: 2026-01-01\n---\nT\n",
                     "associations/jardin-des-tilleuls/actualites/2026.md")  # fmt: skip
    assert any("nom de fichier réservé" in m and "2026-fete-des-voisins.md" in m for m in found), found
    found = problems(config, "---\ntitre: x\ndate: 2026-01-01\n---\nT\n",
                     "associations/jardin-des-tilleuls/notes.md")  # fmt: skip
    assert any("fichier mal placé" in m for m in found)


def test_translation_must_point_to_a_sibling(config):
    found = problems(
        config,
        "---\ntitre: x\ndate: 2026-01-01\nlangue: ar\ntraduction_de: inexistante\n---\nنص\n",
    )
    assert any("aucune actualité de ce nom" in m for m in found)


def test_html_img_without_alt_is_refused(config):
    found = problems(config, '---\ntitre: x\ndate: 2026-01-01\n---\n<img src="a.png">\n')
    assert any("image sans description" in m for m in found)
