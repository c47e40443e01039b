"""How sure a report is: confirmed, reported, claimed or denied.

The cues live in ``mapper/data/certainty.toml`` and are compiled into two
alternations (speaker templates, single cues), each matched once over the sentence.  Conventions:

* **reported** is the default: the reporter's own plain statement of fact, and
  hedged or second-hand wording ("reportedly", "according to", "sources said",
  "could not be independently verified").  ACLED likewise treats everything it
  codes as reported information.
* **claimed**: a party to the conflict or a partisan outlet speaks
  ("activists say", "state media insists", "according to a pro-Assad
  website"), or the wording itself hedges toward a claim ("alleged",
  "purportedly", "claimed responsibility").
* **confirmed**: a neutral monitor or the UN says it, or someone confirms,
  verifies, documents or acknowledges it; a partisan acknowledging its own
  losses is a confirmation against interest and beats the partisan cue.
* **denied**: "denied", "rejected reports", "did not happen".  "Repelled an
  attack" is not a denial: the attack happened and failed.
* Several cues: ``priority`` in the TOML (confirmed > denied > claimed >
  reported).  Look-alikes such as "denied access" or "claimed the lives of"
  are matched and ignored.
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

__all__ = ["LABELS", "Certainty", "classify_certainty"]

_ESCAPE_OR_UPPER = re.compile(r"\\.|\(\?P<|[A-Z]+")
_PLAIN_FIRST = re.compile(r"[a-zA-Z](?![?*+{])")  # a letter no quantifier binds
# a sentence that continues someone else's words: a quotation, or a pronoun speaker
# (the latter matched on the lower-cased sentence, without a leading \b, so fast)
_QUOTED = re.compile(r"""\s*["“‘']""")
_PRONOUN_SPEAKER = re.compile(
    r"(?:they|he|she|it|the group|the statement|the source|the outlet)\s+"
    r"(?:said|says|added|adds|claimed|claims|insisted|insists|continued|went on)\b")
# "(?: \S+){0,6}? {say}": a skipped word can end only at white space (what follows it,
# the next skipped word or the speech verb, starts with some), so it is taken whole
# (possessive "\S++"), sparing the engine a retry of each of its shorter prefixes.
_SKIPPED_WORDS = re.compile(re.escape(r"(?:\s+\S+)") + r"(\{\d*,\d*\}\??)" + re.escape(r"\s+"))
# A cue may not look behind it or anchor at the start: the patterns see the text with
# a space in front (see _Group).
_LOOKS_BEHIND = re.compile(r"\(\?<[=!]|\\A|\^")
LABELS = ("confirmed", "reported", "claimed", "denied")


class Certainty(NamedTuple):
    """A certainty label and the cue behind it.

    A named tuple, not a dataclass: cheaper to build, for every sentence with a cue.

    Attributes
    ----------
    label : str
        ``confirmed``, ``reported``, ``claimed`` or ``denied``.
    cue : str
        The text that decided it; "" for the default.
    start, end : int
        Span of the cue in the sentence (in the context when ``in_context``).
    in_context : bool
        True when the cue came from the context, not the sentence.
    """

    label: str
    cue: str
    start: int
    end: int
    in_context: bool = False


@dataclass(frozen=True, slots=True)
class _Group:
    """One alternation of cues; which cue matched is found afterwards (matches are rare).

    ``pattern`` takes the character before the cue ("[^\\w-]") in place of a look-behind
    ("(?<![\\w-])"), and is searched in the text with a space in front: a pattern that
    starts with a look-behind is tried by the engine at every position, one that starts
    with a character class only where that class matches.
    """

    pattern: re.Pattern[str]
    labels: dict[str, str]  # labeler group name -> label, "" for a cue to ignore
    labeler: re.Pattern[str]  # the cues in order, group c<i> each: the first one matching wins


_Cue = tuple[str, str, str]  # label, regular expression, the same spread out (see _group)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    parts: tuple[tuple[_Cue, ...], ...]  # the cues of each group
    groups: tuple[_Group, ...]  # literal lower case, for lower-cased text
    triggers: frozenset[str]  # four-letter word prefixes, see certainty.toml
    gate: re.Pattern[str]  # a word starting with a trigger, in " " + lower-cased text
    rank: dict[str, int]
    default: Certainty  # no cue: one shared (frozen) value


def _lower_literals(pattern: str) -> str:
    """Lower-case a regular expression's letters, leaving escapes (``\\S``, ``\\W``) alone."""
    return _ESCAPE_OR_UPPER.sub(lambda m: m.group() if m.group()[0] in "\\(" else m.group().lower(),
                                pattern)


def _structure(rx: str) -> Iterator[tuple[int, str, int]]:
    """(index, character, depth after it) of the characters of ``rx`` outside escapes and classes."""
    depth, escaped, in_class = 0, False, False
    for i, char in enumerate(rx):
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        else:
            depth += (char == "(") - (char == ")")
            yield i, char, depth


def _top_level_split(rx: str) -> list[str]:
    """The alternatives of ``rx`` ("a|b(?:c|d)" gives "a", "b(?:c|d)"), outside any group or class."""
    bars = [i for i, char, depth in _structure(rx) if char == "|" and depth == 0]
    return [rx[a + 1:b] for a, b in zip([-1, *bars], [*bars, len(rx)], strict=True)]


def _closing(rx: str) -> int:
    """Index of the parenthesis that closes the group ``rx`` starts with."""
    return next(i for i, char, depth in _structure(rx) if char == ")" and depth == 0)


def _has_top_level_bar(rx: str) -> bool:
    """Whether ``rx`` is itself an alternation ("a|b"), outside any group or class."""
    return len(_top_level_split(rx)) > 1


def _by_first_letter(alternatives: list[str]) -> str:
    """``a|b|...`` with the alternatives that start with the same letter grouped.

    "activists?|al-manar|rebels?" becomes "a(?:ctivists?|l-manar)|rebels?": the engine
    then tests each first letter once at a word start instead of every alternative
    (the speaker lists are long).  Alternatives with different first letters never
    match at one place, so only their order relative to the others that do (those
    not starting with a plain letter, which stay where they are) has to be kept.
    """
    out: list[str] = []
    run: dict[str, list[str]] = {}  # first letter -> rests, since the last kept alternative
    for alt in [*alternatives, ""]:
        if _PLAIN_FIRST.match(alt) and not _has_top_level_bar(alt):
            run.setdefault(alt[0].lower(), []).append(alt[1:])
            continue
        out.extend(f"{letter}(?:{'|'.join(rests)})" for letter, rests in run.items())
        run.clear()
        if alt:
            out.append(alt)
    return "|".join(out)


def _letter_first(rx: str) -> list[str] | None:
    """``rx`` as alternatives that each start with a plain letter, tried in the same order.

    A leading group is distributed over what follows it: "(?:a|b)c" becomes "ac|bc"
    and greedy "(?:the )?c" "the c|c", which a backtracking engine tries in the same
    order, so they match the same text.  None when an alternative cannot be made to
    start with a plain letter (a class, an escape, a repeated group).
    """
    out: list[str] = []
    for alt in _top_level_split(rx):
        if _PLAIN_FIRST.match(alt):
            out.append(alt)
            continue
        if not alt.startswith("(?:"):
            return None
        close = _closing(alt)
        choices, rest = _top_level_split(alt[3:close]), alt[close + 1:]
        if rest.startswith("?") and not rest.startswith(("??", "?+")):
            choices, rest = [*choices, ""], rest[1:]  # the group first, then without it
        elif rest[:1] in ("?", "*", "+", "{"):
            return None
        for choice in choices:
            expanded = _letter_first(choice + rest)
            if expanded is None:
                return None
            out.extend(expanded)
    return out


def _spread_by_first_letter(alternatives: list[str]) -> str:
    """``a|b|...`` grouped by first letter, leading groups first spread out when they can be.

    Some speakers start with a group ("(?:the )?(?:regime|Syrian) army"), which
    keeps the engine from skipping them on the first letter, at every word start of
    every sentence searched; spread out, they join the runs of their first letters.
    Only the speaker lists are spread: spreading the templates too would copy the
    long "... {say}" tail into each speaker, a pattern slow to compile.
    """
    spread = [_letter_first(alt) for alt in alternatives]
    if any(x is None for x in spread):
        return _by_first_letter(alternatives)
    return _by_first_letter([x for xs in spread for x in xs or ()])


def _expand(cue: str, slots: dict[str, str]) -> str:
    for name, alt in slots.items():
        cue = cue.replace("{" + name + "}", alt)
    return _SKIPPED_WORDS.sub(r"(?:\\s+\\S++)\1\\s+", cue.replace(" ", r"\s+"))


def _group(entries: tuple[_Cue, ...], lower: bool) -> _Group:
    """The search and the labeler of one group of cues.

    The search takes the cues with their speaker lists spread out (see
    _spread_by_first_letter), which run faster; the labeler, run once a hit, the
    cues as written, which compile faster.
    """
    # No capture groups: with one per cue the engine tries every alternative at
    # every word start (about 5x slower); which cue matched is found afterwards.
    def fix(rx: str) -> str:
        return _lower_literals(rx) if lower else rx
    flags = 0 if lower else re.IGNORECASE
    body = r"[^\w-](?:" + _by_first_letter([fix(rx) for _, _, rx in entries]) + r")(?![\w-])"
    # one match at a hit tells which cue it is, as trying each cue in turn would
    labeler = "|".join(rf"(?P<c{i}>{fix(rx)}(?![\w-]))" for i, (_, rx, _) in enumerate(entries))
    labels = {f"c{i}": label for i, (label, _, _) in enumerate(entries)}
    return _Group(re.compile(body, flags), labels, re.compile(labeler, flags))


@cache
def _fallback() -> tuple[_Group, ...]:
    """The groups with IGNORECASE, for the rare text whose lower() changes its length.

    Compiled when first needed: compiling costs as much as a few thousand searches.
    """
    return tuple(_group(p, False) for p in _lexicon().parts)


def _gate(triggers: frozenset[str]) -> re.Pattern[str]:
    """A word (run of ``a-z``) whose first four letters are a trigger: one search, not a loop.

    To be searched in the text with a space in front: see :class:`_Group`.
    """
    alts = sorted(t if len(t) == 4 else t + "(?![a-z])" for t in triggers if len(t) >= 3)
    return re.compile(r"[^a-z](?:" + _by_first_letter(alts) + ")")


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads((files("mapper") / "data" / "certainty.toml").read_text("utf-8"))
    # the speaker lists as written (for the labelers) and spread out (for the searches)
    slots, spread = ({k: "(?:" + grouped(raw[k]) + ")"
                      for k in ("say", "partisan", "monitor", "belligerent_official")}
                     for grouped in (_by_first_letter, _spread_by_first_letter))
    for sl in (slots, spread):
        sl["say"] += r"(?!\s+to\s+(?:be|have)\b)"  # "are said to be": a hedge
    entries = [("" if label == "ignore" else label, cue)
               for label, cues in raw["cues"].items() for cue in cues]
    if any(_LOOKS_BEHIND.search(cue) for _, cue in entries):
        raise ValueError("a certainty cue may not look behind or use ^, \\A: see _Group")
    # speaker templates ("activists ... say") and single cues ("rejected reports") are
    # two alternations, so that one cannot swallow the other; within each, longer
    # cues first, so that at one position "according to the UN" beats "according to"
    entries.sort(key=lambda e: -len(e[1]))
    parts = tuple(tuple((label, _expand(cue, slots), _expand(cue, spread))
                        for label, cue in entries if ("{" in cue) == t) for t in (True, False))
    rank = {label: i for i, label in enumerate(raw["priority"])}
    triggers = frozenset(t.lower()[:4] for t in raw["triggers"])
    # lower-case literals against a lower-cased sentence is several times faster
    # than IGNORECASE, kept for the rare text whose lower-casing changes its length
    return _Lexicon(parts, tuple(_group(p, True) for p in parts), triggers, _gate(triggers),
                    rank, Certainty(raw["default"], "", 0, 0))


def _best(text: str) -> tuple[str, int, int] | None:
    """(label, start, end) of the cue that decides ``text``, None when it has none."""
    lex = _lexicon()
    low = lower_text(text)  # the control and event readers' cached copy
    subject = " " + low  # the space stands for the start of the text: see _Group
    if not lex.gate.search(subject):
        return None  # cheap exit: most sentences carry no cue word
    groups, plain = lex.groups, low
    if len(low) != len(text):
        groups, subject, plain = _fallback(), " " + text, text
    best: tuple[str, int, int] | None = None
    best_key = (len(lex.rank), 0)
    for group in groups:
        search, pos = group.pattern.search, 0
        while m := search(subject, pos):
            # the cue is m's match but its first character (the one before the cue):
            # with the space in front, it starts at m.start() in ``text``
            start, end = m.start(), m.end() - 1
            # search on from the cue's last character, which may be the one before the
            # next cue (finditer would go on from m.end()); +1: a cue is never empty
            pos = max(end, start + 1)
            which = group.labeler.match(plain, start)
            label = group.labels[which.lastgroup] if which and which.lastgroup else ""
            if label and (lex.rank[label], start) < best_key:
                best, best_key = (label, start, end), (lex.rank[label], start)
    return best


def classify_certainty(sentence: str, context: str = "") -> Certainty:
    """Certainty of what a sentence reports.

    Parameters
    ----------
    sentence : str
        One sentence.
    context : str, optional
        Text that may attribute the sentence (e.g. the preceding sentence of the
        same entry).  Its ``claimed``/``reported`` cue carries over only when the
        sentence has no cue of its own and continues the attribution: the
        context ends with a colon ("Activists claim:"), or the sentence is a
        quotation or has a pronoun speaker ("They said ...", "... , he added").

    Returns
    -------
    Certainty
    """
    found = _best(sentence)
    if found:
        label, start, end = found
        return Certainty(label, sentence[start:end], start, end)
    if context and (context.rstrip().endswith(":") or _QUOTED.match(sentence)
                    or _PRONOUN_SPEAKER.search(lower_text(sentence))):
        found = _best(context)
        if found and found[0] in ("claimed", "reported"):
            label, start, end = found
            return Certainty(label, context[start:end], start, end, in_context=True)
    return _lexicon().default
