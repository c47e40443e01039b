"""Place-like names the gazetteer lacks are found, people and organisations are not."""

from mapper.extract.unknown_places import find_unknown_places


def names(text, known=()):
    return [(u.surface, u.cue) for u in find_unknown_places(text, known)]


def test_kind_words_reveal_unknown_places():
    text = "Artillery pounded the village of Tell Shughaib and the al-Qaterji district at dawn."
    assert names(text) == [("Tell Shughaib", "kind-of"), ("al-Qaterji", "kind-after")]


def test_article_names_after_place_words_only():
    text = "Spokesman Mohammed al-Masri said that troops entered al-Rashideen on Friday."
    assert names(text) == [("al-Rashideen", "article")]


def test_known_places_are_not_reported():
    text = "Clashes around the town of Anadan continued."
    start = text.index("Anadan")
    assert names(text, [(start, start + len("Anadan"))]) == []


def test_weekdays_organisations_and_adjectives_are_not_places():
    text = "The Islamic State front moved on Monday; the Syrian army base; the Hezbollah front held."
    assert names(text) == []


def test_overlap_test_agrees_with_a_plain_scan():
    import random

    from mapper.extract.unknown_places import _Spans

    rng = random.Random(3)
    spans = [(s, s + rng.randint(1, 30)) for s in (rng.randint(0, 2000) for _ in range(200))]
    index = _Spans(spans)
    for _ in range(2000):
        a = rng.randint(0, 2100)
        b = a + rng.randint(1, 40)
        assert index.overlaps(a, b) == any(s < b and a < e for s, e in spans)
