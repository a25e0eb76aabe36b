"""Bibliographic exports: PubMed's MEDLINE ("PubMed format", .nbib/.txt), PubMed XML and RIS.
Many records a file; each becomes a Document whose text is written out plainly (title, authors,
journal, year, DOI, abstract) — the offsets of its passages point into that text."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from search_index.reading import ReadError
from search_index.reading.model import JOURNAL, PUBMED, Document, Passage, Reference, Section
from search_index.reading.provenance import without_bidi

_DOI = re.compile(r"\b(10\.\d{4,9}/\S+?)(?:\s*\[doi\])?\.?$")
# Only these end a line in an export: a U+2028 or form feed inside an abstract is not a new field.
_LINE_BREAK = re.compile(r"\r\n?")
# "TI  - text", "PMID- 123", "AB  -" (empty value); a tag is padded to four before its dash.
_MEDLINE_FIELD = re.compile(r"([A-Z][A-Z0-9]{1,3}) *-(?: (.*))?")


@dataclass
class Record:
    title: str = ""
    abstract: list[str] = field(default_factory=list)  # paragraphs (labelled parts kept apart)
    authors: list[str] = field(default_factory=list)
    journal: str = ""
    year: int | None = None
    doi: str = ""
    pmid: str = ""
    types: list[str] = field(default_factory=list)


def _clean(text: str) -> str:
    """One line, single spaces: the text a passage shows and the span it points at."""
    return " ".join(text.split())


def _document(file_name: str, record: Record, kind: str, n: int) -> Document:
    record.title = _clean(without_bidi(record.title))  # direction marks would turn text around it
    if not record.title:
        raise ReadError(file_name, f"record {n} has no title")
    paragraphs = [p for p in map(_clean, record.abstract) if p]
    lines = [record.title]
    if record.authors:
        lines.append(", ".join(record.authors[:6]) + (" et al." if len(record.authors) > 6 else ""))
    lines.append(" ".join(str(x) for x in (record.journal, record.year or "") if x))
    if record.doi:
        lines.append(f"doi: {record.doi}")
    header = "\n".join(line for line in lines if line) + "\n\n"
    passages, text = [], header
    for para in paragraphs:
        passages.append(Passage(para, len(text), len(text) + len(para)))
        text += para + "\n\n"
    sections = [Section("Abstract", passages, role="abstract")] if passages else []
    if not sections:
        sections = [Section("Title", [Passage(record.title, 0, len(record.title))])]
    pmid = record.pmid if re.fullmatch(r"[0-9]+", record.pmid) else ""  # ids are safe words
    key = pmid or record.doi or hashlib.sha1(record.title.encode()).hexdigest()[:12]
    doc_id = f"pmid-{pmid}" if pmid else "ref-" + re.sub(r"\W+", "-", key)[:40]
    return Document(
        doc_id=doc_id,
        file_name=file_name,
        kind=kind,
        title=record.title,
        source=text.rstrip() + "\n",
        sections=sections,
        authors=", ".join(record.authors[:3]) + (" et al." if len(record.authors) > 3 else ""),
        journal=record.journal,
        year=record.year,
        doi=record.doi,
        published=str(record.year or ""),
        publication_types=record.types,
        references=list[Reference](),
    )


def _values(fields: list[tuple[str, str]], tag: str) -> list[str]:
    return [v for t, v in fields if t == tag]


def _xml_text(element: ET.Element, path: str) -> str:
    found = element.find(path)
    return "".join(found.itertext()).strip() if found is not None else ""


def _year(text: str) -> int | None:
    m = re.search(r"\b(19|20)\d{2}\b", text)
    return int(m.group()) if m else None


# -- MEDLINE / "PubMed format" --------------------------------------------------------------


def read_medline(file_name: str, source: str, problems: list[ReadError] | None = None) -> list[Document]:
    """The records of a MEDLINE export; a broken record raises, or with `problems` is set
    aside there and the rest are read."""
    docs: list[Document] = []
    source = _LINE_BREAK.sub("\n", source)
    for n, block in enumerate(re.split(r"\n\s*\n(?=PMID- )", source.strip()), start=1):
        _collect(docs, problems, partial(_medline_record, file_name, block, n))
    if not docs and problems:
        raise problems.pop(0)
    return docs


def _medline_record(file_name: str, block: str, n: int) -> Document:
    fields: list[tuple[str, str]] = []
    for line in block.split("\n"):
        if m := _MEDLINE_FIELD.fullmatch(line.rstrip()):
            fields.append((m.group(1), (m.group(2) or "").strip()))
        elif line.startswith("      ") and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
        elif line.strip():
            raise ReadError(file_name, f"record {n} is not valid MEDLINE: {line[:40]!r}")

    def get(tag: str) -> list[str]:
        return _values(fields, tag)

    pmid = next((v for v in get("PMID") if v), "")
    if not pmid:
        raise ReadError(file_name, f"record {n} has no PMID")
    doi = next(
        (m.group(1) for v in get("LID") + get("AID") if "[doi]" in v for m in [_DOI.search(v)] if m), ""
    )
    return _document(
        file_name,
        Record(
            title=" ".join(get("TI")),
            abstract=get("AB"),
            authors=get("AU") or get("FAU"),
            journal=(get("TA") or get("JT") or [""])[0],
            year=_year(" ".join(get("DP"))),
            doi=doi,
            pmid=pmid,
            types=get("PT"),
        ),
        PUBMED,
        n,
    )


def _collect(
    docs: list[Document], problems: list[ReadError] | None, make: Callable[[], Document]
) -> None:
    """One record into `docs`; a broken one raises, or is set aside in `problems`."""
    try:
        docs.append(make())
    except ReadError as exc:
        if problems is None:
            raise
        problems.append(exc)


# -- PubMed XML -------------------------------------------------------------------------------


def read_pubmed_xml(
    file_name: str, source: str, problems: list[ReadError] | None = None
) -> list[Document]:
    try:
        root = ET.fromstring(source)
    except ET.ParseError as exc:
        raise ReadError(file_name, f"the XML is malformed ({exc})") from None
    articles = root.iter("PubmedArticle")
    docs: list[Document] = []
    for n, art in enumerate(articles, start=1):

        def text(path: str, art: ET.Element = art) -> str:
            return _xml_text(art, path)

        abstract = []
        for part in art.iterfind(".//Abstract/AbstractText"):
            body = "".join(part.itertext()).strip()
            label = part.get("Label")
            if body:  # an empty labelled part ("RESULTS:" and nothing) says nothing
                abstract.append(f"{label.capitalize()}: {body}" if label else body)
        authors = [
            f"{a.findtext('LastName', '')} {a.findtext('Initials', '')}".strip()
            for a in art.iterfind(".//AuthorList/Author")
        ]
        # The article's own ids; the reference list holds the DOIs of the papers it cites.
        ids = [
            *art.iterfind("PubmedData/ArticleIdList/ArticleId[@IdType='doi']"),
            *art.iterfind(".//Article/ELocationID[@EIdType='doi']"),
        ]
        doi = next((i.text.strip() for i in ids if i.text and i.text.strip()), "")
        record = Record(
            title=text(".//ArticleTitle"),
            abstract=abstract,
            authors=[a for a in authors if a],
            journal=text(".//Journal/ISOAbbreviation") or text(".//Journal/Title"),
            # <Year>2025</Year><Month>Feb</Month> runs together as "2025Feb": the year first.
            year=_year(text(".//JournalIssue/PubDate/Year") or text(".//JournalIssue/PubDate")),
            doi=doi,
            pmid=text(".//MedlineCitation/PMID"),
            types=[t.text or "" for t in art.iterfind(".//PublicationType")],
        )
        _collect(docs, problems, partial(_document, file_name, record, PUBMED, n))
    if not docs and problems:
        raise problems.pop(0)
    if not docs:
        raise ReadError(file_name, "no PubmedArticle records in the XML")
    return docs


# -- RIS --------------------------------------------------------------------------------------


def _ris_document(file_name: str, fields: list[tuple[str, str]], n: int) -> Document:
    def get(tag: str) -> list[str]:
        return _values(fields, tag)

    return _document(
        file_name,
        Record(
            title=(get("TI") or get("T1") or [""])[0],
            abstract=get("AB") or get("N2"),
            authors=get("AU") or get("A1"),
            journal=(get("JO") or get("JF") or get("T2") or [""])[0],
            year=_year(" ".join(get("PY") or get("Y1"))),
            doi=(get("DO") or [""])[0],
        ),
        JOURNAL,
        n,
    )


def read_ris(file_name: str, source: str, problems: list[ReadError] | None = None) -> list[Document]:
    docs: list[Document] = []
    fields: list[tuple[str, str]] = []
    n = 0
    for line in _LINE_BREAK.sub("\n", source).split("\n"):
        m = re.match(r"^([A-Z][A-Z0-9])  - ?(.*)$", line)
        if not m:
            if line.strip() and fields:
                tag, value = fields[-1]
                fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "TY":
            fields = []
        elif tag == "ER":
            n += 1
            _collect(docs, problems, partial(_ris_document, file_name, fields, n))
            fields = []
            continue
        fields.append((tag, value))
    if not docs and not problems:
        raise ReadError(file_name, "no complete RIS record (TY … ER)")
    if fields:  # a record with no ER line: the file was cut off; say so rather than drop it
        cut = ReadError(file_name, f"record {n + 1} is incomplete (it has no 'ER' line)")
        if problems is None:
            raise cut
        problems.append(cut)
    if not docs and problems:  # (no record and no problem was said above)
        raise problems.pop(0)
    return docs
