"""A saved web page as plain text: each block element becomes a paragraph of its own (a line,
then a blank line); scripts, styles, navigation, headers, footers and asides are dropped;
nothing of it is ever rendered as HTML. Whether the page's first words are its title or a
heading is said too: otherwise they are text, and the page is titled by its file's name."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from search_index.reading import ReadError

_BLOCK = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "table",
    "section",
    "article",
    "main",
    "blockquote",
    "dd",
    "dt",
    "title",
    "pre",
    "td",
    "th",
}
_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "template",
    "svg",
    "form",
    "button",
}
_SPACES = re.compile(r"\s+")
_TITLES = {"title", "h1", "h2", "h3", "h4", "h5", "h6"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.block = ""  # the block element the text being read stands in
        self.titled: bool | None = None  # whether the first words are a title or heading

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
            self.block = tag
        if tag == "li" and not self.skipping:
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skipping:
            self.skipping -= 1
        elif tag in _BLOCK:
            self.parts.append("\n")
            self.block = ""

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # Line breaks in the HTML source are spaces; only block elements end lines.
            self.parts.append(_SPACES.sub(" ", data))
            if self.titled is None and data.strip():
                self.titled = self.block in _TITLES


def html_to_text(file_name: str, html: str) -> tuple[str, bool]:
    """The page's text, and whether its first line is a title (an empty <title> and no heading
    above the first paragraph: it is not)."""
    parser = _Text()
    try:
        parser.feed(html)
        parser.close()
    except AssertionError:  # html.parser gives up on some broken declarations ("<![foo[")
        raise ReadError(file_name, "the web page is malformed and could not be read") from None
    lines: list[str] = []
    for line in "".join(parser.parts).split("\n"):
        line = " ".join(line.split())
        # The page's <title> is usually repeated as its first heading: keep it once.
        if line and (not lines or line != lines[-1]):
            lines.append(line)
    return "\n\n".join(lines), bool(parser.titled)
