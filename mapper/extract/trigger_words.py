"""Words a trigger cannot match without: the cheap gate of the event lexicon.

Every trigger of ``event_types.toml`` is a small regular expression matched as
a whole word.  :func:`required_words` expands one into the strings it can
match (a part it cannot list, such as ``\\d+`` or a repeated group, becomes an
unknown stretch) and keeps, for each string, one of its words that stands
whole between non-word characters.  A sentence none of whose words is among
those of any trigger holds no cue, and a set look-up says so far faster than
running the combined pattern over it.

:func:`leading_alternatives` reads one more thing off a trigger: a trigger
opening with a group of words, ``(?:after|in|by) strikes``, is the same as the
list of its branches each followed by the rest, which the event lexicon files
under their first letters.
"""

from __future__ import annotations

import re
from collections import Counter

__all__ = ["leading_alternatives", "required_words"]

_UNKNOWN = "\x00"  # a stretch of text the expansion cannot spell out
_MAX_STRINGS = 20_000  # give up on a trigger with more expansions than this
_CHUNKS = re.compile(r"[^\w\x00]+")
_NUMBERED = re.compile(r"\\[1-9]")  # a back-reference (or an escaped backslash before a digit)


class _Unsupported(ValueError):
    """A construct the expansion does not read (lookarounds, back-references, ...)."""


def required_words(trigger: str) -> frozenset[str] | None:
    """Words one of which every match of ``trigger`` holds whole, or None if unknown.

    Parameters
    ----------
    trigger : str
        A regular expression matched as a whole word (between ``\\b``).

    Returns
    -------
    frozenset of str or None
        None when the trigger uses syntax this reader does not expand, or
        some string it matches has no word known to stand whole.
    """
    try:
        strings, end = _alternation(trigger, 0)
    except _Unsupported:
        return None
    if end != len(trigger):
        return None  # an unbalanced ")"
    per_string = []
    for s in strings:
        whole = {c for c in _CHUNKS.split(s) if c and _UNKNOWN not in c}
        if not whole:
            return None
        per_string.append(whole)
    return frozenset(_cover(per_string))


def leading_alternatives(trigger: str) -> list[str] | None:
    """``(?:A|B)X`` as ``[AX, BX]``, or None when ``trigger`` does not open with such a group.

    Parameters
    ----------
    trigger : str
        A regular expression.

    Returns
    -------
    list of str or None
        The branches of the opening non-capturing group, each followed by the
        rest of ``trigger``: an alternation of them matches what ``trigger``
        matches, trying the same paths in the same order.  None when the group
        is quantified (``(?:a|b)?X``) or cannot be read.
    """
    if not trigger.startswith("(?:") or "(?P" in trigger or _NUMBERED.search(trigger):
        return None  # a named group or a back-reference would not survive the copies
    try:
        branches, close = _group_branches(trigger, 3)
    except _Unsupported:
        return None
    rest = trigger[close + 1 :]
    if rest[:1] and rest[0] in "?*+{":
        return None
    return [b + rest for b in branches]


def _group_branches(p: str, i: int) -> tuple[list[str], int]:
    """The top-level branches of the group whose body starts at ``p[i]``, and where its ``)`` is."""
    branches, depth, start = [], 0, i
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            i = _class_end(p, i) + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")" and depth:
            depth -= 1
        elif c == ")":
            return [*branches, p[start:i]], i
        elif c == "|" and not depth:
            branches.append(p[start:i])
            start = i + 1
        i += 1
    raise _Unsupported("unclosed group")


def _cover(per_string: list[set[str]]) -> set[str]:
    """Few, long words that between them hold one word of every string (greedy).

    Short words ("on", "the", "were") are taken last: they are in nearly every sentence.
    """
    chosen: set[str] = set()
    while per_string:
        counts = Counter(w for words in per_string for w in words)
        best = max(counts, key=lambda w: (min(len(w), 5), counts[w], len(w), w))
        chosen.add(best)
        per_string = [words for words in per_string if best not in words]
    return chosen


def _alternation(p: str, i: int) -> tuple[set[str], int]:
    """Strings of the branches from ``p[i]`` to the closing ``)`` or the end."""
    out, i = _sequence(p, i)
    while i < len(p) and p[i] == "|":
        more, i = _sequence(p, i + 1)
        out |= more
    return out, i


def _sequence(p: str, i: int) -> tuple[set[str], int]:
    """Strings of one branch, from ``p[i]`` to the next ``|`` or ``)``."""
    out = {""}
    while i < len(p) and p[i] not in "|)":
        atom, i = _atom(p, i)
        atom, i = _quantified(p, i, atom)
        out = {_squash(a + b) for a in out for b in atom}
        if len(out) > _MAX_STRINGS:
            raise _Unsupported("too many strings")
    return out, i


def _squash(s: str) -> str:
    """One unknown stretch for two in a row (keeps the sets small)."""
    return s.replace(_UNKNOWN * 2, _UNKNOWN) if _UNKNOWN * 2 in s else s


def _quantified(p: str, i: int, atom: set[str]) -> tuple[set[str], int]:
    """``atom`` under the quantifier at ``p[i]``, if any."""
    if i >= len(p) or p[i] not in "?*+{":
        return atom, i
    if p[i] == "?":
        out, i = atom | {""}, i + 1
    elif p[i] == "*":
        out, i = {_UNKNOWN}, i + 1
    elif p[i] == "+":
        out, i = {a + _UNKNOWN for a in atom}, i + 1
    else:
        m = re.match(r"\{(\d*)(,?)(\d*)\}", p[i:])
        if not m:
            raise _Unsupported("brace")
        low = int(m.group(1) or 0)
        high = int(m.group(3)) if m.group(3) else (low if not m.group(2) else None)
        out = {""}
        for _ in range(low):
            out = {a + b for a in out for b in atom}
        if high is None or high - low > 4:
            out = {a + _UNKNOWN for a in out}
        else:
            step = out
            for _ in range(high - low):
                step = {a + b for a in step for b in atom}
                out |= step
        i += m.end()
    if i < len(p) and p[i] in "?+":
        i += 1  # lazy or possessive: the same strings
    return out, i


def _atom(p: str, i: int) -> tuple[set[str], int]:
    """Strings of the group, class, escape or character at ``p[i]``."""
    c = p[i]
    if c == "(":
        if p.startswith("(?:", i):
            i += 3
        elif p.startswith("(?P<", i):
            i = p.index(">", i) + 1
        elif p.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            # A lookaround matches no text: what it asks of the neighbours only narrows
            # the strings, so leaving it out keeps every required word required.
            _, i = _alternation(p, p.index("?", i) + (3 if p[i + 2] == "<" else 2))
            if i >= len(p) or p[i] != ")":
                raise _Unsupported("unclosed group")
            return {""}, i + 1
        elif p.startswith("(?", i):
            raise _Unsupported("flag")
        else:
            i += 1
        out, i = _alternation(p, i)
        if i >= len(p) or p[i] != ")":
            raise _Unsupported("unclosed group")
        return out, i + 1
    if c == "[":
        return _char_class(p, i)
    if c == "\\":
        return _escape(p[i + 1 : i + 2]), i + 2
    if c == ".":
        return {_UNKNOWN}, i + 1
    if c in "^$":
        return {""}, i + 1
    return {c}, i + 1


def _escape(c: str) -> set[str]:
    """Strings of ``\\c``."""
    if not c:
        raise _Unsupported("trailing backslash")
    if c in "bBAZ":
        return {""}  # an assertion: no text
    if c in "sW":
        return {" "}  # some non-word character: for words, any one is as good
    if c in "dwSD":
        return {_UNKNOWN}
    if c.isalnum():
        raise _Unsupported("escape")  # a back-reference or a code point
    return {c}


def _char_class(p: str, i: int) -> tuple[set[str], int]:
    """The characters of ``[...]`` (unknown when negated or holding a class escape)."""
    end = _class_end(p, i)
    body = p[i + 1 : end]
    if body.startswith("^") or "\\" in body or re.search(r".-.", body):
        return {_UNKNOWN}, end + 1
    return set(body), end + 1


def _class_end(p: str, i: int) -> int:
    """Where the ``]`` closing the class opened at ``p[i]`` is."""
    end = i + 1
    if end < len(p) and p[end] == "^":
        end += 1
    if end < len(p) and p[end] == "]":
        end += 1
    while end < len(p) and p[end] != "]":
        end += 2 if p[end] == "\\" else 1
    if end >= len(p):
        raise _Unsupported("unclosed class")
    return end
