"""The Whoosh index over passages, built from the store (the store is the source of truth).

Beside Whoosh's files the index folder holds `vocabulary.json` (words and titles, for spelling
suggestions and completions), written from the same rows in the same build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from whoosh import fields, index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.multiproc import MpWriter

from search_index.analysis import FastAnalyzer, FastFrequency, terms
from search_index.lexicon import cancer_types, tags_in, treatments
from search_index.reading.model import KIND_LABELS
from search_index.suggest import write_vocabulary

INDEX_DIR = "index"
INDEX_NAME = "passages"
SEARCHED_FIELDS = ("title", "section", "text")
FACETS = ("kind", "audience", "cancer", "treatment", "year")
PARALLEL_FROM = 2000  # passages: below this, a second writer process costs more than it saves


def _text_field() -> fields.TEXT:
    f = fields.TEXT(analyzer=FastAnalyzer(), stored=True)
    f.format = FastFrequency()
    return f


def schema() -> fields.Schema:
    return fields.Schema(
        passage_id=fields.STORED(),
        document_id=fields.ID(stored=True),
        title=_text_field(),
        section=_text_field(),
        text=_text_field(),
        kind=fields.ID(stored=True),
        audience=fields.ID(stored=True),
        year=fields.ID(stored=True),
        cancer=fields.KEYWORD(stored=True, commas=True),
        treatment=fields.KEYWORD(stored=True, commas=True),
        position=fields.STORED(),
        # The passage's terms in order (title, section, text), for feedback and nearness:
        # reading them back is far cheaper than analysing the text again.
        terms=fields.STORED(),
    )


def index_fields(row: dict) -> dict:
    """What the index holds for one passage row (id, document_id, title, section, text, kind,
    audience, year, position); cancer types and treatments are tagged from the text."""
    title, section, text = row.get("title") or "", row.get("section") or "", row["text"]
    tagged = f"{title}. {text}"
    analysed = {name: terms(value) for name, value in
                (("title", title), ("section", section), ("text", text))}
    return {
        "passage_id": row["id"], "document_id": str(row["document_id"]),
        **analysed,  # indexed from the terms, stored as written:
        "_stored_title": title, "_stored_section": section, "_stored_text": text,
        "terms": " ".join(analysed["title"] + analysed["section"] + analysed["text"]),
        "kind": row.get("kind") or "", "audience": row.get("audience") or "",
        "year": str(row["year"]) if row.get("year") else "",
        "cancer": ",".join(tags_in(tagged, cancer_types())),
        "treatment": ",".join(tags_in(row["text"], treatments())),
        "position": row.get("position") or 0,
    }


def build_index(rows: Iterable[dict], directory: Path, count: int | None = None,
                progress: Callable[[int], None] | None = None) -> int:
    """Create a fresh index in `directory` from passage rows; returns how many were indexed."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(directory), schema(), indexname=INDEX_NAME)
    parallel = count is not None and count >= PARALLEL_FROM
    options = _writer_options()
    writer = (MpWriter(ix, procs=2, multisegment=True, subargs=options, **options) if parallel
              else ix.writer(**options))
    texts: list[str] = []
    titles: set[str] = set()
    n = 0
    try:
        for row in rows:
            doc = index_fields(row)
            writer.add_document(**doc)
            texts.append(doc["_stored_text"])
            titles.add(doc["_stored_title"])
            n += 1
            if progress and n % 500 == 0:
                progress(n)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    write_vocabulary(directory, texts, titles)
    return n


def _writer_options() -> dict:
    # Larger, uncompressed posting blocks: a query reads whole postings lists into arrays,
    # and per-block unpickling and inflating is most of the cost of a first read.
    return {"limitmb": 256, "codec": W3Codec(blocklimit=1024, compression=0)}


class IndexUpdate:
    """Passages added to and documents taken out of an existing index, committed together.

    Whoosh writes a commit's segment files first and its table of contents last, by rename:
    a process killed mid-commit leaves the previous commit whole (and a few files that the next
    commit sweeps away)."""

    def __init__(self, directory: Path) -> None:
        self._writer = index.open_dir(str(directory), indexname=INDEX_NAME).writer(
            **_writer_options())
        self.added_texts: list[str] = []

    def remove(self, doc_id: str) -> None:
        self._writer.delete_by_term("document_id", doc_id)

    def add(self, rows: Iterable[dict]) -> None:
        for row in rows:
            doc = index_fields(row)
            self._writer.add_document(**doc)
            self.added_texts.append(doc["_stored_text"])

    def __enter__(self) -> IndexUpdate:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            self._writer.commit()
        else:
            self._writer.cancel()


def live_documents(directory: Path) -> Counter[str]:
    """How many passages of each document the index holds (deleted ones not counted)."""
    counts: Counter[str] = Counter()
    with open_index(directory).reader() as reader:
        for term in reader.lexicon("document_id"):
            n = sum(1 for _ in reader.postings("document_id", term).all_ids())
            if n:
                counts[term.decode("utf-8") if isinstance(term, bytes) else term] = n
    return counts


def open_index(directory: Path) -> index.Index:
    return index.open_dir(str(directory), indexname=INDEX_NAME, readonly=True)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


