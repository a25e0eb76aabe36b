"""The comparison grid: options as columns, the questions people ask as rows, each cell the
statements of the documents, with figures, evidence, and where each came from."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import cache

import sqlite_utils

from search_index.lexicon import data_rows, treatment_data
from search_index.reading.provenance import pending_review, source_name, status_of
from search_index.treatments import evidence_map, reviews
from search_index.treatments.evidence_map import sentence_hash
from search_index.treatments.extraction import PATIENT_ROW_TITLES, PATIENT_ROWS, ROW_TITLES, ROWS

NOTHING = "The collection says nothing on this."
AUTOMATIC = "automatic — not reviewed"
# The evidence map's placement was checked by the app's makers: not the source (a page may say
# of itself "pending human review"), and not a clinician of the clinic.
PLACEMENT_CHECKED = "placement checked by Clinic Reference, not a review of the source"
PATIENT_PLACEMENT_CHECKED = (
    "Put in this table by the Clinic Reference team (this is not a check of the source)"
)


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
    arms: list[dict] = field(default_factory=list)  # label, option, role, figures
    endpoint: str = ""
    review: str = ""  # "reviewed" (the evidence map), "automatic", "confirmed", "moved"
    reviewed_by: str = ""  # a clinician's initials and date, for a reviewed automatic statement
    lead_in: str = ""  # the words a fragment completes, shown before it
    cut_off: bool = False  # the saved copy cuts the sentence off
    patient_note: str = ""
    source_name: str = ""  # title — publisher, date
    source_status: list[str] = field(default_factory=list)  # the source's own status lines
    document_key: str = ""
    sentence_hash: str = ""
    original_option: str = ""  # where extraction put it, before a clinician moved it
    study: str = ""  # the study the sentence reports, as the map names it ("" if none named)
    lm_setting: bool = True  # its finding is in patients with liver metastases (the map says)
    reconciles: bool = False  # its source weighs both sides on liver metastases in it
    setting: str = ""  # the treatment and patients its finding is about (the map says)

    @property
    def unreviewed(self) -> bool:
        return self.review == "automatic"

    @property
    def reviewable(self) -> bool:
        """An automatic statement a clinician may confirm, move or reject (not the map's)."""
        return self.review != "reviewed"

    @property
    def review_label(self) -> str:
        """Who checked where the statement stands: never a word on the source itself."""
        if self.review == "automatic":
            return AUTOMATIC
        if self.review in ("confirmed", "moved"):
            return f"automatic, {self.review} by {self.reviewed_by}"
        return PLACEMENT_CHECKED if self.review == "reviewed" else ""

    @property
    def patient_review_label(self) -> str:
        if self.review == "reviewed":
            return PATIENT_PLACEMENT_CHECKED
        return "Checked by a clinician" if self.review in ("confirmed", "moved") else ""


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
class Disagreement:
    """Sources that answer one question in opposite ways, in comparable settings: does the
    benefit hold in patients with liver metastases, against patients without? Each side is
    counted by study, not by sentence; a source that weighs both sides itself is shown too."""

    question: str
    option_class: str
    kept: list[StatementView]
    reduced: list[StatementView]
    reconciling: list[StatementView] = field(default_factory=list)
    plain_question: str = ""  # the class of treatment in plain words
    worse: list[StatementView] = field(default_factory=list)  # worse outcomes, not a blunted effect

    @property
    def text(self) -> str:
        return (
            f"The sources disagree on whether liver metastases blunt the benefit of "
            f"{self.question} (its benefit with liver metastases against without). "
            f"Benefit holds: {_side(self.kept)}. Benefit reduced: {_side(self.reduced)}."
            f"{self._settings('Settings differ', 'benefit holds', 'benefit reduced')}"
            f"{self._not_counted(_WORSE)}{self._weighing()}"
        )

    @property
    def plain_text(self) -> str:
        """The same for patients: plain words, no "interaction", abbreviations spelled out."""
        settings = self._settings(
            "The studies looked at different treatments and cancers", "works as well", "works less well"
        )
        settings += self._not_counted(_PLAIN_WORSE)
        return plain_words(
            f"The sources do not agree on whether {self.plain_question} works as well when "
            f"cancer has spread to the liver. Says it works as well: {_side(self.kept)}. Says "
            f"it works less well: {_side(self.reduced)}.{settings}{self._weighing()}"
        )

    def _settings(self, lead: str, kept: str, reduced: str) -> str:
        """Each side's settings (treatment, patients) when the sides' settings differ, so
        that a reader sees what is set against what."""
        sides = [_settings_of(self.kept), _settings_of(self.reduced)]
        if sides[0] == sides[1]:
            return ""
        return f" {lead}: {kept} in {'; '.join(sides[0])}; {reduced} in {'; '.join(sides[1])}."

    def _not_counted(self, why: str) -> str:
        """Reports of worse outcomes with liver metastases (prognosis, not the treatment's
        effect against its comparator), named so that a reader sees why they take no side."""
        if not self.worse:
            return ""
        studies, unnamed = _by_study(self.worse)
        named = list(studies) + [
            f"a statement naming no study, {s.setting}"
            if s.setting
            else f"\u201c{' '.join(s.text.split()[:8])}…\u201d"
            for s in unnamed
        ]
        return f" Not counted ({why}): " + "; ".join(named) + "."

    def _weighing(self) -> str:
        n = len({s.document_id for s in self.reconciling})
        if n == 1:
            return " One source weighs both sides itself (its own words below)."
        return (
            f" {_NUMBERS.get(n, str(n))} sources each weigh both sides themselves (their "
            f"own words below)."
            if n
            else ""
        )

    def note_sources(self) -> list[StatementView]:
        """What the note shows under it (see note_label): each study once (its strongest
        statement), then the source's own weighing of both sides."""
        return _representatives(self.kept) + _representatives(self.reduced) + self.reconciling

    def to_json(self) -> dict:
        return {
            "question": f"whether liver metastases blunt the benefit of {self.question}",
            "class": self.option_class,
            "text": self.text,
            "plain_text": self.plain_text,
            "kept_settings": _settings_of(self.kept),
            "reduced_settings": _settings_of(self.reduced),
            "kept": [_statement_json(s) for s in self.kept],
            "reduced": [_statement_json(s) for s in self.reduced],
            "kept_studies": _studies_json(self.kept),
            "reduced_studies": _studies_json(self.reduced),
            "reconciling": [_statement_json(s) for s in self.reconciling],
            "not_counted": [_statement_json(s) for s in self.worse],
        }


_NUMBERS = {2: "Two", 3: "Three", 4: "Four"}
_WORSE = "worse outcomes with liver metastases, not a smaller benefit"
_PLAIN_WORSE = (
    "these found that people with liver spread did worse, which is not the same as "
    "the treatment helping them less"
)


def note_label(s: StatementView, patient: bool = False) -> str:
    """What a statement under a disagreement note stands for."""
    if s.reconciles:
        return "the source weighs both sides"
    if patient:
        return "says it works as well" if s.polarity == "kept" else "says it works less well"
    return "benefit holds" if s.polarity == "kept" else "benefit reduced"


def _settings_of(statements: list[StatementView]) -> list[str]:
    """The settings a side's findings are about, each once: as the map states them, else the
    cancer types an automatic statement names."""
    out: list[str] = []
    for s in statements:
        setting = s.setting or (
            ", ".join(s.cancers) + " cancer" if s.cancers else "a setting not stated"
        )
        if setting not in out:
            out.append(setting)
    return out


def plain_words(text: str) -> str:
    """Abbreviations written out and "+" said as "plus" (arm labels, notes for patients); a
    source's words quoted “…” stay as they are."""

    def ours(piece: str) -> str:
        piece = re.sub(r"\s\+\s", " plus ", piece)
        return re.sub(
            r"\b[A-Z][A-Za-z0-9-]*[A-Z]s?\b",
            lambda m: abbreviations().get(m.group()) or m.group(),
            piece,
        )

    return "".join(
        p if p.startswith("\u201c") else ours(p) for p in re.split(r"(\u201c[^\u201d]*\u201d)", text)
    )


def _study_key(s: StatementView) -> str:
    """The study a statement reports: as the map names it; "" when a reviewed sentence names
    none ("several studies indicate…"); an added document's own when extracted automatically."""
    return s.study or ("" if s.review == "reviewed" else f"{s.title or s.document_id}")


def _by_study(
    statements: list[StatementView],
) -> tuple[dict[str, list[StatementView]], list[StatementView]]:
    studies: dict[str, list[StatementView]] = {}
    unnamed = []
    for s in statements:
        if key := _study_key(s):
            studies.setdefault(key, []).append(s)
        else:
            unnamed.append(s)
    return studies, unnamed


def _evidence(s: StatementView) -> str:
    design = s.design if s.design_rank else "design not stated"
    return f"{design[0].lower()}{design[1:]}, {s.size or 'size not stated'}"


def _side(statements: list[StatementView]) -> str:
    studies, unnamed = _by_study(statements)
    parts = []
    if studies:
        n = len(studies)
        parts.append(
            f"{n} stud{'y' if n == 1 else 'ies'} — "
            + "; ".join(
                f"{name} — {_evidence(min(group, key=_strongest))}" for name, group in studies.items()
            )
        )
    if unnamed:
        n = len(unnamed)
        parts.append(
            f"{n} statement{'' if n == 1 else 's'} naming no study — "
            + "; ".join(f"\u201c{' '.join(s.text.split()[:8])}…\u201d — {_evidence(s)}" for s in unnamed)
        )
    return "; and ".join(parts)


def _representatives(statements: list[StatementView]) -> list[StatementView]:
    """Each study's strongest statement (one with figures first), and each naming none."""
    studies, unnamed = _by_study(statements)
    return [
        min(g, key=lambda s: (_strongest(s)[0], not s.figures, s.start)) for g in studies.values()
    ] + unnamed


def _studies_json(statements: list[StatementView]) -> list[dict]:
    studies, unnamed = _by_study(statements)
    out = []
    for name, group in [*studies.items(), *(("", [s]) for s in unnamed)]:
        best = min(group, key=_strongest)
        out.append(
            {
                "study": name,
                "design": best.design if best.design_rank else "",
                "size": best.size,
                "cancers": best.cancers,
                "statements": [s.id for s in group],
            }
        )
    return out


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
                        row: [_statement_json(s) for s in c.cells[row].statements] for row in self.rows
                    },
                    "notes": {
                        row: {
                            "text": c.cells[row].note,
                            "sources": [_statement_json(s) for s in c.cells[row].note_sources],
                        }
                        for row in self.rows
                        if c.cells[row].note
                    },
                    "strongest_evidence": _statement_json(c.strongest) if c.strongest else None,
                }
                for c in self.columns
            ],
        }


def _statement_json(s: StatementView) -> dict:
    d = asdict(s)
    d["file"] = d.pop("file_name")
    for arm in d["arms"]:
        arm["plain_label"] = plain_words(arm["label"])
    d["review_label"] = s.review_label
    return d


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


def _load(db: sqlite_utils.Database, option_ids: list[str]) -> list[StatementView]:
    """The statements of these options, those any option could disagree on (they take a side on
    liver metastases, or their source weighs both), and those a clinician may have moved (a
    review names their sentence)."""
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
    rows = list(
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
    figures: dict[int, list[dict]] = {}
    ids = [r["id"] for r in rows]
    for chunk in range(0, len(ids), 900):  # SQLite's limit on bound parameters
        part = ids[chunk : chunk + 900]
        for f in db.query(
            f"SELECT * FROM figures WHERE statement_id IN ({','.join('?' * len(part))}) ORDER BY start",
            part,
        ):
            figures.setdefault(f["statement_id"], []).append(
                {"kind": f["kind"], "text": f["text"], "start": f["start"], "end": f["end"]}
            )
    out = []
    for r in rows:
        meta = {**r, "id": r["document_id"], "status": r["doc_status"]}
        mapped = (
            evidence_map.record_at(
                r["document_id"], r["source_start"], r["source_end"], r["option_id"], r["row"]
            )
            if r["review"] == "reviewed"
            else None
        )
        out.append(
            StatementView(
                id=r["id"],
                option_id=r["option_id"],
                row=r["row"],
                text=r["text"],
                figures=figures.get(r["id"], []),
                design=r["design"],
                design_rank=r["design_rank"],
                size=r["size"],
                polarity=r["polarity"],
                document_id=r["document_id"],
                file_name=r["file_name"],
                title=r["title"],
                section=r["section"],
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
        )
    return out


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
        s
        for s in _reviewed(_load(db, option_ids), db)
        if not cancer or not s.cancers or cancer in s.cancers
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
        strongest = min(ranked, key=_strongest, default=None)
        columns.append(Column(by_id[option_id], cells, strongest))
    return Grid(columns, rows, audience, cancer, disagreements, hidden)


def _order(s: StatementView) -> tuple:
    """Strongest evidence first, then statements with figures, then document order."""
    return (-s.design_rank, not s.figures, s.document_id, s.passage_id, s.start)


_NAMED_STUDY = re.compile(r"\btrial\b|\b(?:the|a) [\w-]+ (?:study|analysis|review)\b", re.I)


def _strongest(s: StatementView) -> tuple:
    """Sort key, strongest evidence first: design, trials named as randomized, a size stated,
    a sentence reporting one named study before one summing up "some research"."""
    return (
        -s.design_rank,
        not s.design.lower().startswith(("randomi", "several randomi", "meta-analysis of randomi")),
        not s.size,
        not _NAMED_STUDY.search(s.text),
        s.document_id,
        s.start,
    )


def _comparable(a: StatementView, b: StatementView) -> bool:
    """Same setting: one of them across cancer types, or both about a cancer in common (two
    drugs in two different cancers are not a disagreement)."""
    return a.document_id != b.document_id and (
        not a.cancers or not b.cancers or bool(set(a.cancers) & set(b.cancers))
    )


def find_disagreements(statements: list[StatementView]) -> list[Disagreement]:
    """Across the collection: per class of treatment (e.g. immunotherapy-based), statements
    that liver metastases keep the benefit against statements that they reduce it, in
    comparable settings; both sides strongest first."""
    options = {o["id"]: o for o in treatment_data()["options"]}
    classes = treatment_data().get("classes", {})
    out = []
    for cls, names in classes.items():
        members = [s for s in statements if options[s.option_id].get("class") == cls]
        kept = [s for s in members if s.polarity == "kept" and not s.reconciles]
        reduced = [s for s in members if s.polarity == "reduced" and not s.reconciles]
        kept_c = [k for k in kept if any(_comparable(k, r) for r in reduced)]
        reduced_c = [r for r in reduced if any(_comparable(k, r) for k in kept)]
        if kept_c and reduced_c:
            sources = {s.document_id for s in kept_c + reduced_c}
            weighing = [s for s in members if s.reconciles and s.document_id in sources]
            out.append(
                Disagreement(
                    names["name"],
                    cls,
                    sorted(kept_c, key=_strongest),
                    sorted(reduced_c, key=_strongest),
                    sorted(weighing, key=lambda s: (s.document_id, s.start)),
                    names.get("plain", names["name"]),
                    list(
                        {
                            (s.document_id, s.source_start): s for s in members if s.polarity == "worse"
                        }.values()
                    ),
                )
            )
    return out


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


def glossary_for(texts: list[str], explained: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The glossary's terms that occur in the texts (singular or plural), in alphabetical order.

    Where terms overlap the longest wins ("liver metastases" is not also "metastases"); words
    inside an `explained` phrase (a treatment the page already describes) are not defined again;
    terms with the same definition are one entry ("recurrence, relapse")."""
    joined = " ".join(texts).lower()
    candidates = [
        (m.start(), m.end(), term)
        for term in [*explained, *glossary()]
        for m in re.finditer(word_forms(term), joined)
    ]
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
            if full.lower() in text[: m.start()].lower():
                continue  # the source spells it out already: "colorectal liver metastases (CRLM)"
            out += [(text[pos : m.end()], "text"), (f" ({full})", "added")]
            pos = m.end()
    out.append((text[pos:], "text"))
    return [(p, k) for p, k in out if p]
