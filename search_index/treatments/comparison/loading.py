"""The statements a grid is made of, read from the store, with clinicians' reviews applied."""

from __future__ import annotations

import json

import sqlite_utils

from search_index.reading.provenance import short_title, source_name, status_of
from search_index.treatments import evidence_map, reviews
from search_index.treatments.comparison.statement_view import StatementView
from search_index.treatments.evidence_map import sentence_hash


def load_statements(db: sqlite_utils.Database, option_ids: list[str]) -> list[StatementView]:
    """The statements of these options, those any option could disagree on (they take a side on
    liver metastases, or their source weighs both), and those a clinician may have moved (a
    review names their sentence); clinicians' reviews applied."""
    rows = _statement_rows(db, option_ids)
    figures = _figures(db, [r["id"] for r in rows])
    return _reviewed([_view(r, figures.get(r["id"], [])) for r in rows], db)


def _statement_rows(db: sqlite_utils.Database, option_ids: list[str]) -> list[dict]:
    marks = ",".join("?" * len(option_ids))
    reviewed = (
        "OR st.sentence_hash IN (SELECT sentence_hash FROM statement_reviews)"
        if "statement_reviews" in db.table_names()
        else ""
    )
    # A source's own weighing of both sides goes with any disagreement it bears on.
    weighing = [f"{r['document']}:{r['start']}" for r in evidence_map.load_map() if r.get("reconciles")]
    weighs = (
        f"OR (st.review = 'reviewed' AND st.document_id || ':' || st.source_start IN "
        f"({','.join('?' * len(weighing))}))"
        if weighing
        else ""
    )
    return list(
        db.query(
            f"""
        SELECT st.*, d.file_name, d.title, d.kind, d.doi, d.pmid, d.published, d.updated,
               d.year, d.status AS doc_status, d.publisher, s.heading AS section, p.position
        FROM statements st JOIN documents d ON d.id = st.document_id
        JOIN passages p ON p.id = st.passage_id JOIN sections s ON s.id = p.section_id
        WHERE NOT d.hidden AND (st.option_id IN ({marks}) OR st.polarity != '' {reviewed}
                                {weighs})
        ORDER BY st.document_id, p.position, st.start""",
            [*option_ids, *weighing],
        )
    )


def _figures(db: sqlite_utils.Database, ids: list[int]) -> dict[int, list[dict]]:
    """Each statement's figures, in the order they stand in its sentence."""
    figures: dict[int, list[dict]] = {}
    for chunk in range(0, len(ids), 900):  # SQLite's limit on bound parameters
        part = ids[chunk : chunk + 900]
        for f in db.query(
            f"SELECT * FROM figures WHERE statement_id IN ({','.join('?' * len(part))}) ORDER BY start",
            part,
        ):
            figures.setdefault(f["statement_id"], []).append(
                {"kind": f["kind"], "text": f["text"], "start": f["start"], "end": f["end"]}
            )
    return figures


def _view(r: dict, figures: list[dict]) -> StatementView:
    """One statement row as the grid shows it, with what the evidence map says of its study."""
    meta = {**r, "id": r["document_id"], "status": r["doc_status"]}
    mapped = (
        evidence_map.record_at(
            r["document_id"], r["source_start"], r["source_end"], r["option_id"], r["row"]
        )
        if r["review"] == "reviewed"
        else None
    )
    return StatementView(
        id=r["id"],
        option_id=r["option_id"],
        row=r["row"],
        text=r["text"],
        figures=figures,
        design=r["design"],
        design_rank=r["design_rank"],
        size=r["size"],
        polarity=r["polarity"],
        document_id=r["document_id"],
        file_name=r["file_name"],
        title=r["title"],
        section=short_title(r["section"]),  # a heading, of any length too: named as a title is
        passage_id=r["passage_id"],
        start=r["start"],
        end=r["end"],
        source_start=r["source_start"],
        source_end=r["source_end"],
        cancers=[c for c in (r["cancers"] or "").split(",") if c],
        arms=json.loads(r["arms"] or "[]"),
        endpoint=r["endpoint"] or "",
        review=r["review"] or "automatic",
        lead_in=r["lead_in"] or "",
        cut_off=bool(r["cut_off"]),
        patient_note=r["patient_note"] or "",
        source_name=source_name(meta),
        source_status=status_of(meta),
        document_key=reviews.document_key(meta),
        sentence_hash=r["sentence_hash"] or sentence_hash(r["text"]),
        original_option=r["option_id"],
        study=(mapped or {}).get("study", ""),
        lm_setting=(mapped or {}).get("lm_setting", True),
        reconciles=(mapped or {}).get("reconciles", False),
        setting=(mapped or {}).get("setting", ""),
    )


def _reviewed(
    statements: list[StatementView],
    db: sqlite_utils.Database,
) -> list[StatementView]:
    """Clinicians' reviews applied: confirmed ones say so, moved ones move, rejected ones go."""
    done = reviews.load(db)
    out = []
    for s in statements:
        r = done.get((s.document_key, s.sentence_hash, s.option_id)) if s.unreviewed else None
        if r is None:
            out.append(s)
        elif r.decision != "reject":
            s.review = "confirmed" if r.decision == "confirm" else "moved"
            s.reviewed_by = r.signed
            s.option_id = r.new_option or s.option_id
            s.row = r.new_row or s.row
            out.append(s)
    return out
