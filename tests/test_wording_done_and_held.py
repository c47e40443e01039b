"""More wordings of what was done and who holds what, on sentences written for these tests.

* an infinitive after "forced", "managed", "had", "able" reports what was done
  ("were forced to pull out of X"), where a bare infinitive names an aim;
* "abandon(ed) their positions in X", "swept through X";
* "are (now) in full control of X" (an assertion of the day of writing) and its
  past, "still controlled X" (an assertion of the day the sentence tells of);
* a country's media or officials are a source, not its forces;
* "protested against the fall of X": X is the cause, not the scene.
"""

from __future__ import annotations

from datetime import date

import pytest
from sentence_checks import events, statements

from mapper.extract.control import find_statements
from mapper.extract.events import build_events
from mapper.extract.wholes import expand_statement
from mapper.pipeline import read_sentence

PUB = date(2016, 12, 9)  # a Friday


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Opposition units were forced to pull out of al-Ansari overnight.", [("change", "ansari", "regime")]),
        ("The army finally managed to take Jabal Badro.", [("change", "jabal_badro", "regime")]),
        ("The militants had to withdraw from Sakhour.", [("change", "sakhour", "regime")]),
        ("Government troops were able to capture Haydariya after a week.", [("change", "haydariya", "regime")]),
        ("Insurgents were forced to abandon their posts in al-Ansari.", [("change", "ansari", "regime")]),
        ("The rebels abandoned Sakhour without a fight.", [("change", "sakhour", "regime")]),
        ("Loyalist troops swept through Haydariya on Monday.", [("change", "haydariya", "regime")]),
    ],
)
def test_what_was_done(gaz, text, expected):
    assert statements(text, gaz) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The army launched an offensive to take Jabal Badro.",
        "The rebels tried to recapture Sakhour.",
        "Troops were sent to capture Haydariya.",
        "The army failed to take Jabal Badro.",
        "The militants were not able to hold Sakhour.",
    ],
)
def test_an_aim_is_no_change(gaz, text):
    assert [s for s in statements(text, gaz) if s[0] == "change"] == []


def _rows(text: str, gaz) -> list[tuple[str, str, str, str]]:
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return sorted(
        (r.place_id, r.to, r.kind, r.date.isoformat()) for st in found for r in expand_statement(st, ctx, gaz)
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Syrian troops are now in full control of Haydariya.", [("haydariya", "regime", "assertion", "2016-12-09")]),
        ("The rebels are in complete control of Sakhour.", [("sakhour", "rebel", "assertion", "2016-12-09")]),
        # the past tells of the day the sentence names
        ("On Monday the opposition was in full control of Sakhour.", [("sakhour", "rebel", "assertion", "2016-12-05")]),
        ("On Tuesday the rebels still controlled Haydariya.", [("haydariya", "rebel", "assertion", "2016-12-06")]),
        # the present is the day of writing
        ("The army now controls Haydariya.", [("haydariya", "regime", "assertion", "2016-12-09")]),
    ],
)
def test_who_holds_what_and_on_which_day(gaz, text, expected):
    assert _rows(text, gaz) == expected


@pytest.mark.parametrize(
    "text, actor1",
    [
        ("A car bomb killed nine in Azaz on Monday, Turkish media reported.", ""),
        ("Jets struck Idlib on Monday, Russian officials said.", ""),
        ("Iranian-backed militiamen shelled Sakhour on Monday.", "Iranian forces"),
        ("Turkish jets struck al-Bab on Monday.", "Turkish military"),
    ],
)
def test_a_countrys_media_and_officials_are_no_agent(gaz, text, actor1):
    ctx = read_sentence(text, PUB, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    assert {e.actor1 for e in build_events(ctx, gaz, found)} == {actor1}


def test_the_cause_of_a_protest_is_not_its_scene(gaz):
    got = events("Hundreds rallied in Idlib on Friday against the capture of Sakhour.", gaz)
    assert [place for _, place in got] == ["idlib"]
