"""Opt-in: look up online the places a run found but the gazetteer lacks.

``mapper extract|build --geocoder nominatim`` first reads the articles once to
collect place-like names the gazetteer does not know
(:mod:`mapper.extract.unknown_places`), asks the geocoder for each (rate
limited and cached, see :mod:`gazetteer.geocode`), adds what it finds to the
user's gazetteer layer, and only then runs the real extraction.  Every place
added is reported: the geocoder is never silent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from gazetteer.places import clear_cache

log = logging.getLogger("mapper.geofill")


def fill_unknown_places(
    paths: Iterable[str | Path], geocoder: Any, *, include_comments: bool = False
) -> int:
    """Geocode the unknown place names of ``paths`` into the user layer.

    Parameters
    ----------
    paths : iterable of path
        Article files or folders.
    geocoder : str or gazetteer.geocode.Geocoder
        A provider name ("nominatim") or a configured geocoder.

    Returns
    -------
    int
        How many places were added.
    """
    from gazetteer.geocode import Geocoder, fill_missing
    from gazetteer.geonames import merge_user_places
    from mapper import pipeline

    records, _ = pipeline.extract_records(list(paths), include_comments=include_comments)
    names = sorted({u.surface for u in records.unknown_places})
    if not names:
        log.info("geocoder: every place-like name is already in the gazetteer")
        return 0
    if isinstance(geocoder, str):
        geocoder = Geocoder(geocoder)
    log.warning("geocoder: looking up %d name(s) (rate-limited, cached): %s", len(names), ", ".join(names))
    places = fill_missing(names, geocoder)
    for place in places:
        log.warning("geocoder: added %s (%s) at %.5f, %.5f — %s",
                    place.name, place.id, place.lat, place.lon, place.coord_source)
    if places:
        path = merge_user_places(places)
        log.warning("geocoder: %d place(s) written to %s; review them there", len(places), path)
        clear_cache()
        pipeline.reset_tools()
    return len(places)
