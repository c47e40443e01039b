"""A toll named well before its number, captures told by a noun, and "whether", on sentences
written for these tests.

* "the death toll from Monday's raids on X rose to 42", "put the toll ... at 31":
  the tally verb right before the number lets the toll named further back count;
* "the capture of X by the army", "the seizure of X": a noun tells the change
  (its agent the "by" phrase), unless an aim names it ("preparing for the capture
  of X", "the battle for the capture of X"); not "the liberation of X", state media's
  word for a victory long after it;
* "it is unclear whether the army entered X" is no change.
"""

from __future__ import annotations

import pytest
from sentence_checks import statements

from mapper.extract.fatalities import extract_fatalities


@pytest.mark.parametrize(
    "text, count",
    [
        ("The death toll from Monday's air raids on Kafr Nabl rose to 42, medics said.", 42),
        ("Monitors put the toll from the strikes on the market in Saraqib at 31.", 31),
        ("The toll of dead from the shelling of the bakery in Sakhour has climbed to at least 25.", 25),
        ("The death toll stands at 17.", 17),
    ],
)
def test_a_toll_named_before_its_tally(text, count):
    found = extract_fatalities(text)
    assert found is not None and found.count == count


@pytest.mark.parametrize(
    "text",
    [
        "The number of people evacuated from the eastern districts rose to 3,000.",
        "Casualties from the shelling of Hanano rose to 40.",  # casualties include the wounded
        "The number of buses that reached the crossing rose to 60.",
    ],
)
def test_a_tally_of_anything_else_is_no_toll(text):
    assert extract_fatalities(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The recapture of Jabal Badro by the rebels on Sunday surprised observers.",
         [("change", "jabal_badro", "rebel")]),
        ("After the capture of Sakhour by loyalist troops, the road to Haydariya lay open.",
         [("change", "sakhour", "regime")]),
        ("Opposition fighters celebrated the seizure of Sakhour.", [("change", "sakhour", "rebel")]),
    ],
)
def test_a_capture_told_by_a_noun(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The army is preparing for the capture of Sakhour.",
        "Loyalist troops are ready for the recapture of Jabal Badro.",
        "The battle for the capture of Hanano has begun, state media said.",
        "The liberation of Hanano is a historic victory, the agency said.",
        "It is unclear whether the army has entered al-Ansari.",
        "Nobody could say whether rebels had retaken Jabal Badro.",
    ],
)
def test_an_aim_or_a_doubt_is_no_change(gaz, text):
    assert [s for s in statements(text, gaz) if s[0] == "change"] == []
