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
