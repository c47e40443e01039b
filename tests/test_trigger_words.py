"""The word gate of the event lexicon: every trigger match holds one of its required words."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest

from mapper.extract.control_lexicon import lower_pattern
from mapper.extract.events import classify_events
from mapper.extract.trigger_words import _UNKNOWN, _alternation, leading_alternatives, required_words


def _triggers() -> list[str]:
    raw = tomllib.loads(files("mapper").joinpath("data", "event_types.toml").read_text("utf-8"))
    return [lower_pattern(t) for rule in raw["rule"] for t in rule["triggers"]]


@pytest.mark.parametrize(
    "trigger, expected",
    [
        ("shell(?:ed|ing|s)", {"shelled", "shelling", "shells"}),
        ("(?:after|in|by) (?:a|an|the) strike", {"strike"}),  # never "in" or "the"
        ("killed \\d+ civilians", {"civilians"}),
        ("blocked (?:the |an )*convoys?", {"blocked"}),  # "convoy" may be glued to the unknown part
        ("bunker[- ]busters?", {"bunker"}),
        # lookarounds match no text: the words around them still count
        ("(?:a|the|its) corner(?! of| shops?)", {"corner"}),
        ("(?<=on )strikes", {"strikes"}),
    ],
)
def test_required_words(trigger, expected):
    assert required_words(trigger) == expected


@pytest.mark.parametrize("trigger", ["(?i)bomb", "(?=x", "\\d+", "(?:bomb)?", "(bomb)\\1", "a{"])
def test_unreadable_triggers_give_no_gate(trigger):
    assert required_words(trigger) is None


@pytest.mark.parametrize("trigger", _triggers())
def test_every_string_a_trigger_matches_holds_a_required_word(trigger):
    needed = required_words(trigger)
    assert needed is not None
    strings, _ = _alternation(trigger, 0)
    for s in strings:
        sample = s.replace(_UNKNOWN, "12")  # one text the unknown stretch may stand for
        if re.fullmatch(trigger, sample):
            assert needed & set(re.findall(r"\w+", sample)), sample


def test_a_sentence_without_cue_words_has_no_cue_and_one_with_them_has():
    assert classify_events("Residents of Aleppo queued for bread on Tuesday.") == []
    assert classify_events("Residents of Aleppo queued for bread; shelling resumed.")
    assert classify_events("Residents of İstanbul say shelling resumed.")  # not ASCII: no gate


@pytest.mark.parametrize("trigger", [t for t in _triggers() if t.startswith("(")])
def test_every_trigger_opening_with_a_group_can_be_filed_by_its_first_letters(trigger):
    # One that cannot (an optional group first, "(?:were )?burned") keeps itself and every
    # trigger before it out of the letter buckets: the scan of every sentence slows down.
    # Write the alternatives out instead ("were burned", "burned").
    assert leading_alternatives(trigger) is not None
