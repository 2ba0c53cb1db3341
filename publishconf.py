# Production settings: `make publish` (and the rebuild service) use this file.
# The public address comes from the environment so the same repository can be
# deployed by several centres: PLACETTE_SITEURL=https://quartier.example.org

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

SITEURL = os.environ.get("PLACETTE_SITEURL", "https://placette.example.org").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True

# Reuse parsed Markdown between builds; hashes, not mtimes, because a git
# checkout resets modification times.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "sha1"

# Gzipped twins of the text files for nginx `gzip_static` (placette/precompress.py,
# run by placette_incremental: only changed files are compressed again, and a
# removed page's twin goes with it).
PRECOMPRESS_GZIP = True
PRECOMPRESS_TEXT_EXTENSIONS = {".css", ".html", ".js", ".json", ".xml", ".ics", ".txt", ".svg", ".vcf",
                               ".webmanifest", ".opml"}
