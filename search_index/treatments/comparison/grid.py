"""The comparison grid: options as columns, the questions people ask as rows, each cell the
statements of the documents, with figures, evidence, and where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

from search_index.lexicon import treatment_data
from search_index.reading.provenance import pending_review
from search_index.treatments.comparison.disagreements import Disagreement, find_disagreements
from search_index.treatments.comparison.loading import load_statements
from search_index.treatments.comparison.statement_view import (
    StatementView,
    statement_json,
    strength_key,
)
from search_index.treatments.extraction import PATIENT_ROW_TITLES, PATIENT_ROWS, ROW_TITLES, ROWS

NOTHING = "The collection says nothing on this."


@dataclass
class Cell:
    statements: list[StatementView] = field(default_factory=list)
    note: str = ""  # e.g. where the documents disagree
    note_sources: list[StatementView] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.statements


@dataclass
class Column:
    option: dict
    cells: dict[str, Cell]
    strongest: StatementView | None  # the statement behind the strongest design


@dataclass
class Grid:
    columns: list[Column]
    rows: list[str]
    audience: str
    cancer: str | None
    disagreements: list[Disagreement] = field(default_factory=list)
    hidden_unreviewed: int = 0  # automatic statements not shown (patient view)

    def row_title(self, row: str) -> str:
        return (PATIENT_ROW_TITLES if self.audience == "patient" else ROW_TITLES)[row]

    def to_json(self) -> dict:
        return {
            "audience": self.audience,
            "cancer": self.cancer,
            "rows": self.rows,
            "row_titles": {row: self.row_title(row) for row in self.rows},
            "disagreements": [d.to_json() for d in self.disagreements],
            "hidden_unreviewed": self.hidden_unreviewed,
            "options": [
                {
                    "id": c.option["id"],
                    "name": c.option["name"],
                    "plain_name": c.option["plain"],
                    "rows": {
                        row: [statement_json(s) for s in c.cells[row].statements] for row in self.rows
                    },
                    "notes": {
                        row: {
                            "text": c.cells[row].note,
                            "sources": [statement_json(s) for s in c.cells[row].note_sources],
                        }
                        for row in self.rows
                        if c.cells[row].note
                    },
                    "strongest_evidence": statement_json(c.strongest) if c.strongest else None,
                }
                for c in self.columns
            ],
        }


def option_list(db: sqlite_utils.Database | None = None) -> list[dict]:
    """The lexicon's options (only those the collection speaks of, when a store is given)."""
    options = treatment_data()["options"]
    if db is not None:
        present = {
            r["option_id"]
            for r in db.query(
                "SELECT DISTINCT option_id FROM statements st JOIN documents d "
                "ON d.id = st.document_id WHERE NOT d.hidden"
            )
        }
        options = [o for o in options if o["id"] in present]
    return options


def option_label(option: dict, audience: str) -> str:
    """An option as the audience names it (patients: plain words, no abbreviations)."""
    return option["plain"] if audience == "patient" else option["name"]


def build_grid(
    db: sqlite_utils.Database,
    option_ids: list[str],
    cancer: str | None = None,
    audience: str = "clinician",
) -> Grid:
    """The grid for 2 to 4 options (any number works), narrowed to a cancer type if given.

    The patient view (and the kiosk) leaves out automatic statements no clinician has reviewed
    and says how many: one in four automatic placements was wrong when it was measured, and a
    patient cannot judge which."""
    by_id = {o["id"]: o for o in treatment_data()["options"]}
    unknown = [i for i in option_ids if i not in by_id]
    if unknown:
        raise KeyError(f"unknown option(s): {', '.join(unknown)}")
    # Statements about that cancer, or about no cancer in particular (not about another).
    everything = [
        s for s in load_statements(db, option_ids) if not cancer or not s.cancers or cancer in s.cancers
    ]
    hidden = 0
    if audience == "patient":
        hidden = sum(s.unreviewed for s in everything if s.option_id in option_ids)
        everything = [s for s in everything if not s.unreviewed]
    disagreements = find_disagreements(everything)
    rows = PATIENT_ROWS if audience == "patient" else ROWS
    columns = []
    for option_id in option_ids:
        mine = [s for s in everything if s.option_id == option_id]
        cells = {row: Cell(sorted((s for s in mine if s.row == row), key=_order)) for row in rows}
        for d in disagreements:
            if by_id[option_id].get("class") == d.option_class:
                cells["benefit"].note = d.plain_text if audience == "patient" else d.text
                cells["benefit"].note_sources = d.note_sources()
        # The option's strongest evidence: from what it achieved (its benefit row) in patients
        # with liver metastases; never a caveat about other drugs or a finding in another
        # setting. A page pending review, or a sentence naming no design, is never it.
        ranked = [
            s
            for s in mine
            if s.row == "benefit"
            and s.lm_setting
            and s.design_rank > 0
            and not pending_review(s.source_status)
        ]
        strongest = min(ranked, key=strength_key, default=None)
        columns.append(Column(by_id[option_id], cells, strongest))
    return Grid(columns, rows, audience, cancer, disagreements, hidden)


def _order(s: StatementView) -> tuple:
    """Strongest evidence first, then statements with figures, then document order."""
    return (-s.design_rank, not s.figures, s.document_id, s.passage_id, s.start)
