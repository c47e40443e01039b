"""Process-wide settings, in the manner of osmnx's ``settings`` module.

Set them before calling :func:`mapper.build.build` or :func:`mapper.build.render`
(the CLI does this from its options).

Attributes
----------
leaflet_dir : Path or None
    A Leaflet ``dist`` folder (``npm install leaflet`` → ``node_modules/leaflet/dist``).
    When set, ``leaflet.js``, ``leaflet.css`` and its images are copied into
    ``site/static/leaflet/`` and the page loads them from there, so the map opens
    with no network at all (with the "No basemap" choice).  When None, the page
    loads Leaflet from a CDN.  Default: ``$MAPPER_LEAFLET_DIR`` when set.
"""

from __future__ import annotations

import os
from pathlib import Path

leaflet_dir: Path | None = Path(os.environ["MAPPER_LEAFLET_DIR"]) if os.environ.get("MAPPER_LEAFLET_DIR") else None
