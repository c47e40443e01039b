"""article_rows builds an article's mention rows without Mention records: equal to spool_rows of them."""

from __future__ import annotations

import pickle
from datetime import date

from mapper.extract.articles import iter_articles
from mapper.extract.reader import article_rows, extract_article
from mapper.extract.spool import spool_rows
from mapper.records import Article


def _same(article: Article, include_comments: bool = False) -> None:
    part = extract_article(article, include_comments)
    assert article_rows(article, include_comments) == spool_rows(
        part.events, part.changes, part.mentions, part.unknown)


def _rows(article: Article) -> list[tuple]:
    return [row for block in article_rows(article).mentions for row in pickle.loads(block[2])]


def test_rows_equal_those_of_the_records_on_the_test_corpus():
    timed = comments_seen = 0
    for article in iter_articles(["tests/corpus"]):
        for comments in (False, True):
            _same(article, comments)
        rows = _rows(article)
        timed += sum(r[6] is not None for r in rows)
        comments_seen += sum(r[7] for r in rows)
    assert timed and comments_seen  # entry times and reader comments were compared too


def test_rows_of_timed_entries_and_comments():
    text = ("UPDATE 1200 GMT: Rebels captured the town of Hanano on Monday, killing 12 people.\n\n"
            "UPDATE 1300 GMT: The army shelled Sakhour and Hanano.\n\nComments\n\n"
            "Reader: Aleppo is quiet.\n")
    article = Article("a.txt", "a.txt", text, date(2016, 12, 12))
    _same(article)
    _same(article, True)
    rows = _rows(article)
    assert rows and all(len(r) == 10 for r in rows)


def test_rows_of_an_article_without_places():
    _same(Article("b.txt", "", "Nothing happened here today.", date(2016, 12, 12)))
