"""What the extractor reads in one sentence, as short sorted tuples: helpers shared by the
tests of wordings (tests/test_unseen_voices*.py, tests/test_agents_and_descriptions.py).

Each takes the sentence, the gazetteer and the publication day (a Friday, 9 Dec 2016,
unless given), and reads the sentence as the pipeline would (``read_sentence``).
"""

from __future__ import annotations

from datetime import date

from mapper.extract.control import find_statements
from mapper.extract.events import build_events
from mapper.extract.reader import extract_article
from mapper.extract.wholes import expand_statement
from mapper.pipeline import read_sentence
from mapper.records import Article

PUB = date(2016, 12, 9)  # a Friday


def statements(text: str, gaz, pub: date = PUB) -> list[tuple[str, str, str]]:
    """(kind, place, to) of every control statement of one sentence, sorted."""
    found, _ = find_statements(read_sentence(text, pub, article_id="t.txt"), gaz)
    return sorted((st.kind, t.place.id, st.to) for st in found for t in st.targets)


def rows(text: str, gaz, pub: date = PUB) -> list[tuple[str, str]]:
    """(place, to) of the control rows of one sentence (areas expanded), sorted."""
    ctx = read_sentence(text, pub, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return sorted((r.place_id, r.to) for st in found for r in expand_statement(st, ctx, gaz))


def events(text: str, gaz, pub: date = PUB) -> list[tuple[str, str]]:
    """(sub-event type, place) of the events of one sentence, sorted."""
    ctx = read_sentence(text, pub, article_id="t.txt")
    found, _ = find_statements(ctx, gaz)
    return sorted((e.sub_event_type, e.place_id) for e in build_events(ctx, gaz, found))


def article_changes(text: str, pub: date = PUB) -> list[tuple[str, str, str, str]]:
    """(place, to, kind, ISO day) of the control rows of ``text`` read as a whole article, sorted.

    For what only the article reader does: "the town" and "it" pointing back, carried dates.
    """
    got = extract_article(Article("t.txt", "", text, pub)).changes
    return sorted({(c.place_id, c.to, c.kind, c.date.isoformat()) for c in got})

