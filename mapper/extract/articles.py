"""Read article files into :class:`~mapper.records.Article` records.

Files or folders go in; decoded plain text comes out, with its publication
date from ``manifest.csv`` or inferred from the text.  Whatever a user copies
from the web is survived: bad encodings are detected and named, HTML is
reduced to its readable text, empty and binary files are skipped with a
warning, and files above :data:`LARGE_FILE_BYTES` are read as a stream of
parts so memory stays bounded.

Every warning is one line naming the file (and the manifest line) and the
problem, logged on the ``mapper.extract`` logger and, when the caller passes a
list, appended to it.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Protocol

from mapper.errors import InputError, ManifestError
from mapper.extract.entries import last_update_heading
from mapper.extract.published import infer_published
from mapper.extract.textformats import HtmlText, markdown_to_text
from mapper.records import Article

log = logging.getLogger("mapper.extract")

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
MANIFEST = "manifest.csv"
#: Files above this size are read as a stream of parts (ids ``name#part0001``).  Reading
#: one megabyte of text takes about 75 MB of working memory, so a part stays small.
LARGE_FILE_BYTES = 2 * 1024 * 1024
#: Target size of one part of a large file, in characters.
PART_CHARS = 1024 * 1024
_READ_BYTES = 1024 * 1024
_SNIFF_BYTES = 256 * 1024
_INFER_CHARS = 1024 * 1024
# Encodings tried when a file is not UTF-8: the ones analysts' sources use.
_FALLBACK_ENCODINGS = ["cp1252", "cp1256", "latin_1", "iso8859_6", "cp1251", "cp1250"]
# How a warning names each of them: a bare "cp1250" means little to a user.
_ENCODING_LABELS = {
    "iso8859-1": "latin-1 (ISO-8859-1)",
    "cp1252": "cp1252 (Windows Western)",
    "cp1256": "cp1256 (Windows Arabic)",
    "iso8859-6": "iso8859-6 (ISO-8859-6 Arabic)",
    "cp1251": "cp1251 (Windows Cyrillic)",
    "cp1250": "cp1250 (Windows Central European)",
}
# Characters an English-language report plausibly holds (French, Spanish and
# Portuguese names, the pound and fractions) among those whose bytes mean
# something else in cp1250 (there the same bytes are č ŕ ę ď ů ű ń ă Ł ˝ Ľ ľ).
# Left out on purpose are the cp1252 readings of the commonest
# Polish, Czech, Slovak, Hungarian and Romanian letters (¹ ³ ¿ œ Ÿ for ą ł ż ś ź,
# ø ì ò for ř ě ň, õ for ő, º þ for ş ţ, å for ĺ): they are rare in English text.
_WESTERN_AT_ODDS = frozenset("àèêïùûñãÀÈÊÏÙÛÑÃ£½¼¾")
# Bytes where cp1252 has its curly quotes, dashes and € and ISO-8859-1 only
# control characters.
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True, slots=True)
class ManifestRow:
    """One row of ``manifest.csv``.

    Attributes
    ----------
    file : str
        Article file name, relative to the manifest's folder.
    published : date
    title, source, url : str
        Optional columns, "" when absent.
    line : int
        Line number in the manifest (1 is the header).
    """

    file: str
    published: date
    title: str = ""
    source: str = ""
    url: str = ""
    line: int = 0


def read_manifest(folder: str | Path, warnings: list[str] | None = None) -> dict[str, ManifestRow]:
    """Read ``folder/manifest.csv``.

    Parameters
    ----------
    folder
        The folder holding the manifest and the articles.
    warnings
        If given, warning messages are appended to it (they are always logged).

    Returns
    -------
    dict
        File name -> row; empty when there is no manifest.  Rows naming a
        missing file, with a bad date, or repeating a file are skipped with a
        warning.

    Raises
    ------
    ManifestError
        When the manifest lacks the ``file`` or ``published`` column or cannot be read.
    """
    path = Path(folder) / MANIFEST
    if not path.is_file():
        return {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            raw_rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ManifestError(f"{path}: cannot be read as UTF-8 CSV ({exc})") from exc
    if not raw_rows:
        raise ManifestError(f"{path}: empty; it needs a header line 'file,published'")
    header = [h.strip().lower() for h in raw_rows[0]]
    missing = [c for c in ("file", "published") if c not in header]
    if missing:
        raise ManifestError(
            f"{path}: missing column(s) {', '.join(missing)}; the header must include "
            f"'file,published' (found: {','.join(header) or 'nothing'})"
        )
    rows: dict[str, ManifestRow] = {}
    for line, values in enumerate(raw_rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        rec = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(header)}
        problem = _manifest_problem(Path(folder), rec, rows)
        if problem:
            _warn(f"{path} line {line}: {problem}; row skipped", warnings)
            continue
        rows[rec["file"]] = ManifestRow(
            file=rec["file"], published=date.fromisoformat(rec["published"]),
            title=rec.get("title", ""), source=rec.get("source", ""), url=rec.get("url", ""),
            line=line,
        )
    return rows


def _manifest_problem(folder: Path, rec: dict[str, str], seen: dict[str, ManifestRow]) -> str:
    """Return what is wrong with one manifest record, or ""."""
    name = rec["file"]
    if not name:
        return "empty 'file' value"
    if name in seen:
        return f"duplicate row for {name!r} (first on line {seen[name].line})"
    if not (folder / name).is_file():
        return f"names {name!r}, but there is no such file in {folder}/"
    try:
        date.fromisoformat(rec["published"])
    except ValueError:
        return f"bad date {rec['published']!r} for {name!r}; write it as YYYY-MM-DD"
    if len(rec["published"]) != 10:
        return f"bad date {rec['published']!r} for {name!r}; write it as YYYY-MM-DD"
    return ""


def iter_articles(
    paths: Iterable[str | Path],
    warnings: list[str] | None = None,
    *,
    large_file_bytes: int | None = None,
    part_chars: int | None = None,
) -> Iterator[Article]:
    """Read articles from files and folders.

    Parameters
    ----------
    paths
        Files, or folders whose ``*.txt, *.md, *.markdown, *.html, *.htm``
        files are read in name order.  The ``manifest.csv`` beside a file applies.
    warnings
        If given, every warning (skipped file, guessed encoding, inferred
        date, bad manifest row) is appended to it; all are also logged.
    large_file_bytes, part_chars
        Files above ``large_file_bytes`` (default :data:`LARGE_FILE_BYTES`) are
        yielded as several articles, one per part of about ``part_chars``
        (default :data:`PART_CHARS`) characters cut at blank lines, with ids
        ``name#part0001``...; offsets are then into each part's text, and
        memory holds about two parts at a time.

    Yields
    ------
    Article

    Raises
    ------
    InputError
        A path that does not exist.
    ManifestError
        A manifest without the required columns.
    """
    manifests: dict[Path, dict[str, ManifestRow]] = {}
    seen: set[str] = set()
    for path in _expand(paths, warnings):
        folder = path.parent
        if folder not in manifests:
            manifests[folder] = read_manifest(folder, warnings)
        if path.name in seen:
            _warn(f"{path}: another article already has the id {path.name!r}; skipped", warnings)
            continue
        seen.add(path.name)
        row = manifests[folder].get(path.name)
        try:
            yield from read_article(path, row, year_hint=_year_hint(manifests[folder]),
                                    warnings=warnings, large_file_bytes=large_file_bytes,
                                    part_chars=part_chars)
        except InputError as exc:
            _warn(f"{exc}; skipped", warnings)


def _expand(paths: Iterable[str | Path], warnings: list[str] | None) -> Iterator[Path]:
    """Files named directly, then each folder's article files in name order."""
    for p in map(Path, paths):
        if p.is_dir():
            files = sorted(f for f in p.iterdir()
                           if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES)
            if not files:
                _warn(f"{p}: no article files ({', '.join(ARTICLE_SUFFIXES)})", warnings)
            yield from files
        elif p.is_file():
            yield p
        else:
            raise InputError(f"{p}: no such file or folder")


def _year_hint(rows: dict[str, ManifestRow]) -> int | None:
    """The latest year of a folder's manifest dates: the year of undated neighbours."""
    return max((r.published.year for r in rows.values()), default=None)


def read_article(
    path: str | Path,
    row: ManifestRow | None = None,
    *,
    year_hint: int | None = None,
    warnings: list[str] | None = None,
    large_file_bytes: int | None = None,
    part_chars: int | None = None,
) -> Iterator[Article]:
    """Read one article file (several parts when it is large).

    Parameters
    ----------
    path
        The file.
    row
        Its manifest row, if any (gives the date, title, source and url).
    year_hint
        Year to assume for a date in the text written without one.
    warnings, large_file_bytes, part_chars
        As for :func:`iter_articles`.

    Yields
    ------
    Article

    Raises
    ------
    InputError
        Empty, binary or unreadable file, or no publication date.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror})") from exc
    encoding = sniff_encoding(head, path, complete=size <= len(head))
    if encoding not in ("utf-8", "utf-8-sig"):
        label = _ENCODING_LABELS.get(codecs.lookup(encoding).name, encoding)
        _warn(f"{path}: not UTF-8; decoded as {label}", warnings)
    # Looked up now, not when the module loaded, so that a caller (or a test) may change them.
    large_file_bytes = LARGE_FILE_BYTES if large_file_bytes is None else large_file_bytes
    part_chars = PART_CHARS if part_chars is None else part_chars
    parts = _plain_text_parts(path, encoding, part_chars if size > large_file_bytes else 0)
    first = next(parts, None)
    if first is None or not first.strip():
        raise InputError(f"{path}: empty file (no text)")
    published, basis = _publication(path, first, row, year_hint, warnings)
    title = row.title if row and row.title else _title_from_text(first)
    source = row.source if row else ""
    url = row.url if row else ""
    if size <= large_file_bytes:
        yield Article(path.name, str(path), first, published, basis, title, source, url)
        return
    _warn(f"{path}: {size / 2**20:.0f} MB is over {large_file_bytes / 2**20:.0f} MB; "
          f"read in parts of about {part_chars:,} characters", warnings)
    n = 1
    for text in itertools.chain([first], parts):
        if not text.strip():
            continue
        yield Article(f"{path.name}#part{n:04d}", str(path), text, published, basis,
                      title, source, url)
        n += 1


def _publication(path: Path, text: str, row: ManifestRow | None, year_hint: int | None,
                 warnings: list[str] | None) -> tuple[date, str]:
    """Publication date and its basis, from the manifest or the text."""
    if row is not None:
        return row.published, "manifest"
    # The evidence is near the top; a bounded prefix keeps huge files fast.
    found = infer_published(text[:_INFER_CHARS], year_hint=year_hint)
    if found is None:
        raise InputError(
            f"{path}: no publication date: add it to manifest.csv (file,published)"
        )
    published, evidence = found
    _warn(f"{path}: not in manifest.csv; publication date {published} inferred from "
          f"{evidence}", warnings)
    return published, f"inferred: {evidence}"


def sniff_encoding(head: bytes, path: str | Path = "<bytes>", complete: bool = True) -> str:
    """Name the encoding of a file from its first bytes.

    Parameters
    ----------
    head
        The start of the file (or all of it).
    path
        Used in error messages.
    complete
        True when ``head`` is the whole file (a cut multi-byte character at
        the end of a sample is then an error, not an artefact).

    Returns
    -------
    str
        A Python codec name: ``utf-8``, ``utf-8-sig``, ``utf-16`` or the detected
        one (for Latin-script text, as settled by :func:`_latin_code_page`).

    Raises
    ------
    InputError
        Empty or binary content.
    """
    if not head:
        raise InputError(f"{path}: empty file (0 bytes)")
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if b"\x00" in head:
        raise InputError(f"{path}: binary file (contains NUL bytes), not text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only needed for non-UTF-8 files

    best = from_bytes(head, cp_isolation=_FALLBACK_ENCODINGS).best()
    if best is None or _control_ratio(str(best)) > 0.05:
        raise InputError(f"{path}: binary file or unknown encoding; save it as UTF-8 text")
    return _latin_code_page(head, best.encoding, complete)


def _latin_code_page(head: bytes, detected: str, complete: bool) -> str:
    """Settle which Latin-script single-byte code page ``head`` is in.

    charset_normalizer often cannot tell cp1250 (Central European) from cp1252
    or ISO-8859-1 (Western): the bytes of an English text with a few accented
    names are valid in all three, its scores tie, and it then names cp1250,
    which reads è as č and à as ŕ.  The reports this tool reads are
    English-language news, so the Western reading is kept unless the text is
    plausibly Central European (see :func:`_plausibly_western`).

    Parameters
    ----------
    head
        The start of the file (or all of it).
    detected
        charset_normalizer's choice.
    complete
        True when ``head`` is the whole file.

    Returns
    -------
    str
        ``latin-1``, ``cp1252``, ``cp1250``, or ``detected`` unchanged when it is
        not one of these (Arabic and Cyrillic code pages are left alone).
    """
    if detected not in ("cp1250", "cp1252", "latin_1"):
        return detected
    try:
        western = head.decode("cp1252")
    except UnicodeDecodeError:
        # Bytes cp1252 leaves undefined (0x81 0x8D 0x8F 0x90 0x9D): not Western text.
        return "latin-1" if detected == "latin_1" else detected
    if detected == "cp1250" and not _plausibly_western(
            western, head.decode("cp1250", errors="replace")):
        return "cp1250"
    # cp1252 reads every printable ISO-8859-1 character the same way and adds
    # curly quotes, dashes and € at 0x80-0x9F, where ISO-8859-1 has only control
    # characters.  A whole file with no byte there is plain ISO-8859-1, and
    # "latin-1" is its honest name; otherwise (or when only the head was seen,
    # and a later part may hold such a byte) cp1252 decodes it correctly.
    if complete and not _C1_BYTES.search(head):
        return "latin-1"
    return "cp1252"


def _plausibly_western(western: str, central: str) -> bool:
    """Whether the cp1252 reading of a text is likelier than its cp1250 reading.

    Both code pages are single-byte, so the two readings align character by
    character.  Only where they differ is there evidence; the Western reading
    wins when at least half of those characters are ones English-language news
    plausibly holds (:data:`_WESTERN_AT_ODDS`).  Polish and Czech text fails:
    its ą ł ż ř ě read as ¹ ³ ¿ ø ì, while a French name's è or à (č, ŕ in
    cp1250) passes.  The price of so simple a rule: an English text whose only
    such character is the ø of a Norwegian name may be read as cp1250.

    Parameters
    ----------
    western, central
        The same bytes decoded as cp1252 and as cp1250.

    Returns
    -------
    bool
    """
    at_odds = [w for w, c in zip(western, central, strict=True) if w != c]
    return 2 * sum(w in _WESTERN_AT_ODDS for w in at_odds) >= len(at_odds)


def _control_ratio(text: str) -> float:
    """Share of control characters (other than white space) in ``text``."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return bad / len(text)


def _plain_text_parts(path: Path, encoding: str, part_chars: int) -> Iterator[str]:
    """Decoded plain text: one string, or (``part_chars > 0``) parts cut at blank lines."""
    suffix = path.suffix.lower()
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    if suffix in (".html", ".htm"):
        convert: _Converter = HtmlText()
    elif suffix in (".md", ".markdown"):
        convert = _MarkdownStream()
    else:
        convert = _Identity()
    pieces: list[str] = []  # joined only when a part is due: no quadratic concatenation
    size = 0
    with path.open("rb") as fh:
        while True:
            raw = fh.read(_READ_BYTES)
            final = not raw
            piece = convert.feed(decoder.decode(raw, final=final), final=final)
            pieces.append(piece)
            size += len(piece)
            if final:
                break
            if part_chars and size >= part_chars:
                pending, start = "".join(pieces), 0
                while len(pending) - start >= part_chars:  # one read may hold several parts
                    cut = _cut_point(pending, start, part_chars)
                    yield _normalise_newlines(pending[start:cut])
                    start = cut
                pieces, size = [pending[start:]], len(pending) - start
    yield _normalise_newlines("".join(pieces))


def _cut_point(text: str, start: int, part_chars: int) -> int:
    """Where to end the part that starts at ``start``.

    Before its last live-blog update heading (so that an entry is never cut
    from its time), else after its last blank line, else line break, else
    space.  A part holds at most ``part_chars`` and never shrinks below half of
    it; text without a break in that window (no report's text) is cut at the
    limit itself, so a part stays bounded.
    """
    floor, limit = start + part_chars // 2, start + part_chars
    heading = last_update_heading(text, floor, limit)
    if heading is not None and heading > start:
        return heading
    for sep in ("\n\n", "\n", " "):
        i = text.rfind(sep, floor, limit)
        if i >= 0:
            return i + len(sep)
    return min(limit, len(text))


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


class _Converter(Protocol):
    """Turns a stream of decoded text into plain text."""

    def feed(self, chunk: str, final: bool = False) -> str: ...


class _Identity:
    def feed(self, chunk: str, final: bool = False) -> str:
        return chunk


class _MarkdownStream:
    """Markdown converted line by line, holding back an unfinished last line."""

    def __init__(self) -> None:
        self._rest = ""

    def feed(self, chunk: str, final: bool = False) -> str:
        text = self._rest + chunk
        cut = len(text) if final else text.rfind("\n") + 1
        self._rest = text[cut:]
        return markdown_to_text(text[:cut])


def _title_from_text(text: str) -> str:
    """The first non-blank line when it reads like a headline, else ""."""
    for line in text[:2000].splitlines():
        line = line.strip()
        if line:
            headline = len(line) <= 200 and not line.endswith((".", ":"))
            return line if headline else ""
    return ""


def _warn(message: str, warnings: list[str] | None) -> None:
    log.warning(message)
    if warnings is not None:
        warnings.append(message)
