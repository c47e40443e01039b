"""Fold the many English (and Arabic-script) spellings of an Arabic place name to one key.

English news spells one Arabic name many ways: Sheikh Saeed / Sheikh Sa'eed /
Shaykh Said; Mash'had / al-Mashhad; Zebdia / al-Zibdiyeh.  :func:`fold_token`
maps each word to a key that ignores those differences:

* case, diacritics, apostrophes and the marks ʿ ʾ ’ ` (they stand for ʿayn / hamza);
* consonant spellings: q/k, ch/sh (French transcriptions), ph/f, c/k;
* endings: -iya/-iyeh/-iyah/-ia → ``iya``; -eh/-ah/-a → ``a``;
* vowels: ee/ii → i, oo/ou/o → u, ei/ey/ai → ``ay``, aw/au before a consonant → ``u``,
  remaining e → i;
* doubled letters (Jalloum / Jaloum).

The definite article (al-, el-, as-, ash-, ad-, an-, ...) becomes the token ``al``
so that it can be optional in a lookup but required where a bare word would be
an English word ("al-Bab" the town, never "bab").  Sun-letter forms (as-, an-,
at-, ...) count as the article only when joined by a hyphen, because "as", "an"
and "at" are English words.

Arabic script is normalised too (tashkeel removed, alef/ya/ta-marbuta forms
unified, the article ال split off).

:func:`skeleton` drops vowels altogether; it is a last-resort key for lookups of
single names (never for tagging running text).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

ARTICLE = "al"

# Sun-letter assimilated articles: an article only when hyphenated ("ash-Sheikh").
_SUN_ARTICLES = frozenset(
    "as ash ad an ar at az aj adh ath es esh ed en er et ez ej".split()
)
_PLAIN_ARTICLES = frozenset({"al", "el", "il", "ul"})

# A word is a run of letters or digits (any script).  Apostrophe-like marks
# inside a word are part of it (Sa'eed); hyphens split words.
_APOSTROPHES = "'’‘`´ʿʾʼʻ′"

_ARABIC_RE = re.compile(r"[\u0600-\u06FF]")
_ALEF_RE = re.compile("[اأإآٱ]")
_ARABIC_MARKS_RE = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # tashkeel + tatweel
_ARABIC_MAP = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"})

_DROP_MARKS = str.maketrans("", "", _APOSTROPHES)
_LATIN_MAP = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "đ": "d", "ł": "l"})

_SUBS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"ch", "sh"),
        (r"ph", "f"),
        (r"q", "k"),
        (r"c", "k"),
        # endings, before vowels are touched
        (r"(?:iyyah|iyyeh|iyeh|iyah|iyya|iyye|iye|ieh|iah|iya|ia)$", "iya"),
        (r"(?:eh|ah|e)$", "a"),
        # long vowels and diphthongs
        (r"ee|ii", "i"),
        (r"oo|ou|o", "u"),
        (r"uu", "u"),
        (r"ey|ei|ai|ae", "ay"),
        (r"a[wu](?=[^aeiouy]|$)", "u"),
        (r"e", "i"),
        # doubled letters last, so that the rules above cannot re-create them
        (r"([a-z])\1+", r"\1"),
    )
)


def _strip_marks(text: str) -> str:
    """Lower-case, remove diacritics and apostrophe-like marks (Latin side)."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_LATIN_MAP))
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_DROP_MARKS)


def _fold_arabic(token: str) -> str:
    token = _ARABIC_MARKS_RE.sub("", token).translate(_ARABIC_MAP)
    return token


@lru_cache(maxsize=200_000)
def fold_token(token: str) -> str:
    """Fold one word to its matching key.

    Parameters
    ----------
    token : str
        A single word, without hyphens or spaces.

    Returns
    -------
    str
        The folded key ("" for a word with no letters or digits).

    Examples
    --------
    >>> fold_token("Sa'eed") == fold_token("Said")
    True
    >>> fold_token("Zebdia") == fold_token("Zibdiyeh")
    True
    """
    if _ARABIC_RE.search(token):
        return _fold_arabic(token)
    key = re.sub(r"[^a-z0-9]", "", _strip_marks(token))
    if not key:
        # another script (Cyrillic, Greek...): keep it, case-folded, so it is a word
        return token.casefold()
    if key.isdigit():
        return key
    for pattern, repl in _SUBS:
        key = pattern.sub(repl, key)
    return key


_SUN_KEYS = frozenset(fold_token(a) for a in _SUN_ARTICLES)


def _is_sun_article(word: str) -> bool:
    # "ash", "Ash"; never an all-capital acronym such as "AS" or "AD".
    return word.lower() in _SUN_ARTICLES and not (word.isupper() and len(word) > 1)




# re.split with one capture group gives [sep, word, sep, word, ..., sep] in C,
# which is several times faster than a Python loop over finditer matches.
# Combining marks (Latin accents written separately, Arabic tashkeel) belong to
# the word.  (\w also admits "_", which is harmless in news text and keeps the
# pattern one character class: several times faster than an alternation.)
_WORD = r"[\w\u0300-\u036F\u064B-\u065F\u0670]+"
# An apostrophe inside a word is part of it (Sa'eed), but an English possessive
# ("Aleppo's", "Syria’s") is not: it ends the word.
# Possessive quantifiers: nothing after a word's letters can use them, so the
# engine need not remember positions to backtrack to (same matches, faster).
_WORD_RUN = _WORD[:-1] + "++"
_SPLIT_RE = re.compile(
    "(" + _WORD_RUN + "(?:[" + _APOSTROPHES + r"](?![sS]\b)" + _WORD_RUN + ")*+)"
)
_HYPHENS = "-‐‑–"
# A hyphen right after the letters of a sun-letter article (any case): found in
# C, these are the few hyphens worth a look.  The hyphen comes first so that re
# skips to hyphens without trying the look-behinds at every position (which
# must each be of one width).
_SUN_HYPHEN_RE = re.compile(
    "[" + _HYPHENS + "](?:"
    + "|".join(
        f"(?<=(?i:{'|'.join(sorted(a for a in _SUN_ARTICLES if len(a) == n))})[{_HYPHENS}])"
        for n in sorted({len(a) for a in _SUN_ARTICLES})
    )
    + ")"
)
# The start of an Arabic word that may fold to "al <rest>": an alef, then ل
# once the marks the fold drops are dropped.
_ALEFS = "اأإآٱ"
_GLUED_RE = re.compile(f"[{_ALEFS}]" + r"[\u064B-\u065F\u0670\u0640]*ل")


class _KeyMemo(dict):
    """word -> folded key, computed on first sight (bounded in size)."""

    def __missing__(self, word: str) -> str:
        key = ARTICLE if word.lower() in _PLAIN_ARTICLES else fold_token(word)
        if key.startswith("ال") and len(key) > 3:
            key = ARTICLE + " " + key[2:]
        if len(self) < 500_000:
            self[word] = key
        return key


_memo = _KeyMemo()


def tokenize(text: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Split text into words and fold each, fast.

    Returns
    -------
    keys : list of str
        The folded key of every word.  Articles give ``"al"``; an Arabic word
        with a glued article gives ``"al <rest>"``.
    starts, ends : numpy.ndarray
        The span of every word in ``text``.
    """
    split = _split_by_table if len(text) >= _TABLE_MIN_CHARS else _split_by_regex
    words, starts, ends, before_hyphen, alefs = split(text)
    keys = list(map(_memo.__getitem__, words))
    # Sun-letter articles ("ash-", "an-") only count when a hyphen follows.
    for i in before_hyphen:
        if keys[i] != ARTICLE and _is_sun_article(words[i]):  # "al-", "el-" are articles already
            keys[i] = ARTICLE
    if alefs:
        keys, starts, ends = _split_glued_articles(alefs, keys, starts, ends)
    return keys, starts, ends


# Two ways to split, with the same result: the regex (cheap to start, for a
# sentence) and a per-character table read with numpy (several times faster on
# an article).  Each returns the words, their spans, the indices of the words
# that may be a sun-letter article before a hyphen (a superset; tokenize
# decides), and the offsets where a word with a glued Arabic article may start.
_TABLE_MIN_CHARS = 1000


def _split_by_regex(text: str):
    # re.split with one capture group gives [sep, word, sep, word, ..., sep] in C.
    parts = _SPLIT_RE.split(text)
    words = parts[1::2]
    cum = np.cumsum(np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)))
    starts = cum[0:-1:2]
    ends = cum[1::2]
    hyphens = [m.start() for m in _SUN_HYPHEN_RE.finditer(text)]
    before_hyphen = []
    if hyphens:
        for i, pos in zip(np.searchsorted(ends, hyphens).tolist(), hyphens, strict=True):
            if i < len(words) and ends[i] == pos:
                before_hyphen.append(i)
    return words, starts, ends, before_hyphen, [m.start() for m in _GLUED_RE.finditer(text)]


def _split_by_table(text: str):
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _char_classes(codes)
    in_word = np.zeros(len(codes) + 2, dtype=bool)  # a non-word character at each end
    in_word[1:-1] = cls & _IN_WORD
    in_word[_joining_apostrophes(cls) + 1] = True
    # Word edges alternate: start, end, start, end ...
    edges = (in_word[1:] != in_word[:-1]).nonzero()[0]
    starts, ends = edges[0::2], edges[1::2]
    in_word = in_word[1:-1]
    # Every other character becomes a space: str.split then cuts the words in C
    # (no word character is white space, see the tests).
    words = np.where(in_word, codes, np.uint32(32)).tobytes().decode("utf-32-le", "surrogatepass").split()
    # A sun-letter article is at most three letters long (str.lower never shortens).
    short = ((ends - starts <= 3) & (ends < len(codes))).nonzero()[0]
    before_hyphen = short[(cls[ends[short]] & _HYPHEN) > 0].tolist()
    # Only a word's start matters (see _split_glued_articles).
    alefs = [p for p in starts[(cls[starts] & _ALEF) > 0].tolist() if _GLUED_RE.match(text, p)]
    return words, starts, ends, before_hyphen, alefs


def _joining_apostrophes(cls: np.ndarray) -> np.ndarray:
    """Offsets of the apostrophes that join two parts of one word (as ``_SPLIT_RE`` reads them).

    One joins when a word character stands on each side, unless it is an
    English possessive: s or S, then no ``\\w`` character (or the end).
    """
    at = ((cls & _APOSTROPHE) != 0).nonzero()[0]  # nonzero is fastest on booleans
    at = at[(at > 0) & (at < len(cls) - 1)]
    if not at.size:
        return at
    after = cls[at + 1]
    beyond = cls[np.minimum(at + 2, len(cls) - 1)] & _ALNUM
    beyond[at + 2 == len(cls)] = 0  # the end of the text is no word character
    possessive = ((after & _S) > 0) & (beyond == 0)
    return at[((cls[at - 1] & after & _IN_WORD) > 0) & ~possessive]


# Bits of the character table: in a word (_WORD), \w (for the \b of the
# possessive), an apostrophe that is no word character, s or S, a hyphen, the
# alef that can start a glued article; and "known" (the others are filled in).
_IN_WORD, _ALNUM, _APOSTROPHE, _S, _HYPHEN, _ALEF, _KNOWN = 1, 2, 4, 8, 16, 32, 128

# The bits of every code point, each filled in the first time a text holds it
# (a text uses a few hundred distinct characters; the regexes decide each once).
_CLASSES = np.zeros(0x110000, dtype=np.uint8)


def _char_classes(codes: np.ndarray) -> np.ndarray:
    """The table bits of every character."""
    cls = _CLASSES.take(codes)
    if len(cls) and cls.min() < _KNOWN:
        new = np.unique(codes[cls < _KNOWN])
        _CLASSES[new] = _class_of("".join(map(chr, new.tolist()))) | _KNOWN
        cls = _CLASSES.take(codes)
    return cls


def _class_of(chars: str) -> np.ndarray:
    """The table bits of each character of ``chars``, read off the regexes themselves."""
    out = np.zeros(len(chars), dtype=np.uint8)
    for bit, pattern in (
        (_IN_WORD, _WORD[:-1]),
        (_ALNUM, r"\w"),
        (_APOSTROPHE, f"[{_APOSTROPHES}]"),
        (_S, "[sS]"),
        (_HYPHEN, f"[{_HYPHENS}]"),
        (_ALEF, f"[{_ALEFS}]"),
    ):
        out[[m.start() for m in re.finditer(pattern, chars)]] |= bit
    out[(out & _IN_WORD) > 0] &= ~np.uint8(_APOSTROPHE)
    return out


def _split_glued_articles(alefs: list[int], keys: list[str], starts: np.ndarray, ends: np.ndarray):
    """Make the Arabic article glued to a word ("al <rest>") a word of its own.

    ``alefs`` are the offsets where such a word may start (see ``_GLUED_RE``).
    """
    glued_prefix = ARTICLE + " "
    glued = [
        i
        for i, pos in zip(np.searchsorted(starts, alefs).tolist(), alefs, strict=True)
        if i < len(keys) and starts[i] == pos and keys[i].startswith(glued_prefix)
    ]
    if not glued:
        return keys, starts, ends
    # One pass over the list (splicing each word in place would be quadratic in Arabic text).
    split: list[str] = []
    done = 0
    for i in glued:
        split += keys[done:i]
        split += (ARTICLE, keys[i][len(glued_prefix) :])
        done = i + 1
    split += keys[done:]
    keys = split
    idx = np.array(glued, dtype=np.int64)
    split_at = starts[idx] + 2  # the two letters of ال
    return keys, np.insert(starts, idx + 1, split_at), np.insert(ends, idx, split_at)


def fold_tokens(text: str) -> list[tuple[str, int, int]]:
    """Split text into words and fold each.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    list of (key, start, end)
        One item per word, with its span in ``text`` (see :func:`tokenize`).
    """
    keys, starts, ends = tokenize(text)
    return list(zip(keys, starts.tolist(), ends.tolist(), strict=True))


@lru_cache(maxsize=100_000)
def fold(text: str) -> str:
    """Fold a whole name: the folded words joined by single spaces.

    >>> fold("Sheikh Sa'eed") == fold("Shaykh Said")
    True
    >>> fold("al-Zibdiyeh")
    'al zibdiya'
    """
    parts = _SPLIT_RE.split(text)
    keys = []
    for i in range(1, len(parts), 2):
        word = parts[i]
        if _is_sun_article(word) and parts[i + 1][:1] in _HYPHENS and parts[i + 1]:
            keys.append(ARTICLE)
        else:
            keys.append(_memo[word])
    return " ".join(keys)


def strip_articles(folded: str) -> str:
    """Remove the article tokens from a folded name ("al bab" -> "bab")."""
    return " ".join(t for t in folded.split() if t != ARTICLE)


def skeleton(folded: str) -> str:
    """Consonant skeleton of a folded name, articles and spaces removed.

    A lossy last-resort key ("salaheddin" and "salah al din" both give
    ``slhdn``); used only to look up single names, never to tag text.
    """
    joined = "".join(t for t in folded.split() if t != ARTICLE)
    if _ARABIC_RE.search(joined):
        return joined
    # A lone h (not part of sh, kh, gh, th, dh) is often dropped or doubled
    # in transliteration (Salah-Eddin / Salaheddin, Mash'had / Mashad).
    joined = re.sub(r"(?<![skgtdz])h", "", joined)
    return re.sub(r"([a-z])\1+", r"\1", re.sub(r"[aeiouy]", "", joined))
