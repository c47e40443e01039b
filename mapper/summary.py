"""The few lines a user reads at the end of ``mapper extract`` and ``mapper build``."""

from __future__ import annotations

from collections.abc import Sequence

from mapper.records import ExtractionCounts

_MAX_NAMES = 12


def extraction_summary(counts: ExtractionCounts, warnings: Sequence[str]) -> list[str]:
    """Counts of what was read and found, the places not found and the warnings.

    Parameters
    ----------
    counts : ExtractionCounts
        From ``ExtractionReport.counts`` or ``ExtractedRecords.counts``.
    warnings : sequence of str
        The warnings printed while reading.

    Returns
    -------
    list of str
        One line each, without trailing newlines.
    """
    lines = [
        f"read {counts.articles} article(s); {counts.events} event(s), "
        f"{counts.changes} control statement(s) "
        f"({counts.changes - counts.assertions} change(s), {counts.assertions} assertion(s)), "
        f"{counts.mentions} place mention(s)",
    ]
    names = counts.unknown_names
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
