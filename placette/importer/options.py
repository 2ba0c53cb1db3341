"""The portal's one setting for the importer, `IMPORT = {...}` in
pelicanconf.py (docs/reglages.md), read from the bridge's checkout of `main`
at each run: the same file decides for the build and for the import."""

from __future__ import annotations

from pathlib import Path

from placette.model.settings import plugin_options, read_pelican_settings

DEFAULTS = {
    "allow_loopback": False,  # True: sources on the portal's own machine (127.0.0.1, ::1) may be read
    "repeat_mail_days": 7,  # an unchanged failure is mailed again after this many days
}


def portal_options(checkout: Path) -> dict:
    """IMPORT merged over its defaults, from the portal's pelicanconf.py (defaults if it cannot be read)."""
    path = Path(checkout) / "pelicanconf.py"
    if not path.is_file():
        return dict(DEFAULTS)
    return plugin_options(read_pelican_settings(path), "IMPORT", DEFAULTS)
