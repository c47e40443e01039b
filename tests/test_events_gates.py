"""The event reader's fast paths give what its plain paths give.

The trigger scan (group-free, word-led triggers spread over the letter
buckets) must find what the named trigger pattern finds; the word gates
(a sentence lacking every word a pattern needs skips that pattern) must
change no cue and no event.  Sentences here are drawn from the lexicon's own
words, places and punctuation, so the gated patterns do fire.
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date
from importlib.resources import files
from unittest.mock import patch

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazetteer.places import load_gazetteer
from mapper.extract import event_cues as cues
from mapper.extract import event_places as places
from mapper.extract import events as ev
from mapper.extract.context import PlaceRef, SentenceContext
from mapper.extract.control import find_statements
from mapper.extract.event_lexicon import event_lexicon, scan_pattern, trigger_pattern
from mapper.extract.trigger_words import _alternation, leading_alternatives
from mapper.pipeline import read_sentence
from mapper.records import Event

PUB = date(2016, 11, 28)


def _lexicon_words() -> list[str]:
    text = files("mapper").joinpath("data", "event_types.toml").read_text("utf-8")
    body = text[text.index("[guards]") :]
    return sorted(set(re.findall(r"[a-z][a-z'-]*", "\n".join(
        line.split("#")[0] for line in body.splitlines()
    ))))


_WORDS = _lexicon_words() + [
    "Aleppo", "Homs", "Sukkari", "Hanano", "al-Bab", "East Aleppo", "Idlib", "Daraa",
    "the", "army", "rebels", "regime", "ISIS", "on Sunday", "last year", "in March",
    "killing 9 people", "12", "near", "outskirts of", "north of", "Shelling", "AIRSTRIKES",
]
_GLUE = [" ", " ", " ", " ", ", ", "; ", " — ", " but ", ". ", "-", "\n"]
sentences = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(_GLUE)), min_size=1, max_size=18
).map(lambda parts: "".join(w + g for w, g in parts).strip() + ".")


@pytest.fixture(scope="module")
def gaz():
    return load_gazetteer()


def _named_hits(pattern: re.Pattern[str], low: str) -> list[tuple[int, int, str | None]]:
    return [(*m.span(), m.lastgroup) for m in pattern.finditer(low)]


@settings(max_examples=600, deadline=None)
@given(sentences)
def test_the_scan_finds_what_the_named_pattern_finds(sentence):
    lex, low = event_lexicon(), sentence.lower()
    assert cues._hits(lex, sentence, low) == _named_hits(lex.pattern, low)


@pytest.mark.parametrize(
    "triggers, text",
    [
        # the spread trigger still comes before the bucket's own ones ("after" alone)
        ([["(?:after|in) strike"], ["after"]], "died after strike hit"),
        ([["(?:after|in) strike"], ["after", "in"]], "in strike and after strike"),
        # one that cannot be spread keeps those after it out of the buckets
        ([["(?:after|in) strike", "s?trike after", "(?:strike|after) x"], ["after"]],
         "trike after x and strike after and after x"),
    ],
)
def test_the_scan_keeps_the_order_of_the_triggers(triggers, text):
    named, _ = trigger_pattern(triggers)
    scan = scan_pattern(triggers)
    assert [m.span() for m in scan.finditer(text)] == [m.span()[:2] for m in named.finditer(text)]
    assert scan.findall(text)


@pytest.mark.parametrize(
    "trigger, expected",
    [
        ("(?:after|in|by) strikes", ["after strikes", "in strikes", "by strikes"]),
        ("(?:a(?:b|c)|[|)]x)y", ["a(?:b|c)y", "[|)]xy"]),
        ("(?:were|was) (?:shot|hit)", ["were (?:shot|hit)", "was (?:shot|hit)"]),
        ("(?:a|b)?c", None),
        ("(?:a|b)+c", None),
        ("strikes", None),
        ("(?:a|b", None),
        ("(?:(a)|b)\\1", None),
    ],
)
def test_leading_alternatives(trigger, expected):
    assert leading_alternatives(trigger) == expected


def plain(fn, *args):
    """``fn(*args)`` without the word gates: every sentence as if its words were unknown."""
    cues.sentence_cues.cache_clear()

    def unknown(sentence):
        return None

    try:
        # every module that gates on the words reads them through its own name
        with patch.object(cues, "sentence_words", unknown), patch.object(
            places, "sentence_words", unknown
        ), patch.object(ev, "sentence_words", unknown):
            return fn(*args)
    finally:
        cues.sentence_cues.cache_clear()


@settings(max_examples=500, deadline=None)
@given(sentences)
def test_the_word_gates_change_no_cue(sentence):
    cues.sentence_cues.cache_clear()
    assert ev.classify_events(sentence) == plain(ev.classify_events, sentence)


@settings(max_examples=300, deadline=None)
@given(sentences, st.booleans())
def test_the_word_gates_change_no_event(gaz, sentence, dated):
    sentence = sentence if not dated else sentence[:-1] + " on Sunday."
    ctx = read_sentence(sentence, PUB, article_id="t.txt")
    statements, _ = find_statements(ctx, gaz)
    cues.sentence_cues.cache_clear()
    fast = ev.build_events(ctx, gaz, statements)
    assert fast == plain(ev.build_events, ctx, gaz, statements)


def test_the_gates_are_read_from_the_lexicon():
    lex = event_lexicon()
    assert b"shelling" in lex.cue_words and b"to" in lex.guard_words
    assert b"expected" in lex.after_words and b"since" in lex.summary_words
    assert b"daily" in lex.habitual_words and b"fled" in lex.origin_words


@pytest.mark.parametrize(
    "sentence",
    [
        "Rebels said the army will launch airstrikes on Aleppo on Sunday.",  # guard before
        "Buses carrying fighters shelled Homs and are expected to leave tonight.",  # future
        "Shelling has hit Aleppo daily for months.",  # habitual
        "Since the start of the year shelling killed 300 in Idlib.",  # summary
        "A man who fled Homs said soldiers detained his brothers in Daraa.",  # origin
        "Residents protested in Daraa in solidarity with Homs on Sunday.",  # cause
    ],
)
def test_a_gated_phrase_still_counts(gaz, sentence):
    ctx = read_sentence(sentence, PUB, article_id="t.txt")
    cues.sentence_cues.cache_clear()
    fast = (ev.classify_events(sentence), ev.build_events(ctx, gaz, []))
    assert fast == (plain(ev.classify_events, sentence), plain(ev.build_events, ctx, gaz, []))


def test_every_near_phrase_ends_with_a_near_end():
    src = places._NEAR.pattern
    inner = src[len(r"\b(?:") : src.index(r")\s+(?:the")]
    strings, end = _alternation(inner, 0)
    assert end == len(inner) and strings
    assert all(s.lower().endswith(places._NEAR_ENDS) for s in strings)


_LEAD_WORDS = ["near", "nearby", "outskirts of", "north-east of", "close to", "the", "The", "in",
               "Near", "shelling", "of", "to", "x", "vicinity", "approaches to", "edge of"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(_LEAD_WORDS), st.sampled_from([" ", "  ", "\n", "", "-"]))),
    st.sampled_from(["", " area", " countryside", "'s", " province of"]),
)
def test_the_near_gate_changes_no_precision(gaz, parts, tail):
    lead = "".join(w + g for w, g in parts)
    place = gaz.get("al_bab")
    text = f"{lead}al-Bab{tail} was shelled."
    ref = PlaceRef(place, len(lead), len(lead) + len("al-Bab"))
    ctx = SentenceContext("t", text, 0, len(text), PUB)
    plain = 2 if places._NEAR.search(text[max(0, ref.start - 30) : ref.start]) else 1
    plain = 2 if places._NEAR_AFTER.match(text, ref.end) else plain
    assert ev.geo_precision(ctx, ref, gaz) == plain


def test_events_are_built_in_the_order_of_their_fields():
    # ``_event`` passes them by position
    assert [f.name for f in fields(Event)] == [
        "event_id", "date", "date_precision", "time_utc", "event_type", "sub_event_type",
        "actor1", "actor2", "place_id", "place", "lat", "lon", "geo_precision", "fatalities",
        "fatalities_phrase", "certainty", "in_comments", "sources", "date_end",
    ]


_AGENT_WORDS = [
    "the", "army", "rebels", "regime", "ISIS", "government", "opposition", "soldiers", "YPG",
    "in", "rebel", "hands", "held", "by", "-held", "under", "control", "rule", "of", "anti",
    "anti-regime", "controlled", "run", "occupied", "killed", "were", "was", "reportedly", "three",
    "shelled", "attacked", "on", "against", "among", "lives", "Killed", "HELD", "Hands", "Aleppo",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_AGENT_WORDS), st.sampled_from([" ", " ", ", ", "-"])),
                min_size=1, max_size=14))
def test_the_agent_gates_change_no_view(parts):
    # Holder and victim phrases are looked for only in sentences holding one of their words.
    sentence = "".join(w + g for w, g in parts).strip() + "."
    ctx = read_sentence(sentence, PUB, article_id="t.txt")
    assert ev._agent_view(ctx) == plain(ev._agent_view, ctx)


def test_the_agent_gates_are_read_from_the_lexicon():
    lex = event_lexicon()
    assert b"hands" in lex.holder_words and b"anti" in lex.holder_words
    assert b"killed" in lex.victim_before_words and b"killed" in lex.victim_after_words
    assert lex.holder_words <= lex.gate_words and lex.victim_after_words <= lex.gate_words


def _plain_hits(lex, low):
    return [(*m.span(), lex.pattern.match(low, m.start()).lastgroup) for m in lex.scan.finditer(low)]


@settings(max_examples=500, deadline=None)
@given(sentences)
def test_remembered_trigger_groups_are_the_named_patterns(sentence):
    # The phrase -> group memory is shared by every example: a wrong one shows in a later sentence.
    lex, low = event_lexicon(), sentence.lower()
    assert cues._hits(lex, sentence, low) == _plain_hits(lex, low)


def test_a_phrase_a_lookahead_may_take_is_not_remembered():
    from types import SimpleNamespace

    from mapper.extract.event_lexicon import _context_words

    triggers = [["shells?(?= of)"], ["shells?", "mortars?"]]
    lex = SimpleNamespace(
        pattern=trigger_pattern(triggers)[0], scan=scan_pattern(triggers), group_of={},
        context_words=_context_words([t for ts in triggers for t in ts]),
    )
    assert lex.context_words == {b"shell", b"shells"}
    for low in ["a shell hit the mortars", "a shell of the mortar", "shells hit", "shells of x"] * 2:
        assert cues._hits(lex, low, low) == _plain_hits(lex, low)
    assert lex.group_of["shell"] == "" and lex.group_of["mortars"].startswith("r1_")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80) | sentences)
def test_the_words_table_lower_cases_as_lower_does(text):
    # The translation table folds capitals itself: the same words as lower() then split.
    if not text.isascii():
        assert cues.sentence_words.__wrapped__(text) is None
        return
    plain_words = set(re.findall(rb"[a-z0-9_]+", text.lower().encode()))
    assert cues.sentence_words.__wrapped__(text) == event_lexicon().gate_words & plain_words
