"""The Whoosh index over passages, built from the store (the store is the source of truth)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import sqlite_utils
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer

from search_index.reading.model import KIND_LABELS
from search_index.store import passages_for_index

INDEX_DIR = "index"
INDEX_NAME = "passages"

# One analyzer for indexing, querying and highlighting, so a highlighted word is a matched word.
# Figures stay whole ("25,915", "10.8"); hyphenated words split ("progression-free").
TOKENS = r"\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*"
ANALYZER = StemmingAnalyzer(expression=TOKENS, minsize=1)


def schema() -> fields.Schema:
    return fields.Schema(
        passage_id=fields.NUMERIC(stored=True, unique=True, signed=False, bits=64),
        document_id=fields.ID(stored=True),
        title=fields.TEXT(analyzer=ANALYZER, stored=True, field_boost=2.0),
        section=fields.TEXT(analyzer=ANALYZER, stored=True, field_boost=1.5),
        text=fields.TEXT(analyzer=ANALYZER, stored=True),
        kind=fields.ID(stored=True),
        audience=fields.ID(stored=True),
        year=fields.NUMERIC(stored=True),
        position=fields.NUMERIC(stored=True),
    )


def index_fields(row: dict) -> dict:
    return {
        "passage_id": row["id"], "document_id": row["document_id"], "title": row["title"],
        "section": row["section"], "text": row["text"], "kind": row["kind"],
        "audience": row["audience"], "year": row["year"], "position": row["position"],
    }


def build_index(db: sqlite_utils.Database, directory: Path,
                progress: Callable[[int], None] | None = None) -> int:
    """Create a fresh index in `directory` from every passage of the store."""
    directory.mkdir(parents=True, exist_ok=True)
    ix = index.create_in(str(directory), schema(), indexname=INDEX_NAME)
    return _write(ix, passages_for_index(db), progress)


def _write(ix: index.Index, rows: Iterable[dict], progress: Callable[[int], None] | None) -> int:
    writer = ix.writer(limitmb=128)
    count = 0
    try:
        for row in rows:
            writer.add_document(**index_fields(row))
            count += 1
            if progress and count % 200 == 0:
                progress(count)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


def open_index(directory: Path) -> index.Index:
    return index.open_dir(str(directory), indexname=INDEX_NAME, readonly=True)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
