"""Property-based tests: any text gives a result or a clear error, and every
evidence offset points at the evidence text."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mapper.errors import MapperError
from mapper.extract.dates import resolve_date
from mapper.pipeline import extract

# Words that make the extractor work: places, verbs, actors, numbers, dates.
_WORDS = [
    "Aleppo", "al-Bab", "Sheikh Saeed", "Bustan al-Qasr", "Idlib Province", "Old City", "east Aleppo",
    "captured", "retook", "shelled", "barrel bombs", "airstrikes", "killed", "executed", "ceasefire",
    "rebels", "pro-Assad forces", "ISIS", "the army", "activists claim", "reportedly", "denied",
    "on Monday", "yesterday", "Dec 12", "15/12/16", "more than 25", "dozens", "eight", "UPDATE 1745 GMT:",
    "Related Posts", "\n\n", ".", ",", "“", "”", "'", "<script>", "‏", "\\", "—",
]
_texts = st.lists(st.one_of(st.sampled_from(_WORDS), st.text(max_size=12)), max_size=60).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_texts)
def test_any_article_extracts_with_honest_offsets(tmp_path_factory, body):
    folder = tmp_path_factory.mktemp("art")
    (folder / "a.txt").write_text(body, encoding="utf-8")
    (folder / "manifest.csv").write_text("file,published\na.txt,2016-12-13\n", encoding="utf-8")
    try:
        result = extract([folder])
    except MapperError:
        return  # a clear, deliberate error is an acceptable answer
    texts = {a.id: a.text for a in result.articles}
    for ev in result.records.events:
        for src in ev.sources:
            assert texts[src.article][src.start:src.end] == src.sentence
    for ch in result.records.control_changes:
        assert texts[ch.article][ch.start:ch.end] == ch.sentence
    for m in result.records.mentions:
        assert texts[m.article_id][m.start:m.end] == m.surface


@given(sentence=_texts, day=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)))
def test_date_resolver_never_crashes_and_offsets_hold(sentence, day):
    ref = resolve_date(sentence, day)
    assert sentence[ref.start:ref.end] == ref.phrase
    assert ref.precision in ("day", "week", "period")
    if ref.date_end is not None:
        assert ref.date_end >= ref.date
