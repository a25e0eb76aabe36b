"""PubMed abstract pages: bibliographic header, abstract, references, publication types."""

from __future__ import annotations

import re

from search_index.reading.builder import Sections, passage
from search_index.reading.lines import DOI, Line
from search_index.reading.model import PUBMED, Document, Reference

# Headings of the page's parts; content runs from one to the next.
_PARTS = {
    "abstract": "abstract",
    "conflict of interest statement": "conflicts",
    "keywords": "keywords",
    "references": "references",
    "publication types": "publication_types",
    "mesh terms": "mesh",
    "substances": "substances",
    "grants and funding": "funding",
    "comment in": "comments",
}
_PUB_TYPES = {
    "review",
    "systematic review",
    "meta-analysis",
    "randomized controlled trial",
    "clinical trial",
    "observational study",
    "comparative study",
    "case reports",
    "editorial",
    "letter",
    "comment",
    "multicenter study",
    "practice guideline",
    "guideline",
}
_CITATION = re.compile(r"^(?P<journal>[^.]*)\.\s*(?P<year>\d{4})(?:\s+(?P<month>[A-Z][a-z]{2}))?")
_EPUB = re.compile(r"Epub (?P<date>\d{4} [A-Z][a-z]{2} \d{1,2})")
_BYLINE = re.compile(r"^(?P<authors>.+?)\.\s+(?P<journal>[A-Z][^.]+)\.\s+(?P<year>\d{4})\b")
_REF_LINKS = re.compile(r"(\s+-\s+(?:DOI|PMC|PubMed|Free PMC article|Google Scholar))+\s*$")
_REF_NUMBER = re.compile(r"^\s*\d+\.\s+")
_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _month_date(year: str, month: str | None, day: str | None = None) -> str:
    out = year
    if month in _MONTHS:
        out += f"-{_MONTHS.index(month) + 1:02d}"
        if day:
            out += f"-{int(day):02d}"
    return out


def read(doc_id: str, file_name: str, source: str, lines: list[Line]) -> Document:
    doc = Document(doc_id=doc_id, file_name=file_name, kind=PUBMED, title="", source=source)
    part = "header"
    sections = Sections()
    for line in lines:
        text = line.text
        if text.lower() in _PARTS:
            part = _PARTS[text.lower()]
            if part in ("abstract", "conflicts", "keywords", "funding"):
                sections.open(text, part)
            continue
        if part == "header":
            _read_header_line(doc, text)
        elif part == "references":
            body = _REF_LINKS.sub("", _REF_NUMBER.sub("", text))
            doi = DOI.search(body)
            doc.references.append(
                Reference(number=len(doc.references) + 1, text=body, doi=doi.group("doi") if doi else "")
            )
        elif part == "publication_types":
            doc.publication_types.append(text)
        elif part in ("abstract", "conflicts", "keywords", "funding"):
            sections.add(passage(line, cite=False))
    doc.sections = sections.nonempty()
    return doc


def _read_header_line(doc: Document, text: str) -> None:
    if text.lower() in _PUB_TYPES:
        if text not in doc.publication_types:
            doc.publication_types.append(text)
    elif m := DOI.search(text):
        doc.doi = m.group("doi")
        if e := _EPUB.search(text):
            doc.updated = _month_date(*e.group("date").split())
    elif (m := _CITATION.match(text)) and not doc.year:
        doc.year = int(m.group("year"))
        doc.published = _month_date(m.group("year"), m.group("month"))
        doc.journal = doc.journal or m.group("journal").strip()
    elif m := _BYLINE.match(text):
        authors = m.group("authors").strip()
        doc.authors = authors + "." if authors.endswith(" et al") else authors
        doc.journal = m.group("journal").strip()
        doc.year = doc.year or int(m.group("year"))
    elif not doc.title:
        doc.title = text
