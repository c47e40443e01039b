"""Who held each Aleppo neighbourhood on the baseline dates.

``data/baseline_control.csv`` has one row per place and date
(``place_id,date,controller,source``).  The control timeline starts from the
earliest baseline date and takes each later one as a fresh snapshot on its day;
a user can pass their own file in the same format (``mapper build --baseline FILE``).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import NamedTuple

from gazetteer.paths import shipped_file
from gazetteer.records import CONTROLLERS
from mapper.errors import GazetteerError

COLUMNS = ("place_id", "date", "controller", "source")


class Holding(NamedTuple):
    """A controller with the source that says so."""

    controller: str
    source: str


Baseline = dict[date, dict[str, Holding]]


def load_baseline(path: str | Path | None = None, known_ids: set[str] | None = None) -> Baseline:
    """Read a baseline control file.

    Parameters
    ----------
    path : path, optional
        A CSV with columns place_id, date, controller, source; the shipped
        baseline when omitted.
    known_ids : set of str, optional
        Place ids of the gazetteer; rows naming other places are errors.

    Returns
    -------
    dict
        ``{date: {place_id: Holding}}``.

    Raises
    ------
    GazetteerError
        On a missing column, a bad date, an unknown controller or place, or a
        place listed twice for one date; the message names the file and line.
    """
    path = Path(path) if path is not None else shipped_file("baseline_control.csv")
    out: Baseline = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in COLUMNS[:3] if c not in (reader.fieldnames or ())]
            if missing:
                raise GazetteerError(f"{path}: missing column(s) {', '.join(missing)}; need {', '.join(COLUMNS)}")
            for row in reader:
                where = f"{path}:{reader.line_num}"
                day, pid, holding = _parse_row(row, where, known_ids)
                if pid in out.setdefault(day, {}):
                    raise GazetteerError(f"{where}: {pid} is listed twice for {day}")
                out[day][pid] = holding
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise GazetteerError(f"{path}: baseline is not UTF-8 text ({exc.reason})") from exc
    if not out:
        raise GazetteerError(f"{path}: baseline has no rows")
    return out


def _parse_row(row: dict[str, str], where: str, known_ids: set[str] | None) -> tuple[date, str, Holding]:
    pid = (row.get("place_id") or "").strip()
    controller = (row.get("controller") or "").strip()
    try:
        day = date.fromisoformat((row.get("date") or "").strip())
    except ValueError:
        raise GazetteerError(f"{where}: date {row.get('date')!r} is not YYYY-MM-DD") from None
    if controller not in CONTROLLERS:
        raise GazetteerError(f"{where}: controller {controller!r} is not one of {', '.join(CONTROLLERS)}")
    if known_ids is not None and pid not in known_ids:
        raise GazetteerError(f"{where}: place {pid!r} is not in the gazetteer")
    return day, pid, Holding(controller, (row.get("source") or "").strip())

