"""Plain text from HTML and Markdown articles.

Both converters are streaming (HTML through the standard library's
incremental :class:`html.parser.HTMLParser`, Markdown line by line), so a very
large page is converted in bounded memory.  The plain text they return is what
:attr:`mapper.records.Article.text` holds and what every offset points into.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never article text.
_SKIP = frozenset({
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
    "svg", "iframe", "button", "select", "option", "textarea", "head", "menu", "dialog",
    "object", "canvas", "title",
})
# Elements that start and end a paragraph (a blank line around them).
_BLOCK = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "ul", "ol", "dl", "table", "figure", "figcaption", "hr",
    "address", "details", "summary", "body", "html",
})
# Elements that start a new line but not a paragraph.
_LINE = frozenset({"br", "li", "tr", "dt", "dd"})
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col",
                   "embed", "source", "track", "wbr", "param"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0]+")


class HtmlText(HTMLParser):
    """Incremental HTML-to-text converter.

    Feed it decoded chunks with :meth:`feed`; each call returns the text that
    is complete so far.  Scripts, styles, navigation, headers, footers, asides,
    forms, the ``<head>`` (with its ``<title>``) and hidden elements are
    dropped; paragraphs and headings are separated by blank lines, list items
    and ``<br>`` by line breaks.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # While skipping, the element that started it and how deep it is nested in itself.
        self._skip_tag: str | None = None
        self._skip_count = 0
        self._out: list[str] = []
        self._breaks = 0  # line breaks owed before the next text
        self._started = False

    def feed(self, data: str, final: bool = False) -> str:  # type: ignore[override]
        """Parse ``data`` and return the text it completed."""
        super().feed(data)
        if final:
            self.close()
        out = "".join(self._out)
        self._out.clear()
        return out

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is not None:
            self._skip_count += tag == self._skip_tag
            return
        hidden = any(k == "hidden" or (k == "aria-hidden" and v == "true") for k, v in attrs)
        if (tag in _SKIP or hidden) and tag not in _VOID:
            self._skip_tag, self._skip_count = tag, 1
            return
        self._break_for(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skip_tag is None:
            self._break_for(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip_tag is not None:
            if tag == self._skip_tag:
                self._skip_count -= 1
                if self._skip_count <= 0:
                    self._skip_tag = None
            return
        self._break_for(tag)

    def handle_data(self, data: str) -> None:
        if self._skip_tag is not None:
            return
        text = _SPACES.sub(" ", data)
        if self._breaks or not self._started:
            text = text.lstrip()
        if not text:
            return
        if self._breaks and self._started:
            self._out.append("\n" * self._breaks)
        self._breaks = 0
        self._started = True
        self._out.append(text)

    def _break_for(self, tag: str) -> None:
        want = 2 if tag in _BLOCK else 1 if tag in _LINE else 0
        if want > self._breaks:
            if self._out:
                self._out[-1] = self._out[-1].rstrip(" ")
            self._breaks = want


def html_to_text(html: str) -> str:
    """Readable text of an HTML page (see :class:`HtmlText`)."""
    return HtmlText().feed(html, final=True)


_MD_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^[ \t]{0,3}```.*$|^[ \t]{0,3}~~~.*$", re.M), ""),           # code fences
    (re.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),              # rules
    (re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$", re.M), ""),                  # setext underlines
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", re.M), r"\1"),  # headings
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),                           # block quotes
    (re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]+\S+.*$", re.M), ""),         # link definitions
    (re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),                     # images -> alt
    (re.compile(r"\[([^\]\n]+)\]\([^)\n]*\)"), r"\1"),                      # links -> text
    (re.compile(r"\[([^\]\n]+)\]\[[^\]\n]*\]"), r"\1"),                     # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),                  # autolinks
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),                  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"), r"\1"),  # *em*
    (re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"), r"\1"),   # _em_
    (re.compile(r"`([^`\n]+)`"), r"\1"),                                    # code spans
]


def markdown_to_text(md: str) -> str:
    """Plain text of Markdown: headings, emphasis, links and images reduced to their words.

    Lists and paragraphs are kept as they are.  Works on whole lines, so a
    stream can be converted line by line.
    """
    for pattern, repl in _MD_RULES:
        md = pattern.sub(repl, md)
    return md
