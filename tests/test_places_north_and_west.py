"""Places of the northern and western countryside the gazetteer lacked, in their spellings.

Menagh Air Base (north of Aleppo, SDF-held since February 2016), Bizaah east of
al-Bab, Urum al-Kubra on the Aleppo-Idlib road: each with Wikipedia's
coordinates (see gazetteer/data/SOURCES.md).
"""

from __future__ import annotations

import pytest

from gazetteer.resolve import resolve_hits
from mapper.extract.reader import tools


def places(text: str) -> list[tuple[str, str]]:
    gaz, tagger = tools()
    return [(text[h.start:h.end], h.place_id) for h in resolve_hits(tagger.tag(text), gaz, text) if h.place_id]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Turkish shells fell near the Menagh airbase.", [("Menagh airbase", "menagh_airbase")]),
        ("Kurdish units still hold the Menagh Military Airport.", [("Menagh Military Airport", "menagh_airbase")]),
        ("Jets struck Bza'a, east of al-Bab.", [("Bza'a", "bizaah"), ("al-Bab", "al_bab")]),
        ("IS still holds B'zaah.", [("B'zaah", "bizaah")]),
        ("A convoy was hit in Orum al-Kubra in September.", [("Orum al-Kubra", "urum_al_kubra")]),
    ],
)
def test_countryside_places(text, expected):
    assert places(text) == expected


def test_a_mare_is_no_town():
    assert places("A mare grazed by the road.") == []
