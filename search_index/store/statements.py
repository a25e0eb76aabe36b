"""A document's treatment statements in the store: from the reviewed evidence map for a bundled
document, extracted automatically for any other; each placed in its passage and its source."""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

from search_index.lexicon import cancer_types, tags_in
from search_index.reading.citations import split_citations
from search_index.reading.model import Document
from search_index.store.transactions import asking, insert_row, insert_rows
from search_index.treatments import evidence_map
from search_index.treatments.extraction import PassageText, document_design, extract
from search_index.treatments.figures import Figure


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
        _insert_statement(
            db,
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
            st.figures,
        )


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
        _insert_statement(
            db,
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
            figures,
        )


def _insert_statement(db: sqlite_utils.Database, row: dict, figures: list[Figure]) -> None:
    statement_id = insert_row(db, "statements", row)
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


def locate(source: str, sentence: str, start: int, end: int) -> tuple[int, int]:
    """Where a sentence stands in the source (its line may also hold citation markers)."""
    head = source.find(sentence[:40], start, end + 1)
    if head < 0:
        return start, end
    tail = source.find(sentence[-20:], head, end + 1)
    return head, (tail + len(sentence[-20:])) if tail >= 0 else min(end, head + len(sentence))


def delete_statements(db: sqlite_utils.Database, doc_id: str) -> None:
    db.execute(
        "DELETE FROM figures WHERE statement_id IN (SELECT id FROM statements WHERE document_id = ?)",
        [doc_id],
    )
    db.execute("DELETE FROM statements WHERE document_id = ?", [doc_id])
