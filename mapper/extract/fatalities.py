"""How many died, as a lower bound, read from one sentence.

Rules (lexicon in ``mapper/data/numbers.toml``):

* A count is a number in digits ("1,500"), words ("twenty-one", "a dozen",
  "two hundred and fifty") or a vague plural coded the ACLED way: "tens" 10,
  "dozens" 12, "scores" 20, "hundreds" 100, "thousands" 1000, "tens of
  thousands" 10000 (ACLED knowledge base, "Fatalities", 2023: "ACLED codes 10
  for 'tens,' 12 for 'dozens,' 100 for 'hundreds'").  "more than 25", "at least
  40", "nearly 30" all give the stated number; ``convention`` records how the
  count was read.
* It counts only when it quantifies the dead: the first lexicon word after the
  number (up to the next number that is not a breakdown) is a death word
  ("killed", "slain", "died", "bodies", "deaths"...), or, failing any word after
  it, the nearest one before it is ("killing at least 12", "the deaths of 30").
  Wounded, evacuated, detained, captured, displaced, missing do not count;
  "casualties" includes the wounded, so it is not read as deaths.  Such a word
  before the noun describes it ("21 displaced people were killed" gives 21), and
  "left 14 dead", "leaving nine people dead" count.  A tally verb before the
  number ("the death toll reached 12") leaves the choice to the words before it,
  looked for further back than usual ("the death toll from Saturday's air
  strikes on X rose to 42").
* Breakdowns after "including", "among them", "of whom", a dash, a colon or a
  parenthesis are not added: "82 people, including 11 women and 13 children"
  gives 82.
* Several distinct death counts in one sentence ("five died in A and three in
  B") are summed, a clause without its own verb ("... and three in B") taking
  the death verb of the one before it, unless it reports ("..., two officials
  said").  Counts joined by "and" share the death word after the last one:
  "16 soldiers and three civilians were killed" gives 19.  A cumulative toll
  ("bringing the death toll to 40", "a total of 40") includes the others, so
  when one is present the largest toll is returned instead of a sum.
* "a child", "an elderly man", "a 12-year-old boy" count one when a death
  word follows closely or governs them ("killing a child"); "one" counts only
  before a person noun or a verb ("one civilian died"), not as a pronoun ("one
  of the few") or in "members of one family"; so does "and her baby" ("a woman
  and her baby were killed" gives 2).  "a family" is no count; "(killed) a
  family of five" gives 5.
* The object of a killing verb is the count, not its subject: "two militiamen
  executed four men" gives 4, "four gunmen killed the headman" nothing (but
  "four were killed the day after" 4: a passive, and a time).  Hypothetical
  deaths ("would rather be killed", "threatened to kill 200", but not "reported
  to have been killed"), negated ones ("no one was killed", "killed nobody")
  and wider totals ("were among 310 killed nationwide") do not count.
* Years (1900-2099), times, dates, ages, measures ("5 km", "20 buses",
  "two factions", "two weeks") and labels ("Resolution 2254") are not counts,
  nor are ordinals and fractions in words ("twenty-first", "two-thirds").
* Bounds, numbers and months are whole words: "Moreover 12" has no bound "over",
  "often" no "ten", "F16" no 16, "12 Marines" no month, "no-one" no one.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, NamedTuple

from mapper.extract.control_lexicon import lower_text

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["Fatalities", "extract_fatalities"]

# month names and their abbreviations only, as whole words: "Marib", "Mayor" and
# "Marines" are not months
_MONTH = (r"(?<![A-Za-z])(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?"
          r"|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b\.?")
# "March 12" is a date, but in "12 March 4 people" the day came first: 4 is a count
_MONTH_BEFORE = re.compile(rf"(?<!\d\s)(?<!\d(?:st|nd|rd|th)\s){_MONTH}\s*$")
_MONTH_AFTER = re.compile(rf"\s*(?:of\s+)?{_MONTH}")
_WORD_SPLIT = re.compile(r"[-\s]+")
# "killed a family of five": the family is the five
_GOVERN_GAP = re.compile(r"\s+(?:(?:of|the|a|an|some|another|other|further|more|entire|whole"
                         r"|family|families)\s+)*")
_GAPPED = re.compile(r"[^—–:(;]*?(?:,|\band)\s+")
_CHAINED = re.compile(r"[\w\s'’-]{0,30}?(?:,\s*|\s+)(?:and\s+|or\s+)?")


def _word_start(words: list[str]) -> str:
    """``\\b(?:word|...)`` for words that start with a letter, written first letter first.

    "t(?<!\\wt)(?:oll|otal)" asks what "\\b(?:toll|total)" does (no word character
    before the "t"), but it starts with a letter, which the engine can skip to instead
    of testing the boundary at every position.
    """
    runs: dict[str, list[str]] = {}  # first letter -> rests, in their order
    for word in words:
        if not word[:1].isalpha():
            raise ValueError(f"{word!r} does not start with a letter")
        runs.setdefault(word[0], []).append(re.escape(word[1:]))
    return "(?:" + "|".join(rf"{c}(?<!\w{c})(?:{'|'.join(rests)})"
                            for c, rests in runs.items()) + ")"


# Matched case-insensitively (see _Caseless), written in lower case.
_MODAL = (_word_start(["would", "could", "might", "may", "will", "to"])
          + r"\s+(?:all\s+|rather\s+)?(?:be\s+|have\s+been\s+)?$")
_OTHER_VERB = r"\s+(?:(?:were|was|are|have been|had been)\s+)?[a-z]+ed\b"
_OF_BEFORE = _word_start(["of"]) + r"\s+$"
_AMONG = _word_start(["among"]) + r"\s+$"
_OF_THEM = r"\s+(?:of|among)\s+(?:them|whom)\b"
# "no-one" is the British spelling of "no one"
_NOBODY = r"\s+(?:nobody|no[\s-]+one|none)\b"
_NEGATED = _word_start(["no", "not", "none", "nobody"]) + r"(?:\s+|-)$"
# "three officials said": a count that reports, not a gapped clause
_REPORTED = (r"\s+(?:[a-z]+\s+){0,2}(?:said|says|say|told|tells|tell|reported|reports|added"
             r"|confirmed|stated)\b")
# "left 14 dead", "leaving nine people dead"
_DEAD_AFTER = r"\s+(?:(?!and\b|or\b)[a-z]+\s+)?dead\b"
# "16 soldiers and three civilians (were killed)", "a mother and her four children"
_JOINED = r"(?P<noun>(?:\s+(?!and\b)[a-z'’-]+)+)?\s+and\s+(?:(?:his|her|their|its)\s+)?"
_TOLL = _word_start(["toll", "total", "tally", "bringing", "brings", "bring", "raising", "rises",
                     "rise", "rose", "risen", "reached", "reaches", "reaching"]) + r"\b"
# "gunmen killed the headman": an object after an active killing verb; not a time
# ("were killed the day after") nor after a passive ("were killed")
_OBJECT = (r"\s+(?:(?:the|a|an|his|their|its|this|these|those|our)\s+(?!(?:day|night|morning"
           r"|evening|afternoon|week|month|year|next|following|previous|same|last|other)\b)"
           r"[a-z]|(?:him|them|her)\b)")
_PASSIVE = _word_start(["were", "was", "been", "be", "being", "are", "is", "got", "get"]) + (
    r"\s+(?:[a-z]+ly\s+)?$")
_TRANSITIVE = frozenset(["killed", "killing", "kill", "kills", "executed", "executing", "execute",
                         "murdered", "murder", "slaughtered", "massacred", "shot dead", "beheaded"])
# A tally verb right before the number: the toll it counts may be named further back
# ("the death toll from Saturday's air strikes on X rose to 42").
_TALLY_TO = (r"(?<![\w-])(?:rose|risen|rises|rise|climbed|climbs|jumped|reached|reaches|stood|stands"
             r"|put|puts|putting|at)(?:\s+(?:to|at))?\s+(?:(?:at least|more than|some|about|nearly)\s+)?$")
# "reported to have been killed" is a report, not a hypothesis ("threatened to kill")
_EVIDENTIAL = (r"(?<![\w-])(?:reported|said|believed|thought|known|confirmed|feared|understood"
               r"|presumed)\s+to\s+(?:be\s+|have\s+been\s+)$")


class Fatalities(NamedTuple):
    """A fatality count with the phrase that gives it.

    A named tuple, not a dataclass: cheaper to build, for every sentence with a count.

    Attributes
    ----------
    count : int
        Lower bound of the dead.
    phrase : str
        ``sentence[start:end]``: from the (first) count to its death word.
    start, end : int
        Character span in the sentence.
    convention : str
        How the count was read: ``exact``, ``lower bound``, ``ACLED vague
        quantity``, ``words``, joined with ``sum of N counts`` or ``cumulative toll``.
    """

    count: int
    phrase: str
    start: int
    end: int
    convention: str


class _Num(NamedTuple):  # a tuple: built for every count, at less cost than a dataclass
    value: int
    start: int  # including a bound such as "at least"
    num_start: int
    end: int
    convention: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    words: dict[str, int]  # units and tens
    multipliers: dict[str, int]
    vague: dict[str, int]
    number: re.Pattern[str]  # for " " + the sentence: see _number_pattern
    number_low: re.Pattern[str]  # the same for a lower-cased sentence: no IGNORECASE, faster
    death_any: re.Pattern[str]
    ci: _Caseless  # for any sentence
    lo: _Caseless  # for a lower-cased ASCII sentence


@dataclass(frozen=True, slots=True)
class _Caseless:
    """The case-insensitive patterns, compiled for one kind of text.

    ``_Lexicon.ci`` has them with ``re.IGNORECASE``, for the sentence itself;
    ``_Lexicon.lo`` with lower-case literals, for the lower-cased sentence when it is
    ASCII: on ASCII text that finds exactly the same, at the same offsets, and faster.
    """

    cue: re.Pattern[str]  # death (group d) or not-death (group n) words
    subgroup_tail: re.Pattern[str]
    unit_after: re.Pattern[str]
    single: re.Pattern[str]  # "a child", "an elderly man": a count of one
    relative: re.Pattern[str]  # "(a woman) and her baby": one more
    one_ok: re.Pattern[str]  # what may follow "one" when it counts a person
    modal: re.Pattern[str]
    other_verb: re.Pattern[str]
    of_before: re.Pattern[str]
    among: re.Pattern[str]
    of_them: re.Pattern[str]
    nobody: re.Pattern[str]
    negated: re.Pattern[str]
    toll: re.Pattern[str]
    reported: re.Pattern[str]
    dead_after: re.Pattern[str]
    joined: re.Pattern[str]
    label: re.Pattern[str]  # "Resolution 2254": a name, not a count
    attributive: re.Pattern[str]  # "21 displaced people were killed": a not-death adjective
    evidential: re.Pattern[str]
    object: re.Pattern[str]
    passive: re.Pattern[str]
    tally_to: re.Pattern[str]  # "(the toll ...) rose to", "put the toll at": see _read_count


class _Text(NamedTuple):
    """A sentence and what its case-insensitive patterns search (same offsets)."""

    sentence: str  # for the case-sensitive patterns (months; "of the", "and")
    fold: str  # the lower-cased sentence when it is ASCII, else the sentence
    ci: _Caseless  # the patterns for ``fold``


def _alt(words: list[str]) -> str:
    """An alternation of literal words as a trie ("kill(?:ed|s|ing)?").

    It matches what the words sorted longest first would (a longer word is tried
    before its prefixes), but the engine tests each first letter once at a position
    instead of every word in turn.
    """
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    return _trie(tree)


def _trie(node: dict[str, dict]) -> str:
    alts = [re.escape(char) + _trie(child) for char, child in node.items() if char]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    return f"(?:{body})?" if "" in node else body


def _number_pattern(words: list[str], vague: list[str], bounds: list[str], low: bool) -> str:
    """A count in digits or words, with its lower bound ("at least").

    Bounds, digits and number words match only as whole words: "Moreover 12" has no
    bound "over", "Twosome 5" no "some", "often" no "ten", "F16" and "Su-24" no count.

    Parameters
    ----------
    words, vague, bounds : list of str
        Number words (units, tens, multipliers, "a"), ACLED vague plurals and
        lower-bound phrases.
    low : bool
        The pattern is for lower-cased text: literals lower-cased, no IGNORECASE.

    Returns
    -------
    str
        The pattern, with groups ``bound`` and ``num``.  It starts with the character
        before the count, a non-word character (as the look-behinds and ``\\b`` below
        require anyway), so that the engine tries the rest only there, not at every
        position: it is searched in the sentence with a space in front, which stands
        for the sentence's start.
    """
    ci = "(?:" if low else "(?i:"

    def alt(ws: list[str]) -> str:
        return _alt([x.lower() for x in ws] if low else ws)

    w = alt(words)
    # a line break or a double space may part "at least" as well as one space
    bound = alt(bounds).replace(re.escape(" "), r"\s+")
    # what a match can start with: a cheap test that spares the engine the
    # alternatives below at most positions
    first = "".join(sorted({x[0].lower() for x in (*words, *vague, *bounds)}))
    return (
        rf"\W{ci}(?=[\d{re.escape(first)}]))"
        rf"{ci}(?<![\w-])(?P<bound>{bound})\s+)?"
        # not a part of a model or code name: "F16", "A320", "Su-24", "COVID-19"
        rf"(?P<num>(?<![\w,./:])(?<![^\W\d_]-)"
        rf"(?:\d{{1,3}}(?:,\d{{3}})+(?![\d,]\d)|\d+(?![\d.,:/]\d))"
        rf"|{ci}\b(?:{alt(vague)})(?:[-\s]+of[-\s]+(?:thousands|hundreds))?\b)"
        rf"|{ci}\b(?:{w})(?:(?:[-\s]+|\s+and\s+)(?:{w}))*\b))"
    )


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads((files("mapper") / "data" / "numbers.toml").read_text("utf-8"))
    words = {**raw["units"], **raw["tens"]}
    mult, vague = raw["multipliers"], raw["vague"]
    number, number_low = (
        re.compile(_number_pattern([*words, *mult, "a"], list(vague), raw["bounds"]["lower"], low))
        for low in (False, True)
    )
    # a superset check on the lower-cased sentence: no IGNORECASE, no look-behind, so
    # the engine can skip ahead on first letters
    death_any = re.compile(_alt([w.lower() for w in raw["words"]["death"]]))
    return _Lexicon(words, mult, vague, number, number_low, death_any,
                    _caseless(raw["words"], False), _caseless(raw["words"], True))


def _caseless(lexicon: dict[str, list[str]], low: bool) -> _Caseless:
    """The case-insensitive patterns: lower-case literals when ``low``, else IGNORECASE."""
    def alt(key: str) -> str:
        return _alt([w.lower() for w in lexicon[key]] if low else lexicon[key])

    def rx(pattern: str) -> re.Pattern[str]:
        return re.compile(pattern, 0 if low else re.IGNORECASE)

    return _Caseless(
        rx(rf"(?<![\w-])(?:(?P<d>{alt('death')})|(?P<n>{alt('not_death')}))(?![\w-])"),
        # a cue word starts a word; a cue sign ("—", "(") may follow a word directly
        rx(rf"(?:(?<![\w-])|(?=\W))(?:{alt('subgroup')})\s*(?:(?:were|was|are|is)\s+)?$"),
        rx(rf"\s*(?:{alt('units')})(?![a-z])"),
        # "a" first, the word start after it: the engine can then skip to the next "a"
        rx(rf"(?P<one>a(?<!\wa)n?\s+(?:[\w-]+\s+)?(?:{alt('persons')}))\b"),
        rx(rf"a(?<![\w-]a)nd\s+(?P<one>(?:his|her|their)\s+(?:[\w-]+\s+)?(?:{alt('persons')}))\b"),
        rx(rf"\s+(?:[a-z]+\s+)?(?:{alt('persons')}|was|died|is|has)\b"),
        *map(rx, (_MODAL, _OTHER_VERB, _OF_BEFORE, _AMONG, _OF_THEM, _NOBODY, _NEGATED, _TOLL,
                  _REPORTED, _DEAD_AFTER, _JOINED)),
        rx(rf"(?<![\w-])(?:{alt('labels')})\s+$"),
        rx(rf"\s+(?:[a-z]+\s+)?(?:{alt('persons')}|people|men|women|children)(?:s|es)?\b"),
        rx(_EVIDENTIAL), rx(_OBJECT), rx(_PASSIVE), rx(_TALLY_TO),
    )


def _word_value(text: str) -> int | None:
    """Value of a run of number words ("two hundred and fifty"), None when not a number."""
    lex = _lexicon()
    total = current = 0
    seen = False
    for tok in _WORD_SPLIT.split(text.lower()):
        if tok in ("and", ""):
            continue
        if tok == "a":
            current = max(current, 1)
        elif tok in lex.words:
            current += lex.words[tok]
            seen = True
        elif tok in lex.multipliers:
            m = lex.multipliers[tok]
            if m >= 1000:
                total += max(current, 1) * m
                current = 0
            else:
                current = max(current, 1) * m
            seen = True
    return total + current if seen else None


def _numbers(text: _Text, low: str) -> list[_Num]:
    """Every count in the sentence, left to right: numbers, number words, "a child".

    A person after "and his", "and her", "and their" counts one too: "a woman
    and her baby".
    ``low`` is the lower-cased sentence, computed once by the caller.
    """
    nums: list[_Num] = []
    for m in _number_matches(text.sentence, low):
        # "a" alone is the article, matched only so that "a dozen", "a hundred" read whole
        if m.group("num") not in ("a", "A") and (n := _read_number(text, m)):
            nums.append(n)
    found = len(nums)  # so far in order: the number pattern reads left to right
    taken = [(n.start, n.end) for n in nums]
    for how, pattern in (("a/an", text.ci.single), ("and his/her", text.ci.relative)):
        if pattern is text.ci.relative and not _may_relate(text):
            continue
        for m in pattern.finditer(text.fold):
            if not any(a < m.end() and m.start("one") < b for a, b in taken):
                nums.append(_Num(1, m.start("one"), m.start("one"), m.end("one"), f"words ({how})"))
    return nums if len(nums) == found else sorted(nums, key=lambda n: n.start)


def _may_relate(text: _Text) -> bool:
    """Whether ``text.ci.relative`` ("and her baby") may match: a cheap test before it.

    On the lower-cased ASCII sentence its literals match only as written, so a match
    holds "and" and "his", "her" or "their"; the case-insensitive pattern for other
    text may match other spellings ("AND", "hıs"), so there it is always tried.
    """
    fold = text.fold
    return text.ci is not _lexicon().lo or (
        "and" in fold and ("his" in fold or "her" in fold or "their" in fold))


def _number_matches(sentence: str, low: str) -> Iterator[re.Match[str]]:
    """The number pattern's matches in " " + the sentence, left to right, as finditer's.

    Each match starts one character before its count (see _number_pattern), so
    ``m.start()`` is the count's start in the sentence.
    """
    lex = _lexicon()
    # lower-case literals on the lower-cased sentence, when that keeps every offset
    number, subject = ((lex.number_low, low) if len(low) == len(sentence)
                       else (lex.number, sentence))
    search, subject, pos = number.search, " " + subject, 0
    while m := search(subject, pos):
        yield m
        pos = m.end() - 1  # the count's last character: where finditer would go on


def _read_number(text: _Text, m: re.Match[str]) -> _Num | None:
    """The count a number match stands for, None for years, dates, measures, pronouns.

    ``m`` is a match in " " + the sentence: one character before the count.
    """
    sentence, fold, ci = text
    raw = m.group("num")
    low = raw.lower()
    start, num_start, end = m.start(), m.start("num") - 1, m.end() - 1
    lex = _lexicon()
    if raw[0].isdigit():
        value, conv = int(raw.replace(",", "")), "exact"
        if sentence.startswith("s", end) and value in (10, 100, 1000):
            conv = "ACLED vague quantity"  # "1000s" like "thousands"
        if "," not in raw and len(raw) == 4 and 1900 <= value <= 2099:
            return None  # a year
        if _MONTH_BEFORE.search(sentence, max(0, num_start - 12), num_start) or (
                _MONTH_AFTER.match(sentence, end)):
            return None  # a date
    elif (parts := _WORD_SPLIT.split(low))[0] in lex.vague or low in lex.vague:
        # "tens of thousands", "tens-of-thousands"
        value = lex.vague.get(low) or lex.vague[parts[0]] * (
            1000 if parts[-1] == "thousands" else 100 if parts[-1] == "hundreds" else 1)
        conv = "ACLED vague quantity"
    else:
        v = _word_value(raw)
        if v is None:
            return None
        value, conv = v, "words"
    if (ci.unit_after.match(fold, end) or ci.negated.search(fold, max(0, start - 10), start)
            or ci.label.search(fold, max(0, start - 15), start)):
        return None
    if low == "one" and (not ci.one_ok.match(fold, end)
                         or ci.of_before.search(fold, max(0, start - 5), start)):
        return None  # the pronoun ("one of the few") or "members of one family"
    if m.group("bound"):
        conv = f"lower bound ({m.group('bound').lower()}), {conv}"
    return _Num(value, start, num_start, end, conv)


def _subgroups(text: _Text, nums: list[_Num]) -> list[bool]:
    """Flag numbers that break down an earlier count."""
    sentence, fold, ci = text
    flags: list[bool] = []
    for i, n in enumerate(nums):
        if i == 0:  # "were among 97 killed across the country": a wider total
            flags.append(bool(ci.among.search(fold, max(0, n.start - 10), n.start)))
            continue
        lo = nums[i - 1].end
        between = fold[lo:n.start]
        cued = bool(ci.subgroup_tail.search(between[-40:])) or bool(ci.of_them.match(fold, n.end))
        chained = flags[i - 1] and not ci.cue.search(between) and bool(
            _CHAINED.fullmatch(sentence, lo, n.start))
        flags.append(cued or chained)
    return flags


def _immediate_before(text: _Text, n: _Num, floor: int) -> re.Match[str] | None:
    """A death or not-death word directly governing the number ("killed at least 12")."""
    lo = max(floor, n.start - 30)
    for hit in text.ci.cue.finditer(text.fold, lo, n.start):
        if _GOVERN_GAP.fullmatch(text.sentence, hit.end(), n.start) and not _is_tally(text, hit):
            return hit
    return None


def _is_tally(text: _Text, hit: re.Match[str]) -> bool:
    """A not-death word that tallies ("the toll reached 12"): it says nothing of who died."""
    return bool(hit.group("n")) and bool(text.ci.toll.fullmatch(hit.group()))


def extract_fatalities(sentence: str) -> Fatalities | None:
    """The number of dead a sentence reports, or None.

    Parameters
    ----------
    sentence : str
        One sentence of article text.

    Returns
    -------
    Fatalities or None
        None when no count in the sentence is a count of the dead.
    """
    lex = _lexicon()
    low = lower_text(sentence)  # the control and event readers' cached copy
    if not lex.death_any.search(low):
        return None  # cheap exit: most sentences carry no death word
    return _read_sentence(_Text(sentence, low, lex.lo) if sentence.isascii()
                          else _Text(sentence, sentence, lex.ci), low)


def _read_sentence(text: _Text, low: str) -> Fatalities | None:
    """:func:`extract_fatalities` past its quick check; ``low`` is the lower-cased sentence."""
    nums = _numbers(text, low)
    if not nums:
        return None
    flags = _subgroups(text, nums)
    mains = [n for n, sub in zip(nums, flags, strict=True) if not sub]
    counted: list[tuple[_Num, int, int, bool]] = []  # num, span start, span end, is toll
    consumed = 0
    last: _Num | None = None
    for i, n in enumerate(mains):
        span, toll = _read_count(text, mains, i, consumed, last, nums)
        if span is None:
            last = None
            continue
        consumed = span[1]
        counted.append((n, span[0], span[1], toll))
        last = n
    if not counted:
        return None
    return _combine(text.sentence, counted)


def _is_death(text: _Text, hit: re.Match[str]) -> bool:
    """A death word that is not hypothetical ("would rather be killed", "threatened to kill").

    "reported to have been killed", "believed to be dead" are reports, not hypotheses.
    """
    if not hit.group("d"):
        return False
    lo = max(0, hit.start() - 30)
    modal = text.ci.modal.search(text.fold, lo, hit.start())
    return modal is None or bool(text.ci.evidential.search(text.fold, lo, hit.start()))


def _read_count(text: _Text, mains: list[_Num], i: int, consumed: int, last: _Num | None,
                nums: list[_Num]) -> tuple[tuple[int, int] | None, bool]:
    """Span (count to death word) when ``mains[i]`` counts the dead, and whether it is a toll."""
    sentence, fold, ci = text
    n = mains[i]
    nxt = mains[i + 1] if i + 1 < len(mains) else None
    toll = bool(ci.toll.search(fold, max(0, n.start - 40), n.start))
    before = _immediate_before(text, n, consumed)
    if before is not None:  # "killed 12", "the killing of 61": the verb governs the number
        if _is_death(text, before):
            return (before.start(), n.end), toll
        dead = ci.dead_after.match(fold, n.end)  # "left 14 dead"
        return ((before.start(), dead.end()) if dead else None), toll
    after = fold[n.end:min(nxt.start if nxt else len(fold), n.end + 120)].split(";")[0]
    hit = _cue_after(text, after)
    if hit:
        if not _is_death(text, _shift(hit, text, n.end)):
            return None, toll
        if (nxt and _GOVERN_GAP.fullmatch(sentence, n.end + hit.end(), nxt.start)) or _kills_object(
                text, n.end + hit.start(), n.end + hit.end()):
            return None, toll  # "two militiamen executed four men": the object died
        if ci.nobody.match(fold, n.end + hit.end()) or (
                n.value == 1 and hit.start() > 25):
            return None, toll  # "killed nobody"; "a man said ... killed": the speaker
        return (n.start, n.end + hit.end()), toll or bool(ci.toll.fullmatch(hit.group()))
    if nxt and (end := _joined(text, mains, i, consumed, nums)):
        return (n.start, end), toll
    reach = 110 if ci.tally_to.search(fold, max(0, n.start - 30), n.start) else 50
    lo = max(consumed, mains[i - 1].end if i else 0, n.start - reach)
    lo = max([lo] + [sentence.rfind(c, lo, n.start) + 1 for c in "(:—;"])
    back = [h for h in ci.cue.finditer(fold, lo, n.start) if not _is_tally(text, h)]
    if back:
        return ((back[-1].start(), n.end) if _is_death(text, back[-1]) else None), toll
    if (last is not None and not any(last.end <= x.start < n.start for x in nums)
            and _GAPPED.fullmatch(sentence, last.end, n.start)
            and not ci.other_verb.match(fold, n.end) and not ci.reported.match(fold, n.end)):
        return (n.start, n.end), toll  # gapped clause: "... and three in B"
    return None, toll


def _kills_object(text: _Text, start: int, end: int) -> bool:
    """The killing verb at ``start:end`` is active and has an object: its subject killed.

    "Four gunmen killed the headman" (not "four were killed the day after").
    """
    fold, ci = text.fold, text.ci
    # ``fold`` keeps its capitals where the caseless patterns read it ("Gunmen Killed ...")
    return (fold[start:end].lower() in _TRANSITIVE and bool(ci.object.match(fold, end))
            and not ci.passive.search(fold, max(0, start - 25), start))


def _cue_after(text: _Text, after: str) -> re.Match[str] | None:
    """The first cue in ``after`` (the text after a count), past an adjective on its noun.

    In "21 displaced people were killed" "displaced" describes the people; the cue
    that says what became of them is "killed".
    """
    hit = text.ci.cue.search(after)
    if (hit and hit.group("n") and not after[:hit.start()].strip()
            and text.ci.attributive.match(after, hit.end())):
        return text.ci.cue.search(after, hit.end())
    return hit


def _joined(text: _Text, mains: list[_Num], i: int, consumed: int,
            nums: list[_Num]) -> int | None:
    """End of the death word ``mains[i]`` shares with the count it is joined to by "and".

    "16 soldiers and three civilians were killed": 16 died too.  A bare number needs
    its noun ("between 2 and 5 people" is a range); "a mother" has it.
    """
    n, nxt = mains[i], mains[i + 1]
    m = text.ci.joined.fullmatch(text.fold, n.end, nxt.start)
    if (m is None or (m.group("noun") is None and not n.convention.startswith("words ("))
            or any(n.end <= x.start < nxt.start for x in nums)):
        return None
    span, _ = _read_count(text, mains, i + 1, consumed, None, nums)
    return span[1] if span and span[0] >= nxt.start else None


def _shift(hit: re.Match[str], text: _Text, offset: int) -> re.Match[str]:
    """The same cue matched in the whole sentence (for look-behind checks)."""
    return text.ci.cue.match(text.fold, offset + hit.start()) or hit


def _combine(sentence: str, counted: list[tuple[_Num, int, int, bool]]) -> Fatalities:
    tolls = [c for c in counted if c[3]]
    if tolls:
        n, s, e, _ = max(tolls, key=lambda c: c[0].value)
        return Fatalities(n.value, sentence[s:e], s, e, f"{n.convention}; cumulative toll")
    if len(counted) == 1:
        n, s, e, _ = counted[0]
        return Fatalities(n.value, sentence[s:e], s, e, n.convention)
    s = min(c[1] for c in counted)
    e = max(c[2] for c in counted)
    total = sum(c[0].value for c in counted)
    return Fatalities(total, sentence[s:e], s, e, f"sum of {len(counted)} counts")
