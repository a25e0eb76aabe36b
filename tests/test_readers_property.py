"""Property tests: whatever a file holds, reading it gives documents whose passages point into
their source, or a ReadError naming the file with a plain reason. Nothing else escapes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from fuzz_pages import (
    CHROME,
    LEAFLET,
    SCAN,
    any_bytes,
    bundled_file,
    html_file,
    html_page,
    md_file,
    mutated_pdf,
)
from fuzz_records import medline_file, ris_file, xml_file
from hypothesis import example, given, settings
from hypothesis import strategies as st

from search_index.importing import read_any
from search_index.importing.generic import read_generic
from search_index.importing.html import html_to_text
from search_index.importing.pdf import pdf_text
from search_index.importing.records import read_medline, read_pubmed_xml, read_ris
from search_index.reading import ReadError, read_text
from search_index.reading.model import TEXT, Document

NAME = "fuzzed file.txt"
FUZZ = settings(max_examples=250, deadline=None)


# -- What every outcome must satisfy -------------------------------------------------------------


def _squashed(text: str) -> str:
    return "".join(text.split())


def _in_order(part: str, whole: str) -> bool:
    """`part`'s characters appear in `whole` in the same order (gaps allowed)."""
    it = iter(whole)
    return all(c in it for c in part)


def check_document(doc: Document, *, exact: bool = False) -> None:
    """A usable document: a title, passages with text, offsets inside the source. `exact`: each
    passage is its source span character for character (records write their own text)."""
    assert isinstance(doc, Document)
    assert doc.title.strip(), doc
    for _, p in doc.passages():
        assert p.text.strip(), p
        assert 0 <= p.start < p.end <= len(doc.source), (p, len(doc.source))
        span = doc.source[p.start : p.end]
        if exact:
            assert span == p.text, (span, p.text)
        elif doc.kind == TEXT:  # lines of a paragraph are joined; nothing else changes
            assert span.split() == p.text.split(), (span, p.text)
            assert span == p.text or len(span.splitlines()) > 1, (span, p.text)
        else:  # bundled kinds drop bullet marks, citation numbers and labels, nothing more
            assert _in_order(_squashed(p.text), _squashed(span.replace("\u00a0", " "))), (span, p)


def check_error(err: ReadError, name: str = NAME) -> None:
    assert err.file_name == name and str(err).startswith(f"{name}: ")
    assert err.reason.strip() and "Traceback" not in err.reason


def outcome(read: Callable[[], object], *, exact: bool = False) -> None:
    """Run a reader: it returns documents (checked) or raises ReadError (checked); any other
    exception fails the test."""
    try:
        result = read()
    except ReadError as err:
        check_error(err)
        return
    docs = result if isinstance(result, list) else [result]
    assert docs
    for doc in docs:
        check_document(doc, exact=exact)


# -- The properties ---------------------------------------------------------------------------------


@FUZZ
@given(any_bytes)
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"%PDF")
@example(LEAFLET)
def test_read_any_gives_documents_or_a_read_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NAME
        path.write_bytes(data)
        outcome(lambda: read_any(path))


@FUZZ
@given(st.one_of(medline_file, st.text()))
def test_read_medline(source: str) -> None:
    outcome(lambda: read_medline(NAME, source), exact=True)


@FUZZ
@given(st.one_of(xml_file, st.text()))
def test_read_pubmed_xml(source: str) -> None:
    outcome(lambda: read_pubmed_xml(NAME, source), exact=True)


@FUZZ
@given(st.one_of(ris_file, st.text()))
def test_read_ris(source: str) -> None:
    outcome(lambda: read_ris(NAME, source), exact=True)


@FUZZ
@given(st.one_of(md_file, st.text()))
def test_read_generic(source: str) -> None:
    outcome(lambda: read_generic(NAME, source))


@FUZZ
@given(st.one_of(bundled_file, st.text()))
def test_read_text(source: str) -> None:
    outcome(lambda: read_text(NAME, source))


@FUZZ
@given(st.one_of(html_file, st.text()))
def test_html_to_text(html: str) -> None:
    try:
        text, titled = html_to_text(NAME, html)
    except ReadError as err:
        check_error(err)
        return
    # Paragraphs of one plain line each, a blank line between them, no repeats in a row.
    blocks = text.split("\n\n") if text else []
    assert all(b and b == " ".join(b.split()) for b in blocks), blocks
    assert all(a != b for a, b in zip(blocks, blocks[1:])), blocks
    outcome(lambda: read_generic(NAME, text, titled))


@FUZZ
@given(html_page)
def test_saved_pages_lose_all_their_chrome(html: str) -> None:
    text, titled = html_to_text(NAME, html)
    assert CHROME not in text
    # All of the content (heading, paragraphs, list) is kept, in order, after the title.
    content = html_to_text(NAME, html[html.index("<h1>") : html.index("<aside>")])[0].split()
    assert content and text.split()[-len(content) :] == content
    outcome(lambda: read_generic(NAME, text, titled))


@FUZZ
@given(st.one_of(mutated_pdf(), st.binary(max_size=2000)))
@example(SCAN)
def test_pdf_text(data: bytes) -> None:
    try:
        text = pdf_text(NAME, data)
    except ReadError as err:
        check_error(err)
        return
    assert len(text.split()) >= 5
