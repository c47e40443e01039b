"""The cues of unknown places, read run by run behind anchors, match as the plain patterns over the whole text."""

import random
import re
import tomllib
from importlib.resources import files

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mapper.extract.unknown_places import _NAME, _cue_matches, _cues


def _plain_patterns() -> dict[str, re.Pattern[str]]:
    """Each cue written the plain way: flat alternations, no anchor."""
    with (files("mapper") / "data" / "place_cues.toml").open("rb") as fh:
        cues = tomllib.load(fh)
    kinds = "|".join(sorted((re.escape(k) for k in cues["kind_words"]), key=len, reverse=True))
    places = "|".join(map(re.escape, cues["place_words_before"]))
    return {
        "kind-of": re.compile(rf"\b(?:{kinds}) of (?:the )?(?P<name>{_NAME})"),
        "kind-after": re.compile(rf"(?P<name>{_NAME}) (?:{kinds})\b"),
        "article": re.compile(rf"\b(?:{places}) (?P<name>(?:al|el|as|ash|ad|an|ar|az)[-‐‑][A-Z][\w'’‘ʿ]+)"),
    }


_PLAIN = _plain_patterns()


def _vocabulary() -> list[str]:
    with (files("mapper") / "data" / "place_cues.toml").open("rb") as fh:
        cues = tomllib.load(fh)
    kinds, places = cues["kind_words"], cues["place_words_before"]
    words = kinds + places
    # Whole cue phrases too, so that the random texts hold many matches.
    phrases = [f"{k} of " for k in kinds] + [f"{p} {a}-" for p in places for a in ("al", "ash", "el", "As")]
    return sorted(set(words + phrases + [w.capitalize() for w in words] + [
        "of", "the", "al-", "el-", "ash-", "as-", "Al-", "an ", "Tell", "Shughaib", "Qaterji", "Rai", "bin", "abu",
        "X", "Ab", "Bab", "Jisr", "o'Neill", "’s", "‐", "‑",
    ]))


_SEPARATORS = [" ", " ", " ", "-", ", ", ". ", "\n", "(", ") ", "; ", ""]


def _check(text: str) -> None:
    runs = _cues()
    for cue in runs.cues:
        fast = [(m.span("name"), m.group("name")) for m in _cue_matches(cue, runs, text)]
        plain = [(m.span("name"), m.group("name")) for m in _PLAIN[cue.name].finditer(text)]
        assert fast == plain, cue.name


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_vocabulary()), st.sampled_from(_SEPARATORS)), max_size=40)
       .map(lambda parts: "".join(w + s for w, s in parts)))
@example("Artillery pounded the village of Tell Shughaib and the al-Qaterji district; troops entered al-Rai.")
@example("the air base of Kweires, the Kweires air base, near ash-Shaar, captured as-Safira")
def test_cues_match_as_the_plain_patterns(text):
    _check(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32))
def test_cues_match_as_the_plain_patterns_on_long_texts(seed):
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    _check("".join(rng.choice(vocabulary) + rng.choice(_SEPARATORS) for _ in range(rng.randint(200, 1500))))
