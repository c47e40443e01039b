"""Opt-in online geocoder for places the gazetteer lacks.

Off by default: the shipped and user gazetteers answer offline.  When a user
passes ``--geocoder nominatim``, names the gazetteer cannot find are sent to
a Nominatim service through geopy, one request a second at most (the public
service's usage policy), biased to Syria.  Every answer, "not found"
included, is cached in ``user_file("geocode_cache.csv")``, a sorted CSV a
person can review and correct; a query found there is never sent again.
Each query is logged at INFO and each failure at WARNING on the
``gazetteer.geocode`` logger: the geocoder is never silent.

Usage
-----
>>> from gazetteer.geocode import Geocoder, fill_missing           # doctest: +SKIP
>>> geocoder = Geocoder("nominatim")                               # doctest: +SKIP
>>> geocoder.geocode("Tell Rifaat", province="aleppo_province")    # doctest: +SKIP
Place(id='geo_tell_rifaat', name='Tell Rifaat', kind='town', ...)
>>> fill_missing(["Tell Rifaat", "Mare'"], geocoder)               # doctest: +SKIP

A self-hosted Nominatim is reached with ``domain="host:port"`` and
``scheme="http"``.  Network errors, timeouts and HTTP errors raise
:class:`mapper.errors.GeocoderError`, and nothing is cached for them.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from geopy.adapters import BaseSyncAdapter, RequestsAdapter, URLLibAdapter
from geopy.exc import GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from gazetteer.geonames import in_aleppo_city, load_codes, write_csv_atomic
from gazetteer.paths import user_file
from gazetteer.records import Place
from mapper.errors import GazetteerError, GeocoderError

logger = logging.getLogger("gazetteer.geocode")

#: Columns of the cache file, in file order.
CACHE_COLUMNS: tuple[str, ...] = (
    "query",
    "status",
    "name",
    "lat",
    "lon",
    "display_name",
    "provider",
    "category",
)

#: Least seconds between two requests to the public nominatim.openstreetmap.org.
PUBLIC_MIN_DELAY = 1.0

#: Providers this module knows how to call.
PROVIDERS: tuple[str, ...] = ("nominatim",)


def _adapter_without_retries(*, proxies: Any, ssl_context: Any) -> BaseSyncAdapter:
    """A geopy HTTP adapter that sends each request once.

    geopy's default requests adapter lets urllib3 silently resend a request
    that timed out (twice), which would break the service's rate limit; the
    RateLimiter does the retrying instead, spaced and logged.
    """
    if RequestsAdapter.is_available:
        return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)
    return URLLibAdapter(proxies=proxies, ssl_context=ssl_context)


def _default_user_agent() -> str:
    """An identifying User-Agent, as Nominatim's usage policy requires."""
    try:
        return f"aleppo-mapper/{version('aleppo-mapper')}"
    except PackageNotFoundError:
        return "aleppo-mapper"


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """One cached answer.

    Attributes
    ----------
    query : str
        The name as sent (whitespace collapsed).
    status : str
        ``found`` or ``not_found``.
    name, display_name : str
        The answer's own name and its full label ("" when not found).
    lat, lon : float or None
        WGS84 latitude and longitude of the answer.
    provider : str
        Which service answered (``nominatim``).
    category : str
        The answer's ``class.type`` (e.g. ``place.village``), for the kind.
    """

    query: str
    status: str
    name: str = ""
    lat: float | None = None
    lon: float | None = None
    display_name: str = ""
    provider: str = "nominatim"
    category: str = ""

    def row(self) -> dict[str, str]:
        """The CSV row of this entry."""
        return {
            "query": self.query,
            "status": self.status,
            "name": self.name,
            "lat": "" if self.lat is None else f"{self.lat:.6f}",
            "lon": "" if self.lon is None else f"{self.lon:.6f}",
            "display_name": self.display_name,
            "provider": self.provider,
            "category": self.category,
        }


class Geocoder:
    """A rate-limited, caching geocoder (Nominatim through geopy).

    Parameters
    ----------
    provider
        Only ``"nominatim"`` (the public service or any Nominatim server).
    domain, scheme
        Where the service runs; geopy's defaults (the public
        ``nominatim.openstreetmap.org`` over https) when None.
    timeout
        Seconds to wait for an answer.
    min_delay_seconds
        Least time between two requests (1.0 for the public Nominatim).
    cache_path
        The answer cache; ``user_file("geocode_cache.csv")`` when None.
    user_agent
        Sent with each request; identifies this tool by default.
    country_codes
        Bias answers to these countries (ISO codes, comma-separated).
    max_retries, error_wait_seconds
        Retries after a timeout or a server error, and the wait before each.
    """

    def __init__(
        self,
        provider: str = "nominatim",
        *,
        domain: str | None = None,
        scheme: str | None = None,
        timeout: float = 10.0,
        min_delay_seconds: float = 1.0,
        cache_path: str | os.PathLike[str] | None = None,
        user_agent: str | None = None,
        country_codes: str = "sy",
        max_retries: int = 1,
        error_wait_seconds: float = 5.0,
    ) -> None:
        if provider not in PROVIDERS:
            raise GeocoderError(
                f"unknown geocoder {provider!r}; choose one of: {', '.join(PROVIDERS)}"
            )
        self.provider = provider
        self.country_codes = country_codes
        self.cache_path = (
            Path(cache_path) if cache_path is not None else user_file("geocode_cache.csv")
        )
        options: dict[str, Any] = {
            "timeout": timeout,
            "user_agent": user_agent or _default_user_agent(),
        }
        if domain is not None:
            options["domain"] = domain
        if scheme is not None:
            options["scheme"] = scheme
        try:
            self.client = Nominatim(adapter_factory=_adapter_without_retries, **options)
        except GeopyError as exc:
            raise GeocoderError(f"cannot set up geocoder {provider!r}: {exc}") from exc
        if domain is None and min_delay_seconds < PUBLIC_MIN_DELAY:
            # The public server's usage policy: at most one request a second.
            logger.warning(
                "min_delay_seconds=%s is below the public Nominatim limit; using %s",
                min_delay_seconds,
                PUBLIC_MIN_DELAY,
            )
            min_delay_seconds = PUBLIC_MIN_DELAY
        self.where = f"{self.client.scheme}://{self.client.domain}"
        self.min_delay_seconds = min_delay_seconds
        # swallow_exceptions=False: a failure must reach the caller, never turn into None.
        self._lookup = RateLimiter(
            self.client.geocode,
            min_delay_seconds=min_delay_seconds,
            max_retries=max_retries,
            error_wait_seconds=max(error_wait_seconds, min_delay_seconds),
            swallow_exceptions=False,
        )
        self.cache = read_cache(self.cache_path)

    def geocode(self, name: str, *, province: str | None = None) -> Place | None:
        """Look a place name up, from the cache or the service.

        Parameters
        ----------
        name
            The place name, as a report spells it.
        province
            Id of the province the place is believed to lie in; used as its
            parent when the answer is outside Aleppo city.

        Returns
        -------
        Place or None
            None when the service knows no such place (also cached).

        Raises
        ------
        GeocoderError
            On network errors, timeouts and HTTP errors (nothing is cached).
        """
        query = " ".join(name.split())
        if not query:
            logger.warning("geocode: empty name, nothing asked")
            return None
        entry = self.cache.get((query.casefold(), self.provider))
        if entry is not None:
            logger.info(
                "geocode %r: cached answer (%s) from %s", query, entry.status, self.cache_path
            )
        else:
            entry = self._ask(query)
            self.cache[(query.casefold(), self.provider)] = entry
            write_cache(self.cache_path, self.cache.values())
        if entry.status != "found":
            return None
        return self.to_place(entry, province=province)

    def _ask(self, query: str) -> CacheEntry:
        """Send one query to the service (rate-limited) and turn the answer into an entry."""
        logger.info("geocode %r: asking %s %s", query, self.provider, self.where)
        try:
            location = self._lookup(query, exactly_one=True, country_codes=self.country_codes)
        except GeopyError as exc:
            message = (
                f"geocoder {self.provider} at {self.where} failed for {query!r}: "
                f"{type(exc).__name__}: {exc or 'no detail'}; check the network or the "
                "--geocoder settings and retry (nothing was cached)"
            )
            logger.warning("%s", message)
            raise GeocoderError(message) from exc
        if location is None:
            logger.warning(
                "geocode %r: %s %s knows no such place (cached as not_found)",
                query,
                self.provider,
                self.where,
            )
            return CacheEntry(query=query, status="not_found", provider=self.provider)
        raw = location.raw if isinstance(location.raw, dict) else {}
        display = str(raw.get("display_name") or location.address or "")
        category = f"{raw.get('class') or raw.get('category') or ''}.{raw.get('type') or ''}"
        return CacheEntry(
            query=query,
            status="found",
            name=str(raw.get("name") or display.split(",")[0].strip() or query),
            # geopy's Location is (latitude, longitude): never swap to GeoJSON order here.
            lat=float(location.latitude),
            lon=float(location.longitude),
            display_name=display,
            provider=self.provider,
            category=category,
        )

    def to_place(self, entry: CacheEntry, *, province: str | None = None) -> Place:
        """The gazetteer place of a ``found`` cache entry."""
        assert entry.lat is not None and entry.lon is not None
        if in_aleppo_city(entry.lat, entry.lon):
            parent = load_codes()["aleppo_city"]["id"]
        else:
            parent = province or ("syria" if self.country_codes == "sy" else "")
        arabic = _is_arabic(entry.query)
        aliases = tuple(a for a in (entry.query,) if a.casefold() != entry.name.casefold())
        return Place(
            id=f"geo_{slug(entry.query)}",
            name=entry.name,
            kind=osm_kind(entry.category),
            parent=parent,
            lat=entry.lat,
            lon=entry.lon,
            name_ar=entry.query if arabic else "",
            aliases=aliases,
            coord_source=f"Nominatim: {entry.display_name}",
            coord_confidence="medium",
            on_map=self.country_codes == "sy",
            note=f"geocoded from {entry.query!r} ({entry.category}); see {self.cache_path.name}",
            layer="user",
        )


def fill_missing(
    names: Iterable[str], geocoder: Geocoder, *, province: str | None = None
) -> list[Place]:
    """Geocode names the gazetteer could not find.

    Parameters
    ----------
    names
        Place names (repeats are looked up once, case-insensitively).
    geocoder
        A :class:`Geocoder`.
    province
        Province id used as parent for answers outside Aleppo city.

    Returns
    -------
    list of Place
        One place per name the service found, in the order of ``names``.

    Raises
    ------
    GeocoderError
        On the first network or service failure.
    """
    seen: set[str] = set()
    found = []
    for name in names:
        key = " ".join(name.split()).casefold()
        if not key or key in seen:
            continue
        seen.add(key)
        place = geocoder.geocode(name, province=province)
        if place is not None:
            found.append(place)
    logger.info("geocoder filled %d of %d missing names", len(found), len(seen))
    return found


def osm_kind(category: str) -> str:
    """Our kind for a Nominatim ``class.type`` (table ``[osm.kinds]`` of the code file)."""
    kinds = load_codes()["osm"]["kinds"]
    klass = category.split(".")[0]
    return kinds.get(category) or kinds.get(f"{klass}.*") or kinds.get("*", "landmark")


def slug(text: str) -> str:
    """A stable ASCII id part for a name; a short hash when nothing ASCII is left."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = re.sub(r"['’‘ʼʻʿʾ`´]", "", folded)
    ascii_part = re.sub(r"[^a-z0-9]+", "_", folded.encode("ascii", "ignore").decode()).strip("_")
    if ascii_part:
        return ascii_part
    return "h" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _is_arabic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith("ARABIC") for c in letters)


def read_cache(path: Path) -> dict[tuple[str, str], CacheEntry]:
    """Load the answer cache ({} when there is none yet)."""
    if not path.exists():
        return {}
    cache = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in CACHE_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(
                    f"{path}: missing columns {', '.join(missing)}; the geocode cache needs "
                    f"the header {','.join(CACHE_COLUMNS)} (or delete it to start afresh)"
                )
            for lineno, row in enumerate(reader, start=2):
                entry = _entry(row, path, lineno)
                cache[(entry.query.casefold(), entry.provider)] = entry
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{path}: cannot read the geocode cache ({exc})") from exc
    return cache


def _entry(row: dict[str, str], path: Path, lineno: int) -> CacheEntry:
    """Parse one cache row, naming the file and line when it is wrong."""
    status = row["status"]
    if status not in ("found", "not_found"):
        raise GazetteerError(f"{path}:{lineno}: status {status!r}; use found or not_found")
    try:
        lat = float(row["lat"]) if row["lat"] else None
        lon = float(row["lon"]) if row["lon"] else None
    except ValueError as exc:
        raise GazetteerError(f"{path}:{lineno}: bad coordinate ({exc})") from None
    if status == "found" and (lat is None or lon is None):
        raise GazetteerError(f"{path}:{lineno}: a found answer needs lat and lon")
    return CacheEntry(
        query=row["query"],
        status=status,
        name=row["name"] or "",
        lat=lat,
        lon=lon,
        display_name=row["display_name"] or "",
        provider=row["provider"] or "nominatim",
        category=row["category"] or "",
    )


def write_cache(path: Path, entries: Iterable[CacheEntry]) -> None:
    """Write the cache sorted by query then provider, atomically."""
    rows = sorted(
        (e.row() for e in entries), key=lambda r: (r["query"].casefold(), r["provider"], r["query"])
    )
    write_csv_atomic(path, CACHE_COLUMNS, rows)
