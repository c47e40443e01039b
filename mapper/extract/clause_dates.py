"""The dates of a sentence's clauses, for a sentence naming several days.

:func:`mapper.extract.dates.resolve_clauses` builds a :class:`ClauseDates` when
a sentence's date phrases name different days (or a span, or "two days after");
the control and event readers then date each statement by the clause it stands
in (:meth:`ClauseDates.at`) instead of by the sentence's one date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from mapper.extract.control_lexicon import lowered
from mapper.extract.date_lexicon import DateLexicon, date_lexicon

if TYPE_CHECKING:
    from mapper.extract.dates import DateRef

__all__ = ["ClauseDates"]

_CLAUSE_RANKS = frozenset({"day", "week"})


@dataclass(frozen=True, slots=True)
class ClauseDates:
    """The dates of a sentence's clauses, for a sentence naming several days.

    "Rebels took A last weekend and B on Tuesday", "the army entered A on 27
    November and took B on 28 November", "A fell on Saturday, while B fell a
    day later": each statement or event is dated by the date phrase of its own
    clause, read at a position (:meth:`at`): a control change's place, an
    incident's cue ("The truce agreed on 25 November for A collapsed the next
    day" is the 25th's agreement).

    * inside the scope of a "two days after" phrase (from the phrase to the
      next comma or clause break) it is that many days before the main clause's
      date ("Two days after retaking A, the army took B on Sunday": A Friday);
    * else a phrase set off at the head of its clause by a comma, before it
      with no clause break between ("On the 7th, rebels lost A, pulling out
      overnight": the 7th);
    * else the first day or week phrase after it with no clause break between
      (English news puts the date after the object: "took A on Monday");
    * else the last such phrase before it with no break between ("On Monday,
      rebels took A");
    * else the sentence's date.

    Clause breaks are ``[clauses] breaks`` in ``dates.toml`` (";", ", and ",
    " while ", ...; a bare "and" is none: "took A and B on Monday").  Periods
    ("since August", "in the past 24 hours") tell how long, not when, and take no
    part.  A span of days ("on November 28 and 29") takes part, even alone:
    an incident over it is one a day.  ``main`` is the main clause's date, set
    by the reader once the sentence's date is known (it may be carried from the
    sentence before).
    """

    sentence: str
    # where clause breaks are sought: the sentence lower-cased once, or as written
    # when lower-casing would move its offsets (then "While" is no break, "while" is)
    low: str
    refs: tuple[DateRef, ...]  # day and week phrases, left to right
    priors: tuple[tuple[DateRef, int, int], ...]  # "two days after": (phrase, scope end, days)
    fronted: frozenset[int] = frozenset()  # starts of the refs set off at their clause's start
    main: DateRef | None = None

    @classmethod
    def of(cls, sentence: str, refs: list[DateRef], lex: DateLexicon) -> ClauseDates | None:
        """The clause dates of a sentence's resolved phrases, None if all its clauses share one."""
        days = tuple(r for r in refs if (r.precision in _CLAUSE_RANKS or r.basis == "span")
                     and r.basis != "prior")
        # Months take part only in a sentence naming no day ("lost X in August, retook it in
        # September"): beside a day, a month is more often a clause's background ("the
        # heaviest toll since its tanks crossed in August").
        dated = days or tuple(r for r in refs if _is_month(r))
        text = lowered(sentence) or sentence
        priors = tuple(
            (r, _clause_end(text, r.end, lex.breaks),
             lex.shifts["counts"][r.phrase.split()[0].lower()])
            for r in refs if r.basis == "prior")
        if (not priors and len({(r.date, r.date_end) for r in dated}) < 2
                and not any(r.basis == "span" for r in dated)):
            return None
        fronted = frozenset(
            r.start for r in dated
            if sentence[r.end:r.end + 1] == ","
            and not text[_clause_start(text, r.start, lex.breaks):r.start].strip(" \t\n\"'(-")
        )
        return cls(sentence, text, dated, priors, fronted)

    def with_main(self, main: DateRef) -> ClauseDates:
        return replace(self, main=main)

    def at(self, pos: int) -> DateRef | None:
        """The date of the clause holding ``sentence[pos]``; None: the sentence's date."""
        for r, end, days in self.priors:
            if r.start <= pos < end:
                if self.main is None:
                    return None
                # the phrase itself ("two days after"), dated from the main clause
                return replace(r, date=self.main.date - timedelta(days=days), precision="day",
                               date_end=None)
        breaks, text = date_lexicon().breaks, self.low
        before = [r for r in self.refs if r.end <= pos]
        if (before and before[-1].start in self.fronted
                and not _has_break(text, before[-1].end, pos, breaks)):
            return before[-1]  # "On the 7th, the opposition lost A, pulling out overnight"
        for r in self.refs:
            if r.start >= pos:
                if not _has_break(text, pos, r.start, breaks):
                    return r
                break
        if before and not _has_break(text, before[-1].end, pos, breaks):
            return before[-1]
        return None


def _is_month(ref: DateRef) -> bool:
    """A named month or part of one ("in August", "late November"), not a period since a day."""
    return (ref.precision == "period" and ref.basis == "explicit" and ref.date_end is not None
            and (ref.date_end - ref.date).days <= 31
            and not ref.phrase.lower().startswith("since"))


def _has_break(text: str, lo: int, hi: int, breaks: tuple[str, ...]) -> bool:
    return any(text.find(b, lo, hi) >= 0 for b in breaks)


def _clause_start(text: str, end: int, breaks: tuple[str, ...]) -> int:
    """Where the clause holding ``text[end]`` begins: after the last clause break before it."""
    return max((i + len(b) for b in breaks if (i := text.rfind(b, 0, end)) >= 0), default=0)


def _clause_end(text: str, start: int, breaks: tuple[str, ...]) -> int:
    """Where the clause opened at ``start`` ends: the next comma or clause break."""
    ends = [i for i in (text.find(b, start) for b in (",", *breaks)) if i >= 0]
    return min(ends, default=len(text))
