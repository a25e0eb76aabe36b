"""The SQLite store (through sqlite-utils): documents, sections, passages, citations, references,
questions, treatment statements; written in explicit transactions. Its schema: schema.py.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TypeVar

import sqlite_utils

from search_index.lexicon import cancer_types, tags_in
from search_index.reading.citations import split_citations
from search_index.reading.model import PUBMED, Document, Passage
from search_index.treatments import evidence_map
from search_index.treatments.extraction import PassageText, document_design, extract


def content_hash(source: str) -> str:
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


_PMID = re.compile(r"\bPMID:?\s*(\d{4,9})\b")


def pmid_of(doc: Document) -> str:
    """The PubMed id: in the id of a record read from an export, or on a saved PubMed page."""
    if doc.doc_id.startswith("pmid-"):
        return doc.doc_id[5:]
    m = _PMID.search(doc.source) if doc.kind == PUBMED else None
    return m.group(1) if m else ""


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit write transaction (BEGIN IMMEDIATE … COMMIT, rolled back on any error), or
    part of the caller's when one is open. Writes inside use plain SQL (`insert_row`):
    sqlite-utils' insert helpers commit on their own, which would split the transaction."""
    conn = db.conn
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def insert_row(db: sqlite_utils.Database, table: str, row: dict) -> int:
    columns = ", ".join(f"[{c}]" for c in row)
    cursor = db.conn.execute(
        f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})", list(row.values())
    )
    assert cursor.lastrowid is not None  # an INSERT always sets it
    return cursor.lastrowid


def insert_rows(db: sqlite_utils.Database, table: str, rows: Iterable[dict]) -> None:
    for row in rows:
        insert_row(db, table, row)


class Cancelled(Exception):
    """The user stopped a write; its transaction is rolled back."""


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
    of the kind's own. `cancelled` is asked every few hundred passages (raises Cancelled)."""
    with transaction(db):
        if replace:
            _delete_rows(db, doc.doc_id)
        insert_row(
            db,
            "documents",
            {
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
            },
        )
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
                passage_id = _insert_passage(db, doc.doc_id, section_id, position, p)
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
        add_statements(db, doc, bundled, cancelled)


T = TypeVar("T")


def asking(items: Iterable[T], cancelled: Callable[[], bool], every: int = 200) -> Iterator[T]:
    """The items, asking every so often whether the user has cancelled (raises Cancelled)."""
    for n, item in enumerate(items, 1):
        if n % every == 0 and cancelled():
            raise Cancelled
        yield item


def add_statements(
    db: sqlite_utils.Database,
    doc: Document,
    bundled: bool = False,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """The document's treatment statements (inside the caller's transaction): a bundled
    document's from the reviewed evidence map, any other's extracted automatically."""
    if bundled and evidence_map.covers(doc.doc_id):
        _add_mapped_statements(db, doc)
        return
    rows = list(
        db.query(
            "SELECT p.id, p.text, p.kind, p.level, p.start, p.end, p.truncated, s.heading "
            "FROM passages p "
            "JOIN sections s ON s.id = p.section_id WHERE p.document_id = ? AND "
            "s.role NOT IN ('disclaimer', 'questions', 'conflicts', 'aim') ORDER BY p.position",
            [doc.doc_id],
        )
    )
    passages = [
        PassageText(r["id"], r["text"], r["heading"], r["level"], r["kind"], bool(r["truncated"]))
        for r in rows
    ]
    spans = {r["id"]: (r["start"], r["end"]) for r in rows}
    design = document_design(passages, doc.kind, doc.publication_types)
    for st in extract(asking(passages, cancelled, 100), doc.kind, design, doc.title):  # type: ignore[arg-type]
        line_start, line_end = spans[st.passage_id]
        src_start, src_end = locate(doc.source, st.text, line_start, line_end)
        statement_id = insert_row(
            db,
            "statements",
            {
                "document_id": doc.doc_id,
                "passage_id": st.passage_id,
                "option_id": st.option_id,
                "row": st.row,
                "text": st.text,
                "start": st.start,
                "end": st.end,
                "source_start": src_start,
                "source_end": src_end,
                "design": st.design,
                "design_rank": st.design_rank,
                "size": st.size,
                "polarity": st.polarity,
                "cancers": ",".join(tags_in(f"{doc.title}. {st.text}", cancer_types())),
                "arms": json.dumps(st.arms),
                "endpoint": "",
                "review": "automatic",
                "lead_in": st.lead_in,
                "cut_off": int(st.cut_off),
                "patient_note": "",
                "sentence_hash": evidence_map.sentence_hash(st.text),
            },
        )
        insert_rows(db, "figures", ({"statement_id": statement_id, **f.as_dict()} for f in st.figures))


def _add_mapped_statements(db: sqlite_utils.Database, doc: Document) -> None:
    """The map's records for a bundled document, each placed in the passage that holds it."""
    passages = list(
        db.query(
            "SELECT id, text, start, end FROM passages WHERE document_id = ? ORDER BY position",
            [doc.doc_id],
        )
    )
    for r in evidence_map.records_for(doc.doc_id):
        if doc.source[r["start"] : r["end"]] != r["sentence"]:
            raise evidence_map.EvidenceMapError(
                f"{doc.file_name}: the evidence map's sentence at {r['start']}-{r['end']} is not "
                f"the source's ({r['sentence'][:60]!r})"
            )
        p = next((p for p in passages if p["start"] <= r["start"] < p["end"] + 1), None)
        if p is None:
            raise evidence_map.EvidenceMapError(
                f"{doc.file_name}: the evidence map's sentence at {r['start']} is in no passage "
                "(page chrome or a heading?)"
            )
        start, end = _in_passage(p["text"], r["sentence"])
        text = p["text"][start:end]
        lead_in = ""
        for s, e in (r.get("joined") or [])[:-1]:
            lead_in += split_citations(doc.source[s:e].replace("\u00a0", " ").strip(" •\t"))[0]
        design, rank = evidence_map.design_of(r)
        figures = evidence_map.figures_of(r, text)
        statement_id = insert_row(
            db,
            "statements",
            {
                "document_id": doc.doc_id,
                "passage_id": p["id"],
                "option_id": r["option"],
                "row": r["row"],
                "text": text,
                "start": start,
                "end": end,
                "source_start": r["start"],
                "source_end": r["end"],
                "design": design,
                "design_rank": rank,
                "size": r.get("size", ""),
                "polarity": r.get("lm_effect", ""),
                "cancers": ",".join(r.get("cancers", [])),
                "arms": json.dumps(r.get("arms", [])),
                "endpoint": r.get("endpoint", ""),
                "review": "reviewed",
                "lead_in": lead_in,
                "cut_off": int(bool(r.get("cut_off"))),
                "patient_note": r.get("patient_note", ""),
                "sentence_hash": evidence_map.sentence_hash(text),
            },
        )
        insert_rows(db, "figures", ({"statement_id": statement_id, **f.as_dict()} for f in figures))


def _in_passage(passage: str, sentence: str) -> tuple[int, int]:
    """Where a source sentence stands in its passage's text (which has lost its citation
    markers and outer spaces): the sentence as the passage has it."""
    plain = sentence.replace("\u00a0", " ").strip(" •\t")
    for candidate in (plain, split_citations(plain)[0], plain.rstrip(" .0123456789,")):
        at = passage.find(candidate)
        if candidate and at >= 0:
            return at, at + len(candidate)
    head = passage.find(plain[:30])
    tail = passage.find(plain[-15:], max(head, 0))
    if head < 0:
        raise evidence_map.EvidenceMapError(f"sentence not found in its passage: {plain[:60]!r}")
    return head, (tail + 15) if tail >= 0 else min(len(passage), head + len(plain))


def relabel(db: sqlite_utils.Database, row: dict, kind: str, audience: str) -> None:
    """Set a stored document's kind and audience (the user's choice, kept when it is read
    again); its statements are extracted again, since a kind implies a strength of evidence."""
    with transaction(db):
        db.execute(
            "UPDATE documents SET kind = ?, audience = ?, labelled = 1 WHERE id = ?",
            [kind, audience, row["id"]],
        )
        _delete_statements(db, row["id"])
        add_statements(
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


def locate(source: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where a sentence stands in the source (its line may also hold citation markers)."""
    head = source.find(sentence[:40], start, end + 1)
    if head < 0:
        return start, end
    tail = source.find(sentence[-20:], head, end + 1)
    return head, (tail + len(sentence[-20:])) if tail >= 0 else min(end, head + len(sentence))


def _insert_passage(
    db: sqlite_utils.Database, doc_id: str, section_id: int, position: int, p: Passage
) -> int:
    passage_id = insert_row(
        db,
        "passages",
        {
            "document_id": doc_id,
            "section_id": section_id,
            "position": position,
            "kind": p.kind,
            "level": p.level,
            "text": p.text,
            "start": p.start,
            "end": p.end,
            "truncated": int(p.truncated),
        },
    )
    insert_rows(db, "citations", ({"passage_id": passage_id, "number": n} for n in p.citations))
    return passage_id


def set_meta(db: sqlite_utils.Database, items: dict[str, str]) -> None:
    with transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", list(items.items())
        )


def get_meta(db: sqlite_utils.Database, key: str) -> str | None:
    row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def passages_for_index(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None):
    """Rows joined with what the index stores beside each passage (hidden documents' left out:
    the index holds what can be found)."""
    sql = """
        SELECT p.id, p.document_id, p.position, p.text, s.heading AS section, d.title, d.kind,
               d.audience, d.year
        FROM passages p JOIN sections s ON s.id = p.section_id
        JOIN documents d ON d.id = p.document_id WHERE NOT d.hidden
    """
    if doc_ids is None:
        yield from db.query(sql + " ORDER BY p.document_id, p.position")
        return
    for ids in chunks(doc_ids):
        yield from db.query(
            sql + f" AND p.document_id IN ({','.join('?' * len(ids))}) "
            "ORDER BY p.document_id, p.position",
            ids,
        )


CHUNK = 500  # ids per query: SQLite limits the variables of one statement


def chunks(items: Iterable[str], size: int = CHUNK) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def remove_document(db: sqlite_utils.Database, doc_id: str) -> None:
    """Delete one document and everything read from it (in the caller's transaction, or its
    own)."""
    with transaction(db):
        _delete_rows(db, doc_id)


def queue_for_index(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
    """Note, inside the transaction that changes them, documents whose index entries are now
    out of date; the words for suggestions are then to be counted again too."""
    with transaction(db):
        db.conn.executemany(
            "INSERT OR IGNORE INTO index_pending (document_id) VALUES (?)", [(d,) for d in doc_ids]
        )
        db.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('vocabulary_stale', '1')")


def pending_for_index(db: sqlite_utils.Database) -> set[str]:
    return {r[0] for r in db.execute("SELECT document_id FROM index_pending")}


def indexed(db: sqlite_utils.Database, doc_ids: Iterable[str]) -> None:
    """The index has committed these documents' entries."""
    with transaction(db):
        db.conn.executemany("DELETE FROM index_pending WHERE document_id = ?", [(d,) for d in doc_ids])


def _delete_rows(db: sqlite_utils.Database, doc_id: str) -> None:
    """Children first: the schema's foreign keys point at the document."""
    _delete_statements(db, doc_id)
    db.execute(
        "DELETE FROM citations WHERE passage_id IN (SELECT id FROM passages WHERE document_id = ?)",
        [doc_id],
    )
    for table in ("questions", "reference_list", "passages", "sections"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def _delete_statements(db: sqlite_utils.Database, doc_id: str) -> None:
    db.execute(
        "DELETE FROM figures WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?)",
        [doc_id],
    )
    db.execute("DELETE FROM statements WHERE document_id = ?", [doc_id])
