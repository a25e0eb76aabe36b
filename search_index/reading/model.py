"""What reading a document produces: plain data, independent of storage and index."""

from __future__ import annotations

from dataclasses import dataclass, field

# Document kinds and the audience each is written for.
QA_PAGE = "qa_page"
PUBMED = "pubmed_abstract"
JOURNAL = "journal_abstract"
GUIDELINE = "guideline_overview"
TEXT = "text_document"  # anything else with readable text (imported notes, Markdown, web pages)

KIND_LABELS = {
    QA_PAGE: "Patient Q&A",
    PUBMED: "PubMed abstract",
    JOURNAL: "Journal abstract",
    GUIDELINE: "Clinical summary web page",  # a page that summarises guidance; not a guideline
    TEXT: "Text document",
}
AUDIENCE = {
    QA_PAGE: "patient",
    PUBMED: "clinician",
    JOURNAL: "clinician",
    GUIDELINE: "clinician",
    TEXT: "clinician",
}


@dataclass
class Passage:
    """A paragraph or bullet: clean text plus where it came from in the source."""

    text: str
    start: int  # character offsets of the passage's line(s) in the source text
    end: int
    kind: str = "paragraph"  # paragraph | bullet
    level: int = 0  # bullet nesting depth
    citations: list[int] = field(default_factory=list)
    truncated: bool = False  # the saved copy cut it off; kept as is, never completed


@dataclass
class Section:
    heading: str
    passages: list[Passage] = field(default_factory=list)
    role: str = ""  # summary, research, questions, abstract, references, disclaimer, ...


@dataclass
class Reference:
    number: int
    text: str
    doi: str = ""
    label: str = ""  # e.g. "Guideline", "Research" where the page names the kind


@dataclass
class Document:
    doc_id: str
    file_name: str
    kind: str
    title: str
    source: str  # the decoded source text; passage offsets point into it
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    authors: str = ""
    journal: str = ""
    year: int | None = None
    published: str = ""  # ISO date (or year-month) where the source gives one
    updated: str = ""
    doi: str = ""
    publication_types: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)  # the source's own status phrases, as written
    publisher: str = ""  # the site or journal that publishes it, where the source names one

    @property
    def audience(self) -> str:
        return AUDIENCE[self.kind]

    @property
    def questions(self) -> list[Passage]:
        return [p for s in self.sections if s.role == "questions" for p in s.passages]

    def passages(self) -> list[tuple[Section, Passage]]:
        return [(s, p) for s in self.sections for p in s.passages]
