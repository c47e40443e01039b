"""The tagger's array code finds the same names as a plain word-by-word reading."""

import random
from bisect import bisect_right
from functools import cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from gazetteer.matcher import _KIND_WORDS, NameHit, PlaceTagger, not_place_phrases
from gazetteer.normalize import ARTICLE, tokenize
from gazetteer.paths import shipped_file
from gazetteer.places import Gazetteer, load_gazetteer
from gazetteer.records import Place


@cache
def _tagger() -> PlaceTagger:
    return PlaceTagger(load_gazetteer(user_layer=False))


def _reference_tag(tagger: PlaceTagger, text: str) -> list[NameHit]:
    """Tagging as the module docstring says, one hit and one word at a time."""
    keys, starts, ends = tokenize(text)
    starts, ends = starts.tolist(), ends.tolist()
    where, pos = {}, 1  # offset of each word in the folded text -> its index
    for i, key in enumerate(keys):
        where[pos] = i
        pos += len(key) + 1
    offsets = list(where)
    found = []
    for end, entry in tagger._automaton.iter(" " + " ".join(keys) + " "):
        first = where.get(end - int(tagger._key_len[entry]))
        if first is None:
            continue  # starts inside a word
        last = bisect_right(offsets, end - 1) - 1
        if tagger._guarded[entry] and (last + 1 == len(keys) or keys[last + 1] not in _KIND_WORDS):
            continue
        if all(keys[i] == ARTICLE or "a" <= text[starts[i]] <= "z" for i in range(first, last + 1)):
            continue
        found.append((first, last, entry))
    found.sort(key=lambda f: (f[0], -f[1]))  # stable
    hits, taken_until, last_end = [], -1, -1
    for first, last, entry in found:
        if first <= taken_until:
            continue
        taken_until = last
        if not tagger._ids[entry]:
            continue
        if first > 0 and keys[first - 1] == ARTICLE and last_end <= starts[first - 1]:
            first -= 1
        last_end = ends[last]
        surface = text[starts[first]:last_end]
        hits.append(NameHit(starts[first], last_end, surface, tagger._alias[entry], tagger._ids[entry]))
    return hits


@cache
def _vocabulary() -> list[str]:
    """Spellings of places and phrases, in several cases, and words around names."""
    tagger = _tagger()
    gaz = tagger.gazetteer
    spellings = sorted({s for p in gaz.places for s in gaz.spellings(p)})
    phrases = not_place_phrases(gaz)
    rng = random.Random(7)
    names = rng.sample(spellings, 400) + rng.sample(phrases, 40)
    with open(shipped_file("guard_words.txt"), encoding="utf-8") as fh:
        guards = [w.strip() for w in fh if w.strip() and not w.startswith("#")]
    words = ["al", "Al", "el-", "al-", "ash-", "as-", "the", "of", "and", "district", "city", "Province",
             "quarter", "camp", "ال", "ـال", "\u064b", "Aleppo", "Bab", "Halk", "Idlib", "Sheikh"]
    return sorted(set(names + [n.lower() for n in names[:100]] + [n.upper() for n in names[:30]]
                      + guards + [g.capitalize() for g in guards] + words))


_SEPARATORS = [" ", " ", " ", "-", ", ", ". ", " al-", " the ", "'s ", "\n"]


@st.composite
def _texts(draw):
    vocabulary = _vocabulary()
    parts = draw(st.lists(st.tuples(st.sampled_from(vocabulary), st.sampled_from(_SEPARATORS)), max_size=40))
    return "".join(w + s for w, s in parts)


@settings(max_examples=400, deadline=None)
@given(_texts())
def test_tag_is_the_plain_reading(text):
    assert _tagger().tag(text) == _reference_tag(_tagger(), text)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32))
def test_tag_is_the_plain_reading_on_long_texts(seed):
    # Long enough for tokenize's character table.
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    text = "".join(rng.choice(vocabulary) + rng.choice(_SEPARATORS) for _ in range(rng.randint(300, 1500)))
    assert _tagger().tag(text) == _reference_tag(_tagger(), text)


def test_glued_article_left_whole_takes_the_word_by_word_path():
    # A tatweel before the article: the word folds to "al <rest>" but is not split.
    text = "Shelling of ـالباب and حلب, then Aleppo city and al-Bab. " * 30
    keys, _, _ = tokenize(text)
    assert any(" " in k for k in keys)
    assert _tagger().tag(text) == _reference_tag(_tagger(), text)


@cache
def _small_tagger() -> PlaceTagger:
    # A small world written for the test, with a name that ends on the article
    # ("Marea al"): the article after it must not join the next name.
    return PlaceTagger(Gazetteer([
        Place("syria", "Syria", "country", "", 35.0, 38.0),
        Place("marea_al", "Marea al", "village", "syria", 36.0, 37.0),
        Place("mashhad", "Mashhad", "district", "syria", 36.1, 37.1, aliases=("al-Mashhad",)),
        Place("bab", "Bab", "town", "syria", 36.2, 37.2, aliases=("al-Bab", "Bab Tell")),
        Place("tell", "Tell", "village", "syria", 36.3, 37.3),
    ]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Marea", "Tell", "tell", "al", "Al", "al-", "Mashhad", "Bab", "bab", "Syria",
                                            "Daily", "district", "the"]),
                          st.sampled_from([" ", "-", ", "])), max_size=12).map(lambda p: "".join(w + s for w, s in p)))
@example("Marea al Mashhad, Marea al-Bab and al-Bab, Bab Tell al Tell.")
def test_tag_is_the_plain_reading_in_a_small_world(text):
    assert _small_tagger().tag(text) == _reference_tag(_small_tagger(), text)
