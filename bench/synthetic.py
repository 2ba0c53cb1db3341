"""Synthetic portals for the benchmark: deterministic, seeded, valid.

    python -m bench.synthetic quartier /tmp/portail      # or "80,4000,1500"

N associations with complete cards and logos, news (some with an image, ~3 %
in Arabic as translations), events (one-off, all-day, multi-day, weekly with
holidays, fortnightly, monthly, cancelled sessions, moved sessions, cancelled,
postponed and full events). Everything is invented: example.org addresses and
phone numbers in the fictional 01 99 00 range. Images come from a pool of a few
small pictures, so the image derivatives (cached by content hash) stay few.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZES = {"mini": (6, 60, 30), "quartier": (80, 4000, 1500), "ville": (400, 20000, 6000)}

NEIGHBOURHOODS = ["Les Tilleuls", "Le Moulin", "La Source", "Champ-Fleuri"]
KINDS = ["association", "centre social", "comité de quartier", "club sportif", "compagnie artistique",
         "espace public numérique", "écrivain public", "bibliothèque", "commerce"]  # fmt: skip
THEMES = ["emploi", "numérique", "jeunesse", "famille", "santé", "accès aux droits", "logement", "culture",
          "sport", "seniors", "éducation", "environnement", "alimentation", "langue française", "citoyenneté",
          "loisirs"]  # fmt: skip
SERVICES = ["écrivain public", "accès libre à internet", "aide aux devoirs", "cours de français",
            "épicerie solidaire", "prêt de livres", "réparation de vélos", "ateliers numériques",
            "sorties familles", "jardinage", "activités sportives"]  # fmt: skip
AUDIENCES = ["tout public", "enfants", "jeunes", "familles", "adultes", "seniors", "femmes"]
LANGUAGES = ["français", "arabe", "anglais", "espagnol", "portugais", "turc", "wolof"]
FIRST = ["Les Amis", "L'Atelier", "Le Collectif", "La Maison", "Le Club", "L'Association", "Le Jardin",
         "La Compagnie", "Le Café", "L'Espace", "La Ruche", "Le Relais", "L'Étoile", "La Fabrique"]  # fmt: skip
SECOND = ["du Lavoir", "des Tilleuls", "de la Source", "du Moulin", "des Quatre-Vents", "du Champ-Fleuri",
          "des Girouettes", "de la Passerelle", "des Cerisiers", "du Vieux Pont", "des Lilas", "de la Fontaine",
          "des Glycines", "du Marché", "des Écluses", "de la Colline"]  # fmt: skip
STREETS = ["rue des Lilas", "avenue du Champ-Fleuri", "allée de la Source", "place du Marché", "rue du Moulin",
           "chemin du Lavoir", "rue des Cerisiers", "boulevard des Quatre-Vents"]  # fmt: skip
SENTENCES = [
    "Les bénévoles vous accueillent dans la bonne humeur, sans inscription.",
    "Cette année encore, les habitants du quartier ont répondu présent.",
    "Nous remercions chaleureusement toutes celles et ceux qui ont donné un coup de main.",
    "L'atelier est gratuit et ouvert à tous, petits et grands.",
    "Pensez à apporter une gourde et des vêtements adaptés à la météo.",
    "Un goûter partagé clôturera l'après-midi, chacun peut apporter quelque chose.",
    "Les places sont limitées : inscrivez-vous auprès de l'accueil ou par téléphone.",
    "La salle est accessible en fauteuil roulant par l'entrée côté parking.",
    "Nous cherchons des bénévoles pour tenir la buvette et installer les tables.",
    "Les enfants doivent être accompagnés d'un adulte.",
    "Le programme complet est affiché dans le hall de la maison des associations.",
    "Une traduction en arabe et en anglais sera possible sur place.",
    "Les travaux de la salle polyvalente se terminent enfin, merci pour votre patience.",
    "Le conseil citoyen a voté le nouveau budget participatif du quartier.",
    "Les jeunes du club ont remporté le tournoi intercommunal de dimanche.",
    "La récolte du jardin partagé a été particulièrement généreuse cet automne.",
    "Une permanence supplémentaire est ouverte le jeudi soir pendant les vacances.",
    "Les ordinateurs de l'espace numérique ont été remplacés par des modèles plus récents.",
    "Le marché solidaire revient le premier samedi de chaque mois.",
    "La bibliothèque prolonge ses horaires d'ouverture le mercredi.",
    "Venez découvrir l'exposition de photos réalisée par les habitants.",
    "Une réunion d'information aura lieu pour présenter le projet aux familles.",
    "Les cours de français reprennent à la rentrée, les inscriptions sont ouvertes.",
    "Chaque participant repartira avec un petit livret de recettes.",
    "Le spectacle sera suivi d'un échange avec les comédiennes.",
    "Nous organisons une collecte de vêtements chauds pour l'hiver.",
    "La sortie à la mer a ravi les quarante familles inscrites.",
    "Les ateliers de réparation de vélos affichent complet tout le mois.",
    "Merci aux commerçants du marché qui ont offert les lots de la tombola.",
    "Une nouvelle fresque décore désormais le mur du préau.",
    "Les seniors du club ont préparé un repas pour tout le quartier.",
    "Le local sera exceptionnellement fermé pendant la semaine de Noël.",
    "Un atelier d'écriture est proposé aux adolescents le samedi après-midi.",
    "Les démarches en ligne deviennent plus simples avec l'aide d'un médiateur.",
    "L'association fête ses dix ans avec un grand bal populaire.",
    "Les comptes rendus des réunions sont disponibles sur simple demande.",
    "Un nouveau composteur collectif a été installé près de l'école.",
    "Les inscriptions à l'aide aux devoirs se font directement auprès des animateurs.",
    "Le tournoi de pétanque a réuni trois générations d'habitants.",
    "Nous accueillons désormais les tout-petits le mardi matin.",
]
ARABIC = ["ندعوكم للمشاركة في هذا النشاط المفتوح للجميع.", "الدخول مجاني والأطفال مرحب بهم مع أحد الوالدين.",
          "شكرا لجميع المتطوعين على مساعدتهم.", "يمكنكم التسجيل في مكتب الاستقبال أو بالهاتف."]  # fmt: skip
TITLES = ["Retour sur {}", "{} : les inscriptions sont ouvertes", "Appel aux bénévoles pour {}",
          "Nouveau : {}", "{} revient cette année", "Merci à tous pour {}"]  # fmt: skip
SUBJECTS = ["la fête de quartier", "l'atelier cuisine", "le tournoi de foot", "la bourse aux vêtements",
            "le repas partagé", "la sortie familles", "le café des parents", "la soirée jeux",
            "le marché de Noël", "l'aide aux devoirs", "le vide-grenier", "la chorale", "le ciné-plein-air",
            "la collecte solidaire", "le forum des associations", "l'atelier vélo"]  # fmt: skip
EVENT_NAMES = ["Permanence d'accueil", "Atelier numérique", "Café des parents", "Cours de français",
               "Entraînement", "Aide aux devoirs", "Atelier couture", "Repas partagé", "Chorale", "Soirée jeux",
               "Atelier cuisine", "Sortie nature", "Réunion publique", "Spectacle", "Tournoi"]  # fmt: skip
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA"]
TODAY = dt.date(2026, 11, 22)


def _slugify(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in text).split())


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pool(rng: random.Random, count: int = 8) -> list[bytes]:
    pictures = []
    for _ in range(count):
        image = Image.new("RGB", (800, 600), tuple(rng.randrange(60, 230) for _ in range(3)))
        draw = ImageDraw.Draw(image)
        for _ in range(6):
            x, y = rng.randrange(0, 700), rng.randrange(0, 500)
            draw.ellipse((x, y, x + rng.randrange(40, 200), y + rng.randrange(40, 200)),
                         fill=tuple(rng.randrange(0, 255) for _ in range(3)))  # fmt: skip
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        pictures.append(buffer.getvalue())
    return pictures


def _logo(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), colour).save(buffer, "PNG")
    return buffer.getvalue()


def _paragraphs(rng: random.Random, low=2, high=5) -> str:
    out = []
    for _ in range(rng.randint(low, high)):
        out.append(" ".join(rng.sample(SENTENCES, rng.randint(2, 4))))
    if rng.random() < 0.3:
        out.append("\n".join(f"- {s}" for s in rng.sample(SENTENCES, 3)))
    if rng.random() < 0.2:
        out.append("Plus d'informations sur [le site de la ville](https://ville.example.org/agenda).")
    return "\n\n".join(out) + "\n"


def _card(rng, name, slug, n) -> str:
    themes = rng.sample(THEMES, rng.randint(1, 3))
    services = rng.sample(SERVICES, rng.randint(0, 2))
    hours = []
    for day in ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"):
        hours.append(f"  {day}: " + rng.choice(["fermé", "9:00-12:00", "14:00-18:00", "9:00-12:00, 14:00-17:00"]))
    lines = [
        f"nom: {_quote(name)}",
        f"type: {rng.choice(KINDS)}",
        f"resume: {_quote(' '.join(rng.sample(SENTENCES, 2)))}",
        "description: |",
        *("  " + line if line else "" for line in _paragraphs(rng, 2, 3).splitlines()),
        "adresse:",
        f"  rue: {_quote(f'{rng.randint(1, 99)} {rng.choice(STREETS)}')}",
        f"gps: {46.57 + rng.random() / 50:.4f}, {0.33 + rng.random() / 50:.4f}",
        f"quartier: {rng.choice(NEIGHBOURHOODS)}",
        f"courriel: contact.{slug[:40]}@example.org",
        f"telephone: 01 99 00 {n // 100 % 100:02d} {n % 100:02d}",
        f"site: https://{slug[:40]}.example.org",
        "horaires:",
        *hours,
        "themes:",
        *(f"  - {t}" for t in themes),
    ]
    if services:
        lines += ["services:", *(f"  - {s}" for s in services)]
    lines += ["langues:", *(f"  - {lang}" for lang in ["français", *rng.sample(LANGUAGES[1:], rng.randint(0, 2))]),
              "logo:", "  fichier: images/logo.png", f"  alt: {_quote(f'Logo de {name}')}",
              f"mis_a_jour: {TODAY - dt.timedelta(days=rng.randint(0, 400))}"]  # fmt: skip
    return "\n".join(lines) + "\n", themes


def _news(rng, number: int, themes: list[str], image: str | None) -> tuple[str, str, str]:
    date = dt.datetime(2022, 12, 1, 9) + dt.timedelta(days=rng.randint(0, 1450), minutes=15 * rng.randint(0, 40))
    title = rng.choice(TITLES).format(rng.choice(SUBJECTS))
    title = title[0].upper() + title[1:]
    slug = f"{date:%Y-%m-%d}-{_slugify(title)[:50].strip('-')}-{number}"
    lines = ["---", f"titre: {_quote(title)}", f"date: {date:%Y-%m-%d %H:%M}",
             f"resume: {_quote(rng.choice(SENTENCES))}", "themes:", *(f"  - {t}" for t in rng.sample(themes, 1))]  # fmt: skip
    if image:
        lines += ["image:", f"  fichier: images/{image}", "  alt: Une photo prise pendant l'activité"]
    return slug, "\n".join(lines + ["---", _paragraphs(rng)]), f"{date:%Y-%m-%d %H:%M}"


def _event(rng, number: int, themes: list[str]) -> str:
    kind = rng.random()
    name = f"{rng.choice(EVENT_NAMES)} {rng.choice(SECOND)} ({number})"
    lines = ["---", f"titre: {_quote(name)}"]
    start_day = dt.date(2025, 11, 1) + dt.timedelta(days=rng.randint(0, 600))
    hour = rng.choice([9, 10, 14, 15, 17, 18])
    if kind < 0.40:  # once, with times
        lines += [f"debut: {start_day} {hour}:00", f"fin: {hour + 2}:00"]
    elif kind < 0.45:  # all day
        lines += [f"debut: {start_day}"]
    elif kind < 0.50:  # several days
        lines += [f"debut: {start_day}", f"fin: {start_day + dt.timedelta(days=rng.randint(1, 3))}"]
    elif kind < 0.85:  # weekly or fortnightly
        day = rng.randrange(6)
        first = dt.date(2026, 9, 7) + dt.timedelta(days=day + 7 * rng.randint(0, 8))
        interval = ";INTERVAL=2" if rng.random() < 0.2 else ""
        until = f";UNTIL={first.year + 1}0630" if rng.random() < 0.4 else ""
        lines += [
            f"debut: {first} {hour}:00",
            f"fin: {hour + 2}:00",
            f"regle: FREQ=WEEKLY{interval};BYDAY={DAYS[day]}{until}",
        ]
        if rng.random() < 0.5:
            lines += ["sauf:", "  - 2026-12-19 au 2027-01-03", "sauf_note: pendant les vacances de Noël"]
        if not interval and rng.random() < 0.15:
            session = first + dt.timedelta(days=7 * rng.randint(1, 6))
            lines += [
                "seances:",
                f"  - date: {session}",
                "    statut: annulé",
                "    note: la salle n'est pas libre ce jour-là",
            ]
    else:  # monthly
        rule, first = rng.choice([("1SA", dt.date(2026, 10, 3)), ("-1FR", dt.date(2026, 10, 30)),
                                  ("2TH", dt.date(2026, 10, 8))])  # fmt: skip
        lines += [f"debut: {first} {hour}:00", f"fin: {hour + 2}:00", f"regle: FREQ=MONTHLY;BYDAY={rule}"]
    status = rng.random()
    if status < 0.02:
        lines.append("statut: annulé")
    elif status < 0.04:
        lines.append("statut: complet")
    lines += [f"public: [{rng.choice(AUDIENCES)}]", "prix: gratuit" if rng.random() < 0.7 else "prix: 2 €",
              "themes:", *(f"  - {t}" for t in rng.sample(themes, 1)),
              f"resume: {_quote(rng.choice(SENTENCES))}", "---", _paragraphs(rng, 1, 2)]  # fmt: skip
    return "\n".join(lines)


def generate(target: Path, associations: int, news: int, events: int, seed: int = 1, images: bool = True) -> dict:
    rng = random.Random(seed)
    pool = _pool(rng) if images else []
    target = Path(target)
    (target / "content" / "pages").mkdir(parents=True, exist_ok=True)
    (target / "content" / "pages" / "a-propos.md").write_text(
        "---\ntitre: À propos du portail\n---\nUn portail de démonstration, entièrement inventé.\n", encoding="utf-8"
    )
    slugs, used = [], set()
    for n in range(associations):
        name = f"{rng.choice(FIRST)} {rng.choice(SECOND)}"
        slug = _slugify(name)
        while slug in used:
            name += f" {n}"
            slug = _slugify(name)
        used.add(slug)
        folder = target / "associations" / slug
        (folder / "images").mkdir(parents=True)
        (folder / "actualites").mkdir()
        (folder / "agenda").mkdir()
        card, themes = _card(rng, name, slug, n)
        (folder / "association.yml").write_text(card, encoding="utf-8")
        (folder / "images" / "logo.png").write_bytes(_logo(tuple(rng.randrange(30, 220) for _ in range(3))))
        slugs.append((slug, themes))
    counts = {"associations": associations, "news": 0, "events": 0, "images": 0}
    n = 0
    while counts["news"] < news:
        n += 1
        slug, themes = slugs[rng.randrange(associations)]
        folder = target / "associations" / slug
        image = None
        if pool and rng.random() < 0.1:
            index = rng.randrange(len(pool))
            image = f"photo-{index}.jpg"
            if not (folder / "images" / image).exists():
                (folder / "images" / image).write_bytes(pool[index])
                counts["images"] += 1
        name, text, _ = _news(rng, n, themes, image)
        (folder / "actualites" / f"{name}.md").write_text(text, encoding="utf-8")
        counts["news"] += 1
        if rng.random() < 0.03 and counts["news"] < news:  # an Arabic translation
            head = text.split("---\n")[1]
            title = next(line for line in head.splitlines() if line.startswith("date:"))
            (folder / "actualites" / f"{name}-ar.md").write_text(
                f"---\ntitre: \"إعلان للحي ({n})\"\n{title}\nlangue: ar\ntraduction_de: {name}\n---\n"
                + " ".join(rng.sample(ARABIC, 3)) + "\n", encoding="utf-8")  # fmt: skip
            counts["news"] += 1
    for n in range(events):
        slug, themes = slugs[rng.randrange(associations)]
        (target / "associations" / slug / "agenda" / f"evenement-{n}.md").write_text(
            _event(rng, n, themes), encoding="utf-8")  # fmt: skip
        counts["events"] += 1
    return counts


def main(argv: list[str]) -> int:
    size, target = argv
    shape = SIZES[size] if size in SIZES else tuple(int(x) for x in size.split(","))
    print(generate(Path(target), *shape))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
