# Production settings: `make publish`, `make gazette` and the publishing
# builder (placette/publish/builder.py) use this file. The public address comes from the
# environment so that the same repository can be deployed by several centres:
# PLACETTE_SITEURL=https://<the portal's address>. Without it, or with an
# example address, the build stops with a French message (placette/build/siteurl.py).

import os
import sys

# The pelicanconf.py beside this file, wherever the build is started from.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F403
from placette.build.siteurl import public_siteurl  # noqa: E402

SITEURL = public_siteurl()
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Reuse parsed Markdown between builds; hashes, not mtimes, because a git
# checkout resets modification times.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"

# Gzipped twins of the text files for nginx `gzip_static` (placette/build/precompress.py,
# run by placette_incremental: only changed files are compressed again, and a
# removed page's twin goes with it).
PRECOMPRESS_GZIP = True
PRECOMPRESS_TEXT_EXTENSIONS = {
    ".css",
    ".html",
    ".js",
    ".json",
    ".xml",
    ".ics",
    ".txt",
    ".svg",
    ".vcf",
    ".webmanifest",
    ".opml",
}

# The bridge's public address, for the pages that send a resident to it (the
# accessibility statement's contact form, the replies to petites annonces):
# PLACETTE_BRIDGE_URL=https://<the bridge's address>. Without it the pages say
# to go to the association or the centre instead: a link to the development
# bridge (127.0.0.1) is never published.
_BRIDGE = os.environ.get("PLACETTE_BRIDGE_URL", "").strip().rstrip("/")
_CONTACT = f"{_BRIDGE}/contact?sujet=accessibilite" if _BRIDGE else ""
ACCESSIBILITY_STATEMENT = {**ACCESSIBILITY_STATEMENT, "contact_form": _CONTACT}  # noqa: F405
ANNONCES = {**ANNONCES, "contact_url": f"{_BRIDGE}/contact-annonce" if _BRIDGE else ""}  # noqa: F405
