# Settings of the portal (development build).
#
# A social centre adapts this file: portal name, town, sub-neighbourhoods and
# the controlled lists (themes, kinds, services...). Everything a volunteer
# reads stays in French. `publishconf.py` adds the production settings.

SITENAME = "Placette des Quatre-Vents"
SITESUBTITLE = "Les associations, l'agenda et les nouvelles du quartier des Quatre-Vents"
SITEURL = ""
RELATIVE_URLS = True
AUTHOR = "L'équipe du portail"

# One content PATH (the project root) reaching both content/ and associations/.
# Only the folders named below are scanned: never .venv, output, tests, plugins
# or themes (tests/test_content_paths.py checks it).
PATH = "."
ARTICLE_PATHS = ["content/actualites", "associations"]
ARTICLE_EXCLUDES = []
PAGE_PATHS = ["content/pages"]
PAGE_EXCLUDES = []
# Images of association folders and of content/images are published by the
# placette_images plugin (re-encoded, no metadata), never copied as they are.
STATIC_PATHS = []
STATIC_EXCLUDES = []
IGNORE_FILES = ["**/.*", ".*", "__pycache__", "*.yml", "*.yaml", "*.md~", "*.swp"]
OUTPUT_PATH = "output"

TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
DEFAULT_DATE_FORMAT = "%d/%m/%Y"

THEME = "themes/placette"
PLUGIN_PATHS = ["plugins"]
# Always explicit: with PLUGINS unset Pelican loads every installed plugin.
# The order matters: each plugin declares what it provides and needs
# (DECLARATION in its __init__.py, placette/build/plugins.py); a plugin listed
# before one it needs is an error at start-up (tests/test_plugin_order.py).
PLUGINS = [
    "placette_content",
    "placette_filters",
    "placette_images",
    "placette_attachments",  # the documents: before the directory, whose association pages list them
    "placette_directory",
    "placette_map",  # the map of the actors (/carte/) and each event's place on the plan
    # Search right after the directory: every indexed page is written by then,
    # and indexing runs in the background while the agenda and feeds are written.
    "placette_search",
    "placette_agenda",
    "placette_feeds",
    "placette_annonces",
    "placette_portraits",
    "placette_easy",  # after the agenda: an easy version shows its original's sessions
    "placette_offline",
    "placette_share",  # after the agenda: a preview says the next session
    "placette_embed",
    "placette_statement",
    "placette_incremental",  # after search: the new index is claimed before stale files go
    "placette_gazette",
    "placette_moderation",
    "placette_sitemap",  # last: every page is written when it lists them
]

# News items and events are articles; their URLs carry the association they
# belong to. The placette_content plugin sets {prefix} ("associations/<slug>/"
# or "" for the portal's own news) and {section} ("actualites" or "agenda").
ARTICLE_URL = "{prefix}{section}/{slug}/"
ARTICLE_SAVE_AS = "{prefix}{section}/{slug}/index.html"
ARTICLE_LANG_URL = "{prefix}{section}/{slug}/{lang}/"
ARTICLE_LANG_SAVE_AS = "{prefix}{section}/{slug}/{lang}/index.html"
DRAFT_URL = "brouillons/{prefix}{section}/{slug}/"
DRAFT_SAVE_AS = "brouillons/{prefix}{section}/{slug}/index.html"
DRAFT_LANG_URL = "brouillons/{prefix}{section}/{slug}/{lang}/"
DRAFT_LANG_SAVE_AS = "brouillons/{prefix}{section}/{slug}/{lang}/index.html"
# Two associations may both have "assemblee-generale.md": translations are
# grouped within one association only.
ARTICLE_TRANSLATION_ID = ["category", "slug"]
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
PAGE_LANG_URL = "{slug}/{lang}/"
PAGE_LANG_SAVE_AS = "{slug}/{lang}/index.html"

# Pages nobody reads are not generated: no tag, author, category or date
# archives (the directory plugin writes each association's own pages).
# The news lists (actualites/ and each association's) are written by the
# directory plugin: the latest items, then one page per month or year whose
# address never changes (plugins/placette_directory/news_lists.py).
DIRECT_TEMPLATES = []
PAGINATED_TEMPLATES = {"directory_list": 40}
DEFAULT_PAGINATION = 12
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""

# Pelican's own feeds are off: the feeds plugin (feedgen) will write them.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
FEED_ATOM = None
FEED_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Parsed Markdown is cached between builds (reader layer). A cached reading is
# used again only while the code, the settings and every file its validation
# looked at (a translation's original, an image) are unchanged
# (plugins/placette_content/readcache.py), whatever the cache folder.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"
CACHE_PATH = "cache"

# iCalendar SEQUENCE / LAST-MODIFIED and feed dates of events come from the
# git history of each file (one `git log` per build).
PLACETTE_GIT_HISTORY = True

# The portal's vocabulary, shared by the build, `make check` and the bridge.
# Volunteers write these labels in their files; accents and capitals do not
# matter when they are matched. See placette/model/settings.py for every key.
PLACETTE = {
    "city": "Val-de-Brume",
    "postcode": "86990",
    "neighbourhood": "Les Quatre-Vents",
    "neighbourhoods": ["Les Tilleuls", "Le Moulin", "La Source", "Champ-Fleuri"],
    "kinds": [
        "association",
        "centre social",
        "comité de quartier",
        "espace public numérique",
        "écrivain public",
        "régie de quartier",
        "club sportif",
        "école",
        "collège",
        "bibliothèque",
        "compagnie artistique",
        "service public",
        "commerce",
    ],
    "themes": [
        "emploi",
        "numérique",
        "jeunesse",
        "famille",
        "santé",
        "accès aux droits",
        "logement",
        "culture",
        "sport",
        "seniors",
        "éducation",
        "environnement",
        "alimentation",
        "langue française",
        "citoyenneté",
        "loisirs",
    ],
    "services": [
        "écrivain public",
        "accès libre à internet",
        "aide aux démarches CAF",
        "aide aux démarches en ligne",
        "aide aux devoirs",
        "cours de français",
        "accompagnement vers l'emploi",
        "permanence juridique",
        "épicerie solidaire",
        "prêt de livres",
        "réparation de vélos",
        "ateliers numériques",
        "sorties familles",
        "jardinage",
        "activités sportives",
        "accueil des tout-petits",
        "impression et photocopies",
    ],
    # label -> language code (BCP 47)
    "languages": {
        "français": "fr",
        "arabe": "ar",
        "anglais": "en",
        "espagnol": "es",
        "portugais": "pt",
        "turc": "tr",
        "tamazight": "ber",
        "wolof": "wo",
        "soninké": "snk",
        "roumain": "ro",
        "langue des signes française": "fsl",
    },
    "audiences": [
        "tout public",
        "enfants",
        "jeunes",
        "familles",
        "adultes",
        "seniors",
        "femmes",
    ],
    # None: the build date. Pinned by the PLACETTE_TODAY environment variable
    # (YYYY-MM-DD) in tests so that builds are reproducible.
    "today": None,
}

# The identity of the portal's calendar events (each UID ends with
# « @<identité> »). Chosen once and never changed, even when the portal moves
# to another address or changes its name: a new identity would make every
# subscriber's calendar show each event twice. (It is not the site's address:
# that one may change.)
AGENDA = {"uid_domain": "placette-des-quatre-vents"}

# The map of the actors (/carte/) and the place of each event: the portal's own
# plan (no tiles, no request to another host), relative to PATH. The demo's is a
# hand-drawn plan of the fictional Quatre-Vents; a real portal may export one
# from OpenStreetMap (docs/reglages.md, « MAP ») and must then keep its ODbL
# attribution. bbox: [lat_min, lon_min, lat_max, lon_max], exactly what the plan
# shows, north up.
MAP = {
    "plan": "content/carte/plan-des-quatre-vents.svg",
    "bbox": [46.5745, 0.334, 46.589, 0.3505],
    "attribution": "Plan dessiné pour la démonstration : le quartier des Quatre-Vents n'existe pas.",
}

# Petites annonces (associations/<slug>/annonces/): the bridge's page that
# relays a message to the association that published one (bridge/contact.py).
ANNONCES = {"contact_url": "http://127.0.0.1:8080/contact-annonce"}

# Portraits and stories of the neighbourhood (associations/<slug>/portraits/,
# docs/ecrire-un-portrait.md): the defaults suit a neighbourhood.
PORTRAITS = {}

# The accessibility statement (/accessibilite/), made from the project's
# accessibility tests (docs/accessibilite.yml and docs/accessibilite.md).
# contact_form: the bridge's contact page, where a resident reports a problem
# (a centre writes its bridge's public address here, see docs/reglages.md).
ACCESSIBILITY_STATEMENT = {
    "contact_form": "http://127.0.0.1:8080/contact?sujet=accessibilite",
    "contact_other": "Ou passez à l'accueil du centre socio-culturel des Quatre-Vents, aux heures d'ouverture.",
}

# Escape everything by default: association names and summaries are typed by
# volunteers. Sanitised HTML (news, descriptions) is marked |safe in the theme.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}

# The review (the bridge reads these from main's settings): with
# `falc_reader_required`, a proposal that has an easy-to-read version (FALC) is
# published only once a FALC reader (role « lecteur_falc ») has read it.
REVIEW = {"falc_reader_required": False}

# The interface languages (issue 18, docs/traduire.md): the first is the
# default, written at the root; each other one gets the same pages under its
# code (/ar/agenda/, /en/agenda/) around the same content, which stays in its
# own language. Adding a language: its catalogue
# (placette/locales/<code>/LC_MESSAGES/messages.po, `make catalogues NOUVELLE=<code>`)
# and its code here.
INTERFACE_LANGUAGES = ["fr", "ar", "en"]
