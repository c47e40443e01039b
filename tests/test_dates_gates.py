"""The cheap gates of the date reader change nothing but its speed.

:mod:`mapper.extract.dates` tries its phrase pattern only where a look-ahead on
the first word lets it, only near anchor words, and reads the tense through a
pattern gated on first letters.  Each gate must be a necessary condition: these
tests compare the gated forms with the plain ones on text made of the words the
patterns know, in any case, glued or spread by long runs of white space.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left
from importlib.resources import files

from hypothesis import given, settings
from hypothesis import strategies as st

from mapper.extract import dates
from mapper.extract.dates import _LEAD, _alt, _anchor_starts, _build_pattern, _lexicon, _matches

_RAW = tomllib.loads((files("mapper") / "data" / "dates.toml").read_text("utf-8"))
_NAMES = [n for name, spec in _RAW["months"].items() for n in (name, *spec[1:])]
_WORDS = [*_NAMES, *_RAW["weekdays"], *_RAW["parts_of_month"], *_RAW["anchors"]["words"],
          *dates._OPENERS, *_RAW["tense"]["future_cues"],
          "of", "the", "day", "before", "previous", "twenty-four", "forty-eight", "24", "48",
          "3", "12", "2016", "12/7/2016", "2016-12-03", "3rd", "km", "GMT", "people", "mayor",
          "Marching", "ſince", "İ", "’s", "'s",
          # one phrase of each kind, to be found whole, cut or glued to others
          "the day before yesterday", "in the past 24 hours", "during the previous 48 hours",
          "over the weekend", "this past Sunday", "earlier this week", "late last night",
          "early this morning", "on 3 December 2016", "Dec. 12th", "12 of March", "mid-July",
          "since 5 Nov", "until late August", "15/12/16", "next Friday's evening", "by December",
          "later this week", "past week", "end of May", "early December", "last weekend",
          "this afternoon", "tonight", "today", "overnight"]
_GLUE = [" ", " ", "  ", "\n\n", " " * 30, ", ", ".", "-", "/", "; ", ""]

_text = st.lists(
    st.tuples(st.sampled_from(_WORDS), st.sampled_from(["same", "lower", "upper"]),
              st.sampled_from(_GLUE)),
    max_size=14,
).map(lambda parts: "".join(
    (w if case == "same" else getattr(w, case)()) + glue for w, case, glue in parts))


def _plain_pattern() -> re.Pattern[str]:
    lex = _lexicon()
    names = list(_RAW["months"])
    abbrs = [a for spec in _RAW["months"].values() for a in spec[1:]]
    return _build_pattern(names, abbrs, list(_RAW["weekdays"]), list(lex.parts), gate=False)


def _span(m: re.Match[str] | None) -> tuple[object, ...] | None:
    return None if m is None else (m.span(), m.lastgroup, m.groupdict())


@settings(max_examples=400, deadline=None)
@given(_text)
def test_opener_gate_keeps_every_match(text: str) -> None:
    gated, plain, openers = _lexicon().pattern, _plain_pattern(), _lexicon().openers
    for i in range(len(text) + 1):
        m = plain.match(text, i)
        assert _span(gated.match(text, i)) == _span(m)
        if m:
            assert openers.match(text, i)


def _matches_slowly(sentence: str) -> list[tuple[int, int]]:
    """The rule of ``_matches`` the slow way: every word start within the lead of each anchor."""
    pattern, out = _plain_pattern(), []
    starts = [m.start() for m in re.finditer(r"(?<![\w'’])(?=\w)", sentence)]
    lowered = sentence.lower()
    words = _lexicon().anchors.intersection(re.findall("[a-z]+", lowered))
    for a in _anchor_starts(sentence, lowered, words):
        if out and a < out[-1][1]:
            continue
        k = bisect_left(starts, max(out[-1][1] if out else 0, a - _LEAD))
        while k < len(starts) and starts[k] <= a:
            m = pattern.match(sentence, starts[k])
            if m and m.end() > a:
                out.append(m.span())
                break
            k += 1
    return out


@settings(max_examples=400, deadline=None)
@given(_text)
def test_matches_are_those_of_every_word_start(text: str) -> None:
    assert [m.span() for m in _matches(text)] == _matches_slowly(text)


def test_a_phrase_out_of_an_anchors_reach_is_not_taken() -> None:
    spread = "Fighters left last" + " " * 40 + "Monday."
    assert [m.group() for m in _matches(spread)] == ["Monday"]


@settings(max_examples=300, deadline=None)
@given(_text)
def test_future_cue_gate_keeps_every_cue(text: str) -> None:
    plain = re.compile(r"\b(?:" + _alt(_RAW["tense"]["future_cues"]) + r")\b", re.IGNORECASE)
    gated = _lexicon().future
    assert [m.span() for m in gated.finditer(text)] == [m.span() for m in plain.finditer(text)]
