"""Certainty labels from attribution and hedging (sentences written for these tests)."""

from __future__ import annotations

import re
import tomllib
from importlib.resources import files

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mapper.extract.certainty import (
    LABELS,
    Certainty,
    _best,
    _by_first_letter,
    _letter_first,
    _lexicon,
    _lower_literals,
    classify_certainty,
)


def _c(sentence: str, context: str = "") -> Certainty:
    got = classify_certainty(sentence, context)
    text = context if got.in_context else sentence
    assert text[got.start:got.end] == got.cue
    return got


@pytest.mark.parametrize(("sentence", "label"), [
    # claimed: a party or partisan outlet speaks, or the wording hedges toward a claim
    ("Local activists claim that troops set fire to the clinic.", "claimed"),
    ("Opposition sources said the brigade lost two tanks.", "claimed"),
    ("Syrian state TV insists the quarter is now secure.", "claimed"),
    ("According to a pro-government website, the depot was destroyed.", "claimed"),
    ("The rebels announced they had retaken the hill.", "claimed"),
    ("The alleged massacre took place in a basement.", "claimed"),
    ("Moscow said its aircraft had not flown over the city.", "claimed"),
    # reported: hedged, second-hand, or unverified
    ("Loyalist units have reportedly entered the souq.", "reported"),
    ("Reports say the road to the airport is cut.", "reported"),
    ("According to residents, the water station was hit.", "reported"),
    ("The video could not be independently verified.", "reported"),
    ("The commander is believed to have fled north.", "reported"),
    # confirmed: monitor, UN, or against interest
    ("The UN confirmed that 40 men were missing.", "confirmed"),
    ("The Syrian Observatory for Human Rights said 12 people died.", "confirmed"),
    ("A pro-Assad news site acknowledged the loss of the general.", "confirmed"),
    ("Medics verified the identities of the dead.", "confirmed"),
    # denied
    ("The Defence Ministry denied that its jets hit the market.", "denied"),
    ("Damascus rejected reports of summary executions.", "denied"),
    ("Rebel commanders said the withdrawal never happened.", "denied"),
])
def test_labels(sentence: str, label: str) -> None:
    assert _c(sentence).label == label


def test_plain_statement_defaults_to_reported() -> None:
    got = _c("Barrel bombs fell on the eastern districts.")
    assert (got.label, got.cue, got.start, got.end) == ("reported", "", 0, 0)


@pytest.mark.parametrize("sentence", [
    "Regime forces repelled an attack on the air base.",  # a failed attack is not a denial
    "The aid convoy was denied access to the district.",
    "The strike claimed the lives of eleven people.",
])
def test_look_alikes_are_not_cues(sentence: str) -> None:
    assert _c(sentence).label == "reported"
    assert _c(sentence).cue == ""


def test_context_carries_an_attribution() -> None:
    got = _c("Troops shot the men in the street.", context="Activists claim:")
    assert got.label == "claimed" and got.in_context


@pytest.mark.parametrize("sentence", [
    "They said troops shot the men in the street.",
    "“Troops shot the men in the street,” one wrote.",
    "Troops shot the men in the street, he added.",
])
def test_context_carries_into_a_continued_attribution(sentence: str) -> None:
    got = _c(sentence, context="Opposition activists said the district was burning.")
    assert got.label == "claimed" and got.in_context


def test_context_does_not_carry_into_an_unrelated_sentence() -> None:
    got = _c("Jets bombed the road to the airport.",
             context="Opposition activists said the district was burning.")
    assert (got.label, got.in_context) == ("reported", False)


def test_context_does_not_override_the_sentence() -> None:
    got = _c("The UN confirmed the deaths.", context="Activists claim:")
    assert got.label == "confirmed" and not got.in_context


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(
    [" ", "activists ", "said ", "denied ", "according to ", "the UN ", "reportedly ", "not ",
     "confirmed", "could ", "be ", "pro-Assad ", "site ", "x", "."]), max_size=20).map("".join)))
def test_any_text_gives_a_label_and_valid_span(text: str) -> None:
    got = classify_certainty(text)
    assert got.label in LABELS
    assert 0 <= got.start <= got.end <= len(text)
    assert text[got.start:got.end] == got.cue


@pytest.mark.parametrize(("sentence", "label"), [
    ("Jets struck a market in the north, a monitoring group said.", "confirmed"),
    ("The Turkish army said its tanks shelled the ridge.", "claimed"),
    ("The bakery was hit twice, said pro-regime media.", "claimed"),
    ("Civilians fleeing the area say pro-government troops now man the checkpoint.", "reported"),
    ("Loyalist units are said to be massing near the ring road.", "reported"),
])
def test_speakers(sentence: str, label: str) -> None:
    assert _c(sentence).label == label


def test_every_speech_verb_passes_the_quick_check() -> None:
    raw = tomllib.loads((files("mapper") / "data" / "certainty.toml").read_text("utf-8"))
    triggers = _lexicon().triggers
    assert all(verb.lower()[:4] in triggers for verb in raw["say"])
    assert _c("Rebels were saying the road is cut, saying it openly.").label == "claimed"


def test_officials_of_a_belligerent_state_claim():
    # a party's own diplomat or ministry speaking is a claim, not a neutral report
    assert classify_certainty("The checkpoints are open, said Russia’s UN ambassador on Friday.").label == "claimed"
    assert classify_certainty("The Iranian defence ministry said its advisers left the city.").label == "claimed"
    assert classify_certainty("“We hold the hill,” he added.",
                              context="The Turkish foreign minister said the town had fallen.").label == "claimed"
    assert classify_certainty("The Red Cross said 150 people were moved.").label != "claimed"


def test_grouping_by_first_letter_keeps_the_order_that_matters():
    # "b" before "bc" stays so; "(?:x)" may match where a "b..." does, so it stays between
    assert _by_first_letter(["b", "bc", "(?:b)x", "bd", "ab|cd", "a?b"]) == (
        "b(?:|c)|(?:b)x|b(?:d)|ab|cd|a?b")


def test_grouped_speaker_lists_match_as_the_plain_alternation():
    raw = tomllib.loads((files("mapper") / "data" / "certainty.toml").read_text("utf-8"))
    texts = [
        "The Syrian army said, the regime media and SANA reported; pro-Assad websites and"
        " the SDF, Turkish officials and Russia's UN envoy insisted, as the UN, OCHA, the"
        " Syrian Observatory for Human Rights, an independent monitoring group and MSF said.",
        "Activists, opposition sources, rebel commanders and state TV told Amaq; the Iranian"
        " deputy foreign minister said the Islamic State and the White Helmets announced it.",
    ]
    for key in ("say", "partisan", "monitor", "belligerent_official"):
        plain, grouped = ("|".join(raw[key]), _by_first_letter(raw[key]))
        for text in texts:
            spans = [[m.span() for m in re.finditer(rf"(?i)(?<![\w-])(?:{rx})", text)]
                     for rx in (plain, grouped)]
            assert spans[0] == spans[1], key


def _plain_best(text: str) -> tuple[str, int, int] | None:
    """What ``_best`` must give, from the TOML by the plainest reading: every alternation
    written out in order, a look-behind for the word start, each hit's cue found by
    trying the cues in turn."""
    raw = tomllib.loads((files("mapper") / "data" / "certainty.toml").read_text("utf-8"))
    slots = {k: "(?:" + "|".join(raw[k]) + ")"
             for k in ("say", "partisan", "monitor", "belligerent_official")}
    slots["say"] += r"(?!\s+to\s+(?:be|have)\b)"
    entries = sorted(((label, cue) for label, cues in raw["cues"].items() for cue in cues),
                     key=lambda e: -len(e[1]))
    lower = len(text.lower()) == len(text)
    subject, flags = (text.lower(), 0) if lower else (text, re.IGNORECASE)
    rank = {label: i for i, label in enumerate(raw["priority"])}
    best, best_key = None, (len(rank), 0)
    for templated in (True, False):
        cues = []
        for label, cue in entries:
            if ("{" in cue) == templated:
                for name, alt in slots.items():
                    cue = cue.replace("{" + name + "}", alt)
                rx = cue.replace(" ", r"\s+")
                cues.append((label, _lower_literals(rx) if lower else rx))
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(rx for _, rx in cues) + r")(?![\w-])",
                             flags)
        for m in pattern.finditer(subject):
            label = next(label for label, rx in cues
                         if re.compile(rx + r"(?![\w-])", flags).match(subject, m.start()))
            if label != "ignore" and (rank[label], m.start()) < best_key:
                best, best_key = (label, m.start(), m.end()), (rank[label], m.start())
    return best


_PIECES = [
    "activists", "Opposition fighters", "the Syrian army", "the regime", "regime forces", "SANA",
    "state TV", "pro-Assad", "pro-regime site", "Russia's", "UN envoy", "the Iranian deputy",
    "foreign minister", "Turkish military", "the UN", "SOHR", "monitors", "an independent",
    "monitoring group", "the Syrian Observatory", "said", "says", "told", "claimed", "insists",
    "reported", "according to", "denied", "access", "the lives", "reportedly", "not",
    "independently", "confirmed", "verified accounts", "are said to be", "fabricated", "x",
    "road", "the", "a", "it", "İ", "-", "'", "“", ",", ".", ":",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.sampled_from([" ", "  ", "\n", "", "-"])),
                max_size=16).map(lambda xs: "".join(a + b for a, b in xs)))
@example("x-denied it; re-said, activists said-so")
@example("zdenied; activists said.Monitors said")
@example("Activists in the town, x said; the UN  monitors\n  verified, İ insisted")
def test_best_cue_is_the_plain_readings(text: str) -> None:
    # the patterns are rewritten for speed (leading groups spread out, a character
    # class in place of the look-behind, possessive skipped words): same cues
    assert _best(text) == _plain_best(text)


def test_spreading_a_leading_group_keeps_the_order() -> None:
    assert _letter_first("(?:the )?(?:a|b)c|d") == ["the (?:a|b)c", "ac", "bc", "d"]
    assert _letter_first("(?:x)*y") is None and _letter_first(r"\w+") is None
    # "(?:x)??" tries without x first: left alone
    assert _letter_first("(?:x)??y") is None
