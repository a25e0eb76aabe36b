"""The comparison grid: options as columns, the questions people ask as rows, each cell the
statements of the documents, with figures, evidence, and where each came from."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import cache

import sqlite_utils

from search_index.lexicon import data_rows, treatment_data
from search_index.treatments.extraction import PATIENT_ROWS, ROW_TITLES, ROWS

NOTHING = "The collection says nothing on this."


@dataclass
class StatementView:
    id: int
    option_id: str
    row: str
    text: str
    figures: list[dict]
    design: str
    design_rank: int
    size: str
    polarity: str
    document_id: str
    file_name: str
    title: str
    section: str
    passage_id: int
    start: int
    end: int
    source_start: int
    source_end: int
    cancers: list[str] = field(default_factory=list)  # cancer types the statement is about


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

    def row_title(self, row: str) -> str:
        return ROW_TITLES[row]

    def to_json(self) -> dict:
        return {"audience": self.audience, "cancer": self.cancer, "rows": self.rows, "options": [
            {"id": c.option["id"], "name": c.option["name"], "plain_name": c.option["plain"],
             "rows": {row: [_statement_json(s) for s in c.cells[row].statements]
                      for row in self.rows},
             "notes": {row: {"text": c.cells[row].note,
                             "sources": [_statement_json(s) for s in c.cells[row].note_sources]}
                       for row in self.rows if c.cells[row].note},
             "strongest_evidence": _statement_json(c.strongest) if c.strongest else None}
            for c in self.columns]}


def _statement_json(s: StatementView) -> dict:
    d = asdict(s)
    d["file"] = d.pop("file_name")
    return d


def option_list(db: sqlite_utils.Database | None = None) -> list[dict]:
    """The lexicon's options (only those the collection speaks of, when a store is given)."""
    options = treatment_data()["options"]
    if db is not None:
        present = {r["option_id"] for r in db.query(
            "SELECT DISTINCT option_id FROM statements st JOIN documents d "
            "ON d.id = st.document_id WHERE NOT d.hidden")}
        options = [o for o in options if o["id"] in present]
    return options


def _load(db: sqlite_utils.Database, option_ids: list[str]) -> list[StatementView]:
    marks = ",".join("?" * len(option_ids))
    rows = list(db.query(f"""
        SELECT st.*, d.file_name, d.title, s.heading AS section, p.position
        FROM statements st JOIN documents d ON d.id = st.document_id
        JOIN passages p ON p.id = st.passage_id JOIN sections s ON s.id = p.section_id
        WHERE st.option_id IN ({marks}) AND NOT d.hidden
        ORDER BY st.document_id, p.position, st.start""",
                         option_ids))
    figures: dict[int, list[dict]] = {}
    if rows:  # joined, not listed: a library may hold more statements than SQL has variables
        for f in db.query(f"""
                SELECT f.* FROM figures f JOIN statements st ON st.id = f.statement_id
                JOIN documents d ON d.id = st.document_id
                WHERE st.option_id IN ({marks}) AND NOT d.hidden ORDER BY f.start""",
                          option_ids):
            figures.setdefault(f["statement_id"], []).append(
                {"kind": f["kind"], "text": f["text"], "start": f["start"], "end": f["end"]})
    return [StatementView(
        id=r["id"], option_id=r["option_id"], row=r["row"], text=r["text"],
        figures=figures.get(r["id"], []), design=r["design"], design_rank=r["design_rank"],
        size=r["size"], polarity=r["polarity"], document_id=r["document_id"],
        file_name=r["file_name"], title=r["title"], section=r["section"],
        passage_id=r["passage_id"], start=r["start"], end=r["end"],
        source_start=r["source_start"], source_end=r["source_end"],
        cancers=[c for c in (r["cancers"] or "").split(",") if c]) for r in rows]


def build_grid(db: sqlite_utils.Database, option_ids: list[str], cancer: str | None = None,
               audience: str = "clinician") -> Grid:
    """The grid for 2 to 4 options (any number works), narrowed to a cancer type if given."""
    by_id = {o["id"]: o for o in treatment_data()["options"]}
    unknown = [i for i in option_ids if i not in by_id]
    if unknown:
        raise KeyError(f"unknown option(s): {', '.join(unknown)}")
    # Statements about that cancer, or about no cancer in particular (not about another).
    statements = [s for s in _load(db, option_ids)
                  if not cancer or not s.cancers or cancer in s.cancers]
    rows = PATIENT_ROWS if audience == "patient" else ROWS
    columns = []
    for option_id in option_ids:
        mine = [s for s in statements if s.option_id == option_id]
        cells = {row: Cell(sorted((s for s in mine if s.row == row), key=_order)) for row in rows}
        _note_disagreement(mine, cells, "benefit" if "benefit" in cells else rows[0])
        strongest = max(mine, key=lambda s: (s.design_rank, bool(s.size), -s.id), default=None)
        columns.append(Column(by_id[option_id], cells, strongest))
    return Grid(columns, rows, audience, cancer)


def _order(s: StatementView) -> tuple:
    """Strongest evidence first, then statements with figures, then document order."""
    return (-s.design_rank, not s.figures, s.document_id, s.passage_id, s.start)


def _note_disagreement(statements: list[StatementView], cells: dict[str, Cell], row: str) -> None:
    kept = [s for s in statements if s.polarity == "kept"]
    reduced = [s for s in statements if s.polarity == "reduced"]
    if kept and reduced:
        def statements(n: int) -> str:
            return "1 statement says" if n == 1 else f"{n} statements say"
        cells[row].note = ("The sources disagree on whether liver metastases reduce the benefit: "
                           f"{statements(len(kept))} the benefit holds, "
                           f"{statements(len(reduced))} it is reduced.")
        cells[row].note_sources = kept[:2] + reduced[:2]


@cache
def glossary() -> dict[str, str]:
    return {term: definition for term, definition in data_rows("glossary.tsv")}


def word_forms(term: str) -> str:
    """A pattern for a term in its singular and plural (metastasis/metastases,
    therapy/therapies, trial/trials), whole words only."""
    head, last = term.lower().rsplit(" ", 1) if " " in term else ("", term.lower())
    if last.endswith(("sis", "ses")):
        forms = [last[:-2] + "is", last[:-2] + "es"]
    elif last.endswith("ies") or (last.endswith("y") and last[-2:-1] not in "aeiou"):
        stem = last[:-3] if last.endswith("ies") else last[:-1]
        forms = [stem + "y", stem + "ies"]
    elif last.endswith("s") and not last.endswith("ss"):
        forms = [last, last[:-1]]
    else:
        forms = [last, last + "s"]
    prefix = re.escape(head + " ") if head else ""
    return rf"\b{prefix}(?:{'|'.join(re.escape(f) for f in forms)})\b"


def glossary_for(texts: list[str], explained: list[str] = ()) -> list[tuple[str, str]]:
    """The glossary's terms that occur in the texts (singular or plural), in alphabetical order.

    Where terms overlap the longest wins ("liver metastases" is not also "metastases"); words
    inside an `explained` phrase (a treatment the page already describes) are not defined again;
    terms with the same definition are one entry ("recurrence, relapse")."""
    joined = " ".join(texts).lower()
    candidates = [(m.start(), m.end(), term) for term in [*explained, *glossary()]
                  for m in re.finditer(word_forms(term), joined)]
    taken: list[tuple[int, int]] = []
    found: set[str] = set()
    for start, end, term in sorted(candidates, key=lambda c: c[0] - c[1]):  # longest first
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            found.add(term)
    by_definition: dict[str, list[str]] = {}
    for term, definition in glossary().items():
        if term in found:
            by_definition.setdefault(definition, []).append(term)
    return sorted((", ".join(terms), d) for d, terms in by_definition.items())


@cache
def abbreviations() -> dict[str, str]:
    return {abbr: full.split("|")[0] for abbr, full in data_rows("lexicon/abbreviations.tsv")}


def spell_out(text: str, seen: set[str]) -> list[tuple[str, str]]:
    """Pieces of `text`, with each abbreviation's meaning added after its first use in a grid:
    [(piece, kind)] where kind is "text" or "added" (shown differently: not the source's)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in re.finditer(r"\b[A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*s?\b", text):
        word = m.group()
        full = abbreviations().get(word) or abbreviations().get(word.rstrip("s"))
        if full and word not in seen:
            seen.add(word)
            out += [(text[pos:m.end()], "text"), (f" [{full}]", "added")]
            pos = m.end()
    out.append((text[pos:], "text"))
    return [(p, k) for p, k in out if p]
