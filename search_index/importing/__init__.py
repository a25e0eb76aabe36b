"""Reading files a clinic adds: text and Markdown, saved web pages, PDFs with a text layer,
PubMed exports (MEDLINE / "PubMed format" and XML) and RIS. Each file gives one or more
Documents, read the same way as the bundled ones; a file that cannot be read raises ReadError
with its name and a plain reason. (Wiring into the store, the index and the window is issue 6.)
"""

from __future__ import annotations

from pathlib import Path

from search_index.importing.generic import read_generic
from search_index.importing.html import html_to_text
from search_index.importing.pdf import pdf_text
from search_index.importing.records import read_medline, read_pubmed_xml, read_ris
from search_index.reading import ReadError, decode, read_text
from search_index.reading.kinds import detect_kind
from search_index.reading.model import Document

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused, not read into memory


def sniff(data: bytes) -> str:
    # EndNote and Windows tools often start a file with a byte order mark.
    head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
    text = head.decode("utf-8", "ignore")
    if head.startswith(b"%PDF"):
        return "pdf"
    if "<PubmedArticle" in text or "<PubmedArticleSet" in text:
        return "pubmed_xml"
    if text.startswith("PMID-") or "\nPMID- " in text:
        return "medline"
    if text.startswith("TY  - ") or "\nTY  - " in text:
        return "ris"
    lowered = text.lower()
    if lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered:
        return "html"
    return "text"


def read_any(path: Path, problems: list[ReadError] | None = None) -> list[Document]:
    """The documents in one file, whatever its format. A broken record of an export raises,
    or with `problems` is set aside there while the file's other records are read."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(path.name, f"the file is too large ({size // (1024 * 1024)} MB; "
                                   f"{MAX_BYTES // (1024 * 1024)} MB at most)")
    data = path.read_bytes()
    kind = sniff(data)
    if kind == "pdf":
        return [_text_document(path, pdf_text(path.name, data))]
    source = decode(path.name, data)
    if kind == "pubmed_xml":
        return read_pubmed_xml(path.name, source, problems)
    if kind == "medline":
        return read_medline(path.name, source, problems)
    if kind == "ris":
        return read_ris(path.name, source, problems)
    if kind == "html":
        source = html_to_text(path.name, source)
    return [_text_document(path, source)]


def _text_document(path: Path, source: str) -> Document:
    """A known kind of page if its content says so; otherwise a generic text document."""
    if detect_kind(source):
        return read_text(path.name, source)
    return read_generic(path.name, source)
