"""Guideline overview pages: headed sections of bullets, references, professional disclaimer."""

from __future__ import annotations

import re
from datetime import datetime

from search_index.reading.builder import Sections, passage
from search_index.reading.lines import Line, looks_like_heading
from search_index.reading.model import GUIDELINE, Document, Reference
from search_index.reading.status import is_status_line

_UPDATED = re.compile(r"Last updated:\s*(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")
_REF_LABELS = {"guideline", "research", "review", "meta-analysis", "trial", "consensus"}
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def read(doc_id: str, file_name: str, source: str, lines: list[Line]) -> Document:
    doc = Document(
        doc_id=doc_id, file_name=file_name, kind=GUIDELINE, title=lines[0].text, source=source
    )
    sections = Sections()
    part = "body"
    for line in lines[1:]:
        text = line.text
        if is_status_line(text):  # the page's status: kept as metadata (read_text), not body text
            continue
        if m := _UPDATED.search(text):
            try:
                doc.updated = datetime.strptime(m.group("date"), "%B %d, %Y").date().isoformat()
            except ValueError:  # "February 30, 2024": an impossible date is left out, not guessed
                pass
            continue
        if part == "references" and text.lower() in _REF_LABELS:
            doc.references.append(Reference(number=len(doc.references) + 1, text="", label=text))
            continue
        if line.bullet_level is None and looks_like_heading(text):
            if text.lower() == "references":
                part = "references"
                continue
            if part == "references" and "disclaimer" not in text.lower():
                _extend_reference(doc, text)
                continue
            part = "disclaimer" if "disclaimer" in text.lower() else "body"
            sections.open(text, part if part == "disclaimer" else "")
        elif part == "references":
            _extend_reference(doc, text)
        elif line.bullet_level is not None:
            sections.add(passage(line, cite=True, kind="bullet", level=line.bullet_level))
        else:
            sections.add(passage(line, cite=part == "body"), heading="Overview")
    doc.sections = sections.nonempty()
    if doc.sections and not doc.sections[0].role:
        doc.sections[0].role = "summary"
    years = [int(m.group(0)) for r in doc.references for m in [_YEAR.search(r.text)] if m]
    doc.year = int(doc.updated[:4]) if doc.updated else (max(years) if years else None)
    return doc


def _extend_reference(doc: Document, text: str) -> None:
    if not doc.references:
        doc.references.append(Reference(number=1, text=""))
    ref = doc.references[-1]
    ref.text = (
        f"{ref.text} {text}".strip()
        if ref.text.endswith(".") or not ref.text
        else (f"{ref.text}. {text}")
    )
