"""A document in the store, with everything read from it (sections, passages and their tags,
citations, questions, references, statements): written whole in one transaction, relabelled,
removed."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import datetime, timezone

import sqlite_utils

from search_index.enrichment import passage_tags
from search_index.reading.model import PUBMED, Document, Passage
from search_index.store import statements
from search_index.store.transactions import Cancelled, insert_row, insert_rows, transaction


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


_PMID = re.compile(r"\bPMID:?\s*(\d{4,9})\b")


def pmid_of(doc: Document) -> str:
    """The PubMed id: in the id of a record read from an export, or on a saved PubMed page."""
    if doc.doc_id.startswith("pmid-"):
        return doc.doc_id[5:]
    m = _PMID.search(doc.source) if doc.kind == PUBMED else None
    return m.group(1) if m else ""


def add_document(
    db: sqlite_utils.Database,
    doc: Document,
    *,
    bundled: bool,
    origin: str = "",
    replace: bool = False,
    hidden: bool = False,
    audience: str = "",
    labelled: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Write one document and everything read from it in one transaction, which first deletes
    the document's older version when `replace`: a kill leaves the old version or the new one
    whole, never a part of either. `audience` (with `labelled`) is one the user chose instead
    of the kind's own. `cancelled` is asked every few hundred passages (raises Cancelled).
    A new version keeps the date its document was first added (the "latest added" lists)."""
    with transaction(db):
        row = _document_row(doc, bundled, origin, hidden, audience, labelled)
        if replace:
            for (added_at,) in db.execute("SELECT added_at FROM documents WHERE id = ?", [doc.doc_id]):
                row["added_at"] = added_at or row["added_at"]
            _delete_rows(db, doc.doc_id)
        insert_row(db, "documents", row)
        _add_sections(db, doc, cancelled)
        insert_rows(
            db,
            "reference_list",
            (
                {
                    "document_id": doc.doc_id,
                    "number": r.number,
                    "label": r.label,
                    "text": r.text,
                    "doi": r.doi,
                }
                for r in doc.references
            ),
        )
        statements.add_statements(db, doc, bundled, cancelled)


def _document_row(
    doc: Document, bundled: bool, origin: str, hidden: bool, audience: str, labelled: bool
) -> dict:
    return {
        "id": doc.doc_id,
        "file_name": doc.file_name,
        "kind": doc.kind,
        "audience": audience or doc.audience,
        "title": doc.title,
        "authors": doc.authors,
        "journal": doc.journal,
        "year": doc.year,
        "published": doc.published,
        "updated": doc.updated,
        "doi": doc.doi,
        "publication_types": json.dumps(doc.publication_types),
        "source": doc.source,
        "content_hash": content_hash(doc.source),
        "bundled": int(bundled),
        "added_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "pmid": pmid_of(doc),
        "hidden": int(hidden),
        "origin": origin,
        "status": json.dumps(doc.status),
        "publisher": doc.publisher,
        "labelled": int(labelled),
    }


def _add_sections(db: sqlite_utils.Database, doc: Document, cancelled: Callable[[], bool]) -> None:
    """The sections and their passages, in order; a "questions" section's passages are the
    document's questions too."""
    position = 0
    for s_pos, section in enumerate(doc.sections):
        section_id = insert_row(
            db,
            "sections",
            {
                "document_id": doc.doc_id,
                "position": s_pos,
                "heading": section.heading,
                "role": section.role,
            },
        )
        for p in section.passages:
            passage_id = _insert_passage(db, doc, section_id, position, p)
            if section.role == "questions":
                insert_row(
                    db,
                    "questions",
                    {
                        "document_id": doc.doc_id,
                        "passage_id": passage_id,
                        "position": position,
                        "text": p.text,
                    },
                )
            position += 1
            if position % 200 == 0 and cancelled():
                raise Cancelled


def _insert_passage(
    db: sqlite_utils.Database, doc: Document, section_id: int, position: int, p: Passage
) -> int:
    """One passage with its tags (the document's enrichment step: done here, once)."""
    passage_id = insert_row(
        db,
        "passages",
        {
            "document_id": doc.doc_id,
            "section_id": section_id,
            "position": position,
            "kind": p.kind,
            "level": p.level,
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "truncated": int(p.truncated),
            **passage_tags(doc.title, p.text),
        },
    )
    insert_rows(db, "citations", ({"passage_id": passage_id, "number": n} for n in p.citations))
    return passage_id


def remove_document(db: sqlite_utils.Database, doc_id: str) -> None:
    """Delete one document and everything read from it (in the caller's transaction, or its
    own)."""
    with transaction(db):
        _delete_rows(db, doc_id)


def _delete_rows(db: sqlite_utils.Database, doc_id: str) -> None:
    """Children first: the schema's foreign keys point at the document."""
    statements.delete_statements(db, doc_id)
    db.execute(
        "DELETE FROM citations WHERE passage_id IN (SELECT id FROM passages WHERE document_id = ?)",
        [doc_id],
    )
    for table in ("questions", "reference_list", "passages", "sections"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def relabel(db: sqlite_utils.Database, row: dict, kind: str, audience: str) -> None:
    """Set a stored document's kind and audience (the user's choice, kept when it is read
    again); its statements are extracted again, since a kind implies a strength of evidence."""
    with transaction(db):
        db.execute(
            "UPDATE documents SET kind = ?, audience = ?, labelled = 1 WHERE id = ?",
            [kind, audience, row["id"]],
        )
        statements.delete_statements(db, row["id"])
        statements.add_statements(
            db,
            Document(
                doc_id=row["id"],
                file_name=row["file_name"],
                kind=kind,
                title=row["title"],
                source=row["source"],
                publication_types=json.loads(row["publication_types"] or "[]"),
            ),
        )
