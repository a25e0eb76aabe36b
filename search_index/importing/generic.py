"""Text of no particular kind (notes, Markdown, a web page's words): title, headed sections,
paragraphs and bullets, with offsets into the text."""

from __future__ import annotations

import re
from pathlib import Path

from search_index.reading import ReadError
from search_index.reading.model import TEXT, Document, Passage, Section

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# A section of questions for the doctor, as the bundled Q&A pages have ("What to ask your doctor").
_QUESTIONS = re.compile(r"\b(questions? (to ask|for)|what to ask)\b", re.I)
_BULLET = re.compile(r"^(\s*)[-*•]\s+(\S.*)$")  # a bare "-" is not a bullet


def read_generic(file_name: str, source: str) -> Document:
    sections: list[Section] = []
    title = ""
    paragraph: list[tuple[str, int, int]] = []  # (text, start, end) of its lines
    pos = 0

    def current() -> Section:
        if not sections:
            sections.append(Section("Text", role="text"))
        return sections[-1]

    def flush() -> None:
        if paragraph:
            text = " ".join(t for t, _, _ in paragraph)
            current().passages.append(Passage(text, paragraph[0][1], paragraph[-1][2]))
            paragraph.clear()

    for raw in source.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        line_start = pos
        pos += len(raw)
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        # Offsets of the text itself, not of its indentation: a passage's span is its text.
        start = line_start + len(line) - len(line.lstrip())
        end = start + len(stripped)
        heading = _HEADING.match(stripped)
        bullet = _BULLET.match(line)
        if not title:
            title = heading.group(2).strip() if heading else stripped
            continue
        if heading:
            flush()
            text = heading.group(2).strip()
            sections.append(Section(text, role="questions" if _QUESTIONS.search(text) else ""))
        elif bullet:
            flush()
            level = 1 + len(bullet.group(1).expandtabs(4)) // 4
            text, at = bullet.group(2).rstrip(), line_start + bullet.start(2)
            current().passages.append(Passage(text, at, at + len(text), "bullet", level))
        else:
            paragraph.append((stripped, start, end))
    flush()
    sections = [s for s in sections if s.passages]
    if not title or not sections:
        raise ReadError(file_name, "no readable text: a title and at least one paragraph are "
                                   "needed")
    return Document(doc_id=Path(file_name).stem, file_name=file_name, kind=TEXT, title=title,
                    source=source, sections=sections)
