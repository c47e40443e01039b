"""The few lines a user reads at the end of ``mapper extract`` and ``mapper build``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from mapper.pipeline import ExtractedRecords
from mapper.records import Article

_MAX_NAMES = 12


def extraction_summary(records: ExtractedRecords, articles: Sequence[Article], warnings: Sequence[str]) -> list[str]:
    """Counts of what was read and found, the places not found and the warnings.

    Returns
    -------
    list of str
        One line each, without trailing newlines.
    """
    kinds = Counter(c.kind for c in records.control_changes)
    lines = [
        f"read {len(articles)} article(s); {len(records.events)} event(s), "
        f"{len(records.control_changes)} control statement(s) "
        f"({kinds.get('change', 0)} change(s), {kinds.get('assertion', 0)} assertion(s)), "
        f"{len(records.mentions)} place mention(s)",
    ]
    names = sorted({u.surface for u in records.unknown_places})
    if names:
        shown = ", ".join(names[:_MAX_NAMES])
        if len(names) > _MAX_NAMES:
            shown += f" and {len(names) - _MAX_NAMES} more"
        lines.append(
            f"places not in the gazetteer ({len(names)}): {shown}; add them to your places.csv "
            "or rerun with --geocoder nominatim"
        )
    else:
        lines.append("places not in the gazetteer: none")
    lines.append(f"warnings: {len(warnings)}" + (" (shown above)" if warnings else ""))
    return lines
