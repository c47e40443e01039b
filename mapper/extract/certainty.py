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

__all__ = ["LABELS", "Certainty", "classify_certainty"]

_ESCAPE_OR_UPPER = re.compile(r"\\.|\(\?P<|[A-Z]+")
_PLAIN_FIRST = re.compile(r"[a-zA-Z](?![?*+{])")  # a letter no quantifier binds
# a sentence that continues someone else's words: a quotation, or a pronoun speaker
# (the latter matched on the lower-cased sentence, without a leading \b, so fast)
_QUOTED = re.compile(r"""\s*["“‘']""")
_PRONOUN_SPEAKER = re.compile(
    r"(?:they|he|she|it|the group|the statement|the source|the outlet)\s+"
    r"(?:said|says|added|adds|claimed|claims|insisted|insists|continued|went on)\b")
LABELS = ("confirmed", "reported", "claimed", "denied")


@dataclass(frozen=True, slots=True)
class Certainty:
    """A certainty label and the cue behind it.

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
    """One alternation of cues; which cue matched is found afterwards (matches are rare)."""

    pattern: re.Pattern[str]
    labels: dict[str, str]  # labeler group name -> label, "" for a cue to ignore
    labeler: re.Pattern[str]  # the cues in order, group c<i> each: the first one matching wins


@dataclass(frozen=True, slots=True)
class _Lexicon:
    groups: tuple[_Group, ...]  # literal lower case, for lower-cased text
    fallback: tuple[_Group, ...]  # IGNORECASE, for text whose lower() changes length
    triggers: frozenset[str]  # four-letter word prefixes, see certainty.toml
    gate: re.Pattern[str]  # a word starting with a trigger, in lower-cased text
    rank: dict[str, int]
    default: Certainty  # no cue: one shared (frozen) value


def _lower_literals(pattern: str) -> str:
    """Lower-case a regular expression's letters, leaving escapes (``\\S``, ``\\W``) alone."""
    return _ESCAPE_OR_UPPER.sub(lambda m: m.group() if m.group()[0] in "\\(" else m.group().lower(),
                                pattern)


def _has_top_level_bar(rx: str) -> bool:
    """Whether ``rx`` is itself an alternation ("a|b"), outside any group or class."""
    depth, escaped, in_class = 0, False, False
    for char in rx:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char in "()":
            depth += 1 if char == "(" else -1
        elif char == "|" and depth == 0:
            return True
    return False


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


def _expand(cue: str, slots: dict[str, str]) -> str:
    for name, alt in slots.items():
        cue = cue.replace("{" + name + "}", alt)
    return cue.replace(" ", r"\s+")


def _group(entries: list[tuple[str, str]], lower: bool) -> _Group:
    # No capture groups: with one per cue the engine tries every alternative at
    # every word start (about 5x slower); which cue matched is found afterwards.
    def fix(rx: str) -> str:
        return _lower_literals(rx) if lower else rx
    flags = 0 if lower else re.IGNORECASE
    body = r"(?<![\w-])(?:" + _by_first_letter([fix(rx) for _, rx in entries]) + r")(?![\w-])"
    # one match at a hit tells which cue it is, as trying each cue in turn would
    labeler = "|".join(rf"(?P<c{i}>{fix(rx)}(?![\w-]))" for i, (_, rx) in enumerate(entries))
    labels = {f"c{i}": label for i, (label, _) in enumerate(entries)}
    return _Group(re.compile(body, flags), labels, re.compile(labeler, flags))


def _gate(triggers: frozenset[str]) -> re.Pattern[str]:
    """A word (run of ``a-z``) whose first four letters are a trigger: one search, not a loop."""
    alts = sorted(t if len(t) == 4 else t + "(?![a-z])" for t in triggers if len(t) >= 3)
    return re.compile(r"(?<![a-z])(?:" + _by_first_letter(alts) + ")")


@cache
def _lexicon() -> _Lexicon:
    raw = tomllib.loads((files("mapper") / "data" / "certainty.toml").read_text("utf-8"))
    slots = {k: "(?:" + _by_first_letter(raw[k]) + ")"
             for k in ("say", "partisan", "monitor", "belligerent_official")}
    slots["say"] += r"(?!\s+to\s+(?:be|have)\b)"  # "are said to be": a hedge
    entries = [("" if label == "ignore" else label, cue)
               for label, cues in raw["cues"].items() for cue in cues]
    # speaker templates ("activists ... say") and single cues ("rejected reports") are
    # two alternations, so that one cannot swallow the other; within each, longer
    # cues first, so that at one position "according to the UN" beats "according to"
    entries.sort(key=lambda e: -len(e[1]))
    parts = [[(label, _expand(cue, slots)) for label, cue in entries if ("{" in cue) == t]
             for t in (True, False)]
    rank = {label: i for i, label in enumerate(raw["priority"])}
    triggers = frozenset(t.lower()[:4] for t in raw["triggers"])
    # lower-case literals against a lower-cased sentence is several times faster
    # than IGNORECASE, kept for the rare text whose lower-casing changes its length
    return _Lexicon(tuple(_group(p, True) for p in parts),
                    tuple(_group(p, False) for p in parts), triggers, _gate(triggers), rank,
                    Certainty(raw["default"], "", 0, 0))


def _best(text: str) -> tuple[str, int, int] | None:
    """(label, start, end) of the cue that decides ``text``, None when it has none."""
    lex = _lexicon()
    lowered = text.lower()
    if not lex.gate.search(lowered):
        return None  # cheap exit: most sentences carry no cue word
    groups, subject = lex.groups, lowered
    if len(lowered) != len(text):
        groups, subject = lex.fallback, text
    best: tuple[str, int, int] | None = None
    best_key = (len(lex.rank), 0)
    for group in groups:
        for m in group.pattern.finditer(subject):
            start = m.start()
            which = group.labeler.match(subject, start)
            label = group.labels[which.lastgroup] if which and which.lastgroup else ""
            if label and (lex.rank[label], start) < best_key:
                best, best_key = (label, start, m.end()), (lex.rank[label], start)
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
                    or _PRONOUN_SPEAKER.search(sentence.lower())):
        found = _best(context)
        if found and found[0] in ("claimed", "reported"):
            label, start, end = found
            return Certainty(label, context[start:end], start, end, in_context=True)
    return _lexicon().default
