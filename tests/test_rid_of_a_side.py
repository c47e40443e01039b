"""A place rid of a side: the side named after "cleared of", "freed from" lost it.

Sentences written for these tests.  State media write "X has been cleared of
terrorists", "X was liberated from the militants": the side after "of" / "from" is
the loser, so the other side took the place (the agent when one is named).  Also
"broke into X" is a capture, as "stormed X" is.
"""

from __future__ import annotations

import pytest
from sentence_checks import statements


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Haydariya has been cleared of terrorists, a military source said.", [("change", "haydariya", "regime")]),
        ("Sakhour was purged of the militants on Monday.", [("change", "sakhour", "regime")]),
        ("Jabal Badro was liberated from the terrorists of Jabhat al-Nusra.", [("change", "jabal_badro", "regime")]),
        ("Azaz was freed from ISIS fighters by Turkish-backed rebels.", [("change", "azaz", "turkish_backed_rebel")]),
        ("Loyalist troops broke into Haydariya from the north.", [("change", "haydariya", "regime")]),
    ],
)
def test_the_side_a_place_is_rid_of_lost_it(gaz, text, expected):
    assert statements(text, gaz) == expected


def test_a_capture_by_a_named_side_is_still_theirs(gaz):
    # a noun ending in "of" is no riddance: the "by" phrase names the winner
    got = statements("Monitors confirmed the capture of Haydariya by government forces.", gaz)
    assert got == [("change", "haydariya", "regime")]
