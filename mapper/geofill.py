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

from gazetteer.places import clear_cache

log = logging.getLogger("mapper.geofill")


def fill_unknown_places(paths: Iterable[str | Path], provider: str, *, include_comments: bool = False) -> int:
    """Geocode the unknown place names of ``paths`` into the user layer.

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
    log.warning("geocoder: looking up %d name(s) with %s (1 request/s, cached): %s",
                len(names), provider, ", ".join(names))
    places = fill_missing(names, Geocoder(provider))
    for place in places:
        log.warning("geocoder: added %s (%s) at %.5f, %.5f — %s",
                    place.name, place.id, place.lat, place.lon, place.coord_source)
    if places:
        path = merge_user_places(places)
        log.warning("geocoder: %d place(s) written to %s; review them there", len(places), path)
        clear_cache()
        pipeline.reset_tools()
    return len(places)
