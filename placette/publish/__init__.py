"""Publishing: rebuilding the site from the repository, switching it online,
the forge, the moderation log. Used by `make rebuild` and by the bridge.

The bridge and the command-line runs (`python -m placette.publish.builder`,
`...forge`) share one data folder: `PLACETTE_BRIDGE_DATA_DIR`, by default
`var/bridge` in the project (its repository of record is `portail.git` there).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent.parent / "var" / "bridge"


def data_dir(environ=os.environ) -> Path:
    """The data folder named by the environment, as the bridge reads it."""
    return Path(environ.get("PLACETTE_BRIDGE_DATA_DIR", DEFAULT_DATA_DIR))
