"""Part of an area taken, a fall-back across a river, and a source that is no agent; on
sentences written for these tests.

* "took most of the Old City": a battle at the area (precision 2), but no control row
  (which quarters is not said);
* "pulled back across the Queiq river to A and B": A and B are still the side's;
* "Activists reported 19 killed in shelling of X": activists are a source; with no
  combatant named, the shelling's agent is not guessed from the sentence before.
"""

from __future__ import annotations

from datetime import date

from sentence_checks import PUB, rows

from mapper.extract.control import find_statements
from mapper.extract.events import build_events
from mapper.extract.reader import extract_article
from mapper.pipeline import read_sentence
from mapper.records import Article


def _events(text: str, gaz, **kw):
    ctx = read_sentence(text, PUB, article_id="t.txt", **kw)
    found, _ = find_statements(ctx, gaz)
    return build_events(ctx, gaz, found)


def test_part_of_an_area_is_a_battle_there_without_rows(gaz):
    text = "Loyalist troops seized much of the Old City on Wednesday."
    got = [(e.sub_event_type, e.place_id, e.geo_precision) for e in _events(text, gaz)]
    assert got == [("Government regains territory", "aleppo_old_city", 2)]
    assert rows(text, gaz) == []
    # a wide area stays precision 3
    wide = _events("Loyalist troops seized much of East Aleppo on Wednesday.", gaz)
    assert [(e.place_id, e.geo_precision) for e in wide] == [("aleppo_east", 3)]


def test_a_fall_back_across_a_river(gaz):
    got = rows("Opposition fighters fell back across the Queiq river to al-Ansari and Sakhour.", gaz)
    assert got == [("ansari", "rebel"), ("sakhour", "rebel")]


def test_a_source_is_no_agent_and_the_sentence_before_gives_none(gaz):
    text = "Activists reported at least 19 people killed in shelling of Sakhour."
    got = _events(text, gaz, context_sides=("rebel",))
    assert [(e.actor1, e.fatalities) for e in got] == [("", 19)]


def test_in_an_article_the_agent_of_a_nominal_strike_is_not_carried():
    text = ("Rebels said they were still fighting in Haydariya. "
            "Activists reported 12 people killed in shelling of Sakhour.")
    events = extract_article(Article("t.txt", "", text, date(2016, 12, 9))).events
    assert {e.actor1 for e in events if e.place_id == "sakhour"} == {""}
