"""Patient question-and-answer pages: question as title, summary, research, questions, disclaimer."""

from __future__ import annotations

import re

from search_index.reading.builder import Sections, passage
from search_index.reading.lines import Line, looks_like_heading
from search_index.reading.model import QA_PAGE, Document

_ROLES = {"what the research says": "research", "what to ask your doctor": "questions"}
_DISCLAIMER = re.compile(r"individuali[sz]ed (medical )?advice|not (a substitute|medical advice)", re.I)


def read(doc_id: str, file_name: str, source: str, lines: list[Line]) -> Document:
    title, body = lines[0].text, lines[1:]
    sections = Sections()
    sections.open("Summary", "summary")
    for line in body:
        text = line.text
        if _DISCLAIMER.search(text) and line.bullet_level is None:
            sections.open("Disclaimer", "disclaimer")
            sections.add(passage(line, cite=False))
        elif looks_like_heading(text):
            sections.open(text, _ROLES.get(text.lower(), ""))
        elif line.bullet_level is not None:
            sections.add(passage(line, cite=True, kind="bullet", level=line.bullet_level))
        else:
            sections.add(passage(line, cite=True))
    return Document(
        doc_id=doc_id,
        file_name=file_name,
        kind=QA_PAGE,
        title=title,
        source=source,
        sections=sections.nonempty(),
    )
