"""Reading files a clinic adds: text and Markdown, saved web pages, PDFs with a text layer,
PubMed exports (MEDLINE / "PubMed format" and XML) and RIS. Each file gives one or more
Documents, read the same way as the bundled ones; a file that cannot be read raises ReadError
with its name and a plain reason. (Wiring into the store, the index and the window is issue 6.)
"""

from __future__ import annotations

import codecs
import errno
import math
import os
import stat
from pathlib import Path

from search_index.importing.generic import read_generic
from search_index.importing.html import html_to_text
from search_index.importing.pdf import pdf_text
from search_index.importing.records import read_medline, read_pubmed_xml, read_ris
from search_index.paths import readable
from search_index.reading import ReadError, decode, read_text
from search_index.reading.kinds import detect_kind
from search_index.reading.long_passages import split_long_passages
from search_index.reading.model import Document
from search_index.reading.provenance import without_bidi

MAX_BYTES = 50 * 1024 * 1024  # a file: larger ones are refused, never read into memory whole
# One document's text (about 80,000 words): longer ones are refused (an export's records are
# each far shorter). The longest allowed opens in the reader in a fraction of a second, and
# indexing it takes under a second once Cancel is pressed.
MAX_DOCUMENT_CHARS = 500_000

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def sniff(data: bytes | str) -> str:
    # EndNote and Windows tools often start a file with a byte order mark.
    if isinstance(data, bytes):
        head = data[:4096].removeprefix(b"\xef\xbb\xbf").lstrip()
        if head.startswith(b"%PDF"):
            return "pdf"
        text = head.decode("utf-8", "ignore")
    else:
        text = data[:4096].removeprefix("\ufeff").lstrip()
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


def read_capped(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit` of them (a device such as /dev/zero reports no
    size, so the size is what is read, not what `stat` says). Named pipes, devices and sockets
    are refused without waiting on them."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe must not wait for a writer
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISREG(mode) and info.st_size > limit:  # known too large: not read at all
            raise ReadError(path.name, _too_large(info.st_size, limit))
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(mode):
            what = (
                "a named pipe"
                if stat.S_ISFIFO(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "a device"
            )
            raise ReadError(path.name, f"this is {what}, not a file; skipped")
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(limit + 1)
    finally:
        os.close(fd)
    if len(data) > limit:  # it grew, or said nothing of its size
        raise ReadError(path.name, _too_large(None, limit))
    return data


def _megabytes(size: int) -> str:
    """Rounded up to a tenth, so a file just over the limit never reads as the limit itself."""
    return f"{math.ceil(size * 10 / (1024 * 1024)) / 10:g} MB"


def _too_large(size: int | None, limit: int) -> str:
    mb = 1024 * 1024
    return (
        f"the file is too large ({_megabytes(size) if size else 'more than that'}; "
        f"{limit // mb} MB at most)"
    )


def decode_text(file_name: str, data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), or UTF-16/32 when a byte order mark says so."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ReadError(
                    file_name, f"the text is not valid {codec.upper()} (byte {exc.start})"
                ) from None
            if not text.strip("\ufeff \t\r\n"):
                raise ReadError(file_name, "the file is empty")
            return text.removeprefix("\ufeff")
    return decode(file_name, data)


def read_any(path: Path, problems: list[ReadError] | None = None) -> list[Document]:
    """The documents in one file, whatever its format. A broken or over-long record of an
    export raises, or with `problems` is set aside there while the file's other records are
    read."""
    data = read_capped(path, MAX_BYTES)
    name = without_bidi(readable(path.name))  # a name shown turns no text around it backwards
    if sniff(data) == "pdf":
        return [_text_document(name, pdf_text(name, data))]
    source = decode_text(name, data)
    kind = sniff(source)
    if kind in ("pubmed_xml", "medline", "ris"):
        reader = {"pubmed_xml": read_pubmed_xml, "medline": read_medline, "ris": read_ris}[kind]
        kept: list[ReadError] = []
        docs = reader(name, source, kept if problems is not None else None)
        long = [d for d in docs if len(d.source) > MAX_DOCUMENT_CHARS]
        kept += [ReadError(name, _too_long(d.source, d.title)) for d in long]
        if kept and problems is None:
            raise kept[0]
        if problems is not None:
            problems.extend(kept)
        return [split_long_passages(d) for d in docs if len(d.source) <= MAX_DOCUMENT_CHARS]
    if kind == "html":
        source, titled = html_to_text(name, source)
        return [_text_document(name, source, titled)]
    return [_text_document(name, source)]


def _too_long(source: str, title: str = "") -> str:
    what = f"“{title}” is" if title else "the document is"
    return (
        f"{what} too long to read comfortably ({len(source):,} characters; "
        f"{MAX_DOCUMENT_CHARS:,} at most): import it in parts"
    )


def _text_document(name: str, source: str, titled: bool = True) -> Document:
    """A known kind of page if its content says so; otherwise a generic text document (whose
    first line is its title unless `titled` says it has none)."""
    if len(source) > MAX_DOCUMENT_CHARS:
        raise ReadError(name, _too_long(source))
    if detect_kind(source):
        return split_long_passages(read_text(name, source))
    return split_long_passages(read_generic(name, source, titled))
