"""Text of no particular kind (notes, Markdown, a web page's words): title, headed sections,
paragraphs and bullets, with offsets into the text.

Headings are Markdown's (`## Resection`, or a line underlined with `===`/`---`) or, in plain
text, a short line that reads as one: no sentence punctuation at its end, and either standing
alone before the text it heads or directly above a longer line or a list. A section of
questions for the doctor takes each question on a line of its own as one question, and ends
at the first paragraph that asks nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from search_index.reading import ReadError
from search_index.reading.model import TEXT, Document, Passage, Section
from search_index.reading.provenance import document_title

_HEADING = re.compile(r"^(#{1,6})(?:\s+(.*))?$")  # "#" alone: a heading with no words
_UNDERLINE = re.compile(r"^(=+|-+)\s*$")
# A section of questions for the doctor, as the bundled Q&A pages have ("What to ask your doctor").
_QUESTIONS = re.compile(r"\b(questions? (to ask|for)|what to ask)\b", re.I)
# "- item", "* item", "• item", "1. item", "2) item" (a bare "-" is not a bullet)
_BULLET = re.compile(r"^(\s*)(?:[-*•]|\d{1,2}[.)])\s+(\S.*)$")
HEADING_MAX = 60  # characters: a plain-text heading is a short line
HEADING_WORDS = 9


@dataclass
class _Line:
    text: str  # stripped
    start: int  # offsets of the text itself, not of its indentation
    end: int
    raw: str  # as written, without its line break
    raw_start: int


def _lines(source: str) -> list[_Line | None]:
    """The lines of the source; None for a blank one."""
    out: list[_Line | None] = []
    pos = 0
    for raw in source.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        stripped = line.strip()
        start = pos + len(line) - len(line.lstrip())
        out.append(_Line(stripped, start, start + len(stripped), line, pos) if stripped else None)
        pos += len(raw)
    return out


def _plain_heading(lines: list[_Line | None], i: int) -> bool:
    """Whether line i of plain text reads as a heading (see the module's docstring)."""
    line = lines[i]
    if line is None or (i > 0 and lines[i - 1] is not None):  # only a block's first line
        return False
    text = line.text
    if (
        len(text) > HEADING_MAX
        or len(text.split()) > HEADING_WORDS
        or text[-1] in ".,;"
        or not text[0].isupper()
        or _BULLET.match(line.raw)
        or ". " in text
    ):
        return False
    below = lines[i + 1] if i + 1 < len(lines) else None
    if below is not None:  # directly above: a list, or a clearly longer (wrapped) line
        return bool(_BULLET.match(below.raw)) or len(below.text) >= len(text) + 15
    # alone: a heading only if text follows it
    return any(other is not None for other in lines[i + 1 :])


class _Sections:
    """The sections read so far, and the paragraph being gathered."""

    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.spans: dict[int, tuple[int, int]] = {}  # id(section) -> where its heading is
        self.paragraph: list[_Line] = []

    def current(self) -> Section:
        if not self.sections:
            self.sections.append(Section("Text", role="text"))
        return self.sections[-1]

    def flush(self) -> None:
        if self.paragraph:
            text = " ".join(line.text for line in self.paragraph)
            self.current().passages.append(
                Passage(text, self.paragraph[0].start, self.paragraph[-1].end)
            )
            self.paragraph.clear()

    def bullet(self, line: _Line, match: re.Match[str]) -> None:
        self.flush()
        level = 1 + len(match.group(1).expandtabs(4)) // 4
        text, at = match.group(2).rstrip(), line.raw_start + match.start(2)
        self.current().passages.append(Passage(text, at, at + len(text), "bullet", level))

    def open_section(self, line: _Line, text: str) -> None:
        self.flush()
        self.sections.append(Section(text, role="questions" if _QUESTIONS.search(text) else ""))
        at = line.start + line.text.rindex(text)  # the words, after any "#"
        self.spans[id(self.sections[-1])] = (at, at + len(text))

    def kept(self) -> list[Section]:
        """The sections with text; a heading with nothing under it stays, as text of the
        section before."""
        self.flush()
        kept: list[Section] = []
        for s in self.sections:
            if s.passages:
                kept.append(s)
            elif id(s) in self.spans:
                if not kept:
                    kept.append(Section("Text", role="text"))
                kept[-1].passages.append(Passage(s.heading, *self.spans[id(s)]))
        return kept


def read_generic(file_name: str, source: str, titled: bool = True) -> Document:
    """The document in `source`, its first line the title (when `titled`: a web page may have
    none; it is then named by its file, as it is when its title line has no words)."""
    read = _Sections()
    paragraph, current = read.paragraph, read.current
    title = None if titled else document_title("", file_name)
    lines = _lines(source)
    skip = False
    for i, line in enumerate(lines):
        if skip:  # an underline already read with its heading
            skip = False
            continue
        if line is None:
            read.flush()
            continue
        heading = _HEADING.match(line.text)
        words = (heading.group(2) or "").strip() if heading else line.text
        below = lines[i + 1] if i + 1 < len(lines) else None
        underlined = (
            not heading
            and below is not None
            and not paragraph
            and _UNDERLINE.match(below.text) is not None
        )
        if title is None:
            title = document_title(words, file_name)
            skip = underlined
            continue
        bullet = _BULLET.match(line.raw)
        if heading and not words:  # a heading with no words heads nothing
            read.flush()
        elif heading:
            read.open_section(line, words)
        elif underlined:
            read.open_section(line, line.text)
            skip = True
        elif not bullet and not paragraph and _plain_heading(lines, i):
            read.open_section(line, line.text)
        elif bullet:
            read.bullet(line, bullet)
        elif current().role == "questions" and line.text.endswith("?"):
            read.flush()  # one question a line, never run together
            current().passages.append(Passage(line.text, line.start, line.end))
        elif current().role == "questions" and current().passages and not paragraph:
            # Text that is no question after the list (a signature): not a question either.
            read.sections.append(Section("Text", role="text"))
            paragraph.append(line)
        else:
            paragraph.append(line)
    kept = read.kept()
    if title is None or not kept:
        raise ReadError(file_name, "no readable text: a title and at least one paragraph are needed")
    return Document(
        doc_id=Path(file_name).stem,
        file_name=file_name,
        kind=TEXT,
        title=title,
        source=source,
        sections=kept,
    )
