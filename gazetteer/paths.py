"""Where gazetteer data lives: the shipped files and the user's own layer.

The user layer (places imported from GeoNames, geocoder answers, imported
shapes) is kept apart from the shipped data so that an upgrade never
overwrites a user's work.  Its folder is ``$MAPPER_USER_DIR`` when set, else
``~/.local/share/aleppo-mapper``.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def shipped_file(name: str) -> Path:
    """Path of a data file shipped inside ``gazetteer/data``."""
    return Path(str(files("gazetteer") / "data" / name))


def user_dir() -> Path:
    """Folder of the user's gazetteer layer (not created here)."""
    env = os.environ.get("MAPPER_USER_DIR")
    if env:
        return Path(env).expanduser()
    return Path.home() / ".local" / "share" / "aleppo-mapper"


def user_file(name: str) -> Path:
    """Path of a file in the user layer (e.g. ``places.csv``, ``geocode_cache.csv``)."""
    return user_dir() / name
