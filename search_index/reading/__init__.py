"""Read a saved source file into a Document: kind, metadata, sections, passages, citations."""

from __future__ import annotations

from pathlib import Path

from search_index.paths import readable
from search_index.reading import guideline, journal, pubmed, qa_page
from search_index.reading.kinds import detect_kind
from search_index.reading.lines import split_lines
from search_index.reading.model import GUIDELINE, JOURNAL, PUBMED, QA_PAGE, Document
from search_index.reading.provenance import document_title, without_bidi
from search_index.reading.status import publisher_of, status_lines

_READERS = {QA_PAGE: qa_page.read, PUBMED: pubmed.read, JOURNAL: journal.read, GUIDELINE: guideline.read}


class ReadError(ValueError):
    """A file that cannot be read as a document; the message says why, in plain words."""

    def __init__(self, file_name: str, reason: str) -> None:
        file_name = without_bidi(readable(file_name))  # named in reports: turning no text around
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason


def decode(file_name: str, data: bytes) -> str:
    if not data.strip():
        raise ReadError(file_name, "the file is empty")
    if b"\x00" in data[:4096]:
        raise ReadError(file_name, "the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReadError(file_name, f"the text is not UTF-8 (byte {exc.start})") from None


def read_text(file_name: str, source: str, doc_id: str | None = None) -> Document:
    kind = detect_kind(source)
    if kind is None:
        raise ReadError(
            file_name,
            "not a kind of document Clinic Reference can read "
            "(patient Q&A page, PubMed abstract, journal abstract, guideline page)",
        )
    lines = split_lines(source)
    if not lines:
        raise ReadError(file_name, "no text left once the page's chrome is removed")
    doc = _READERS[kind](doc_id or Path(file_name).stem, file_name, source, lines)
    if not doc.sections:
        raise ReadError(file_name, "no readable sections were found")
    if not doc.title:  # e.g. a PubMed page saved without its title line
        raise ReadError(file_name, "no title was found")
    doc.title = document_title(doc.title, file_name)
    doc.status = status_lines(source)
    doc.publisher = doc.journal or publisher_of(source)
    return doc


def read_file(path: Path) -> Document:
    return read_text(path.name, decode(path.name, path.read_bytes()))
