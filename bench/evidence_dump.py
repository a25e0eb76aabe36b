"""Everything the evidence pipeline produces, dumped as text: the store's contents (documents,
passages, statements, figures …) built from the seeds with the evidence map and with automatic
extraction, the comparison grids (every option set, cancer and audience, with reviews applied),
the extraction rules on each sentence of a corpus, and the plain-language helpers. A refactor is
checked against the code before it, character for character:

    python bench/evidence_dump.py before.txt ../shared/bench    # on the old tree
    python bench/evidence_dump.py after.txt ../shared/bench     # on the new one
    cmp before.txt after.txt

The corpus folder holds nfcorpus/ and scifact/ (BEIR corpus.jsonl): their abstracts, read as
documents of every kind and shape (methods and results, bullets under a lead-in), give the
extraction sentences the seeds do not.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search_index.collection import seed_files  # noqa: E402
from search_index.lexicon import cancer_types, treatment_data, treatments  # noqa: E402
from search_index.reading import read_file  # noqa: E402
from search_index.reading.model import Document, Passage, Section  # noqa: E402
from search_index.schema import open_store  # noqa: E402
from search_index.store import (  # noqa: E402
    add_document,
    passages_for_index,
    pending_for_index,
    queue_for_index,
    relabel,
    remove_document,
)
from search_index.treatments import reviews  # noqa: E402
from search_index.treatments.comparison import (  # noqa: E402
    build_grid,
    glossary_for,
    note_label,
    option_label,
    option_list,
    plain_words,
    spell_out,
    word_forms,
)
from search_index.treatments.extraction import (  # noqa: E402
    about,
    arms_of,
    design_of,
    polarity_of,
    row_of,
    sentences,
    without_parts,
)
from search_index.treatments.figures import find_figures  # noqa: E402

OUT: list[str] = []


def emit(tag: str, obj) -> None:
    OUT.append(f"{tag}\t{json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str)}")


def dump_tables(db, tag: str) -> None:
    for table in sorted(db.table_names()):
        cols = [c for c in db.table(table).columns_dict if c != "added_at"]
        order = ", ".join(f"[{c}]" for c in cols)
        for row in db.execute(f"SELECT {order} FROM [{table}] ORDER BY {order}"):
            emit(f"{tag}:{table}", list(row))


def corpus_docs(folder: Path, limit: int) -> list[Document]:
    kinds = ["pubmed_abstract", "qa_page", "guideline_overview", "journal_abstract"]
    docs = []
    for name in ("nfcorpus", "scifact"):
        with open(folder / name / "corpus.jsonl", encoding="utf-8") as f:
            for i, line in enumerate(f):
                if i >= limit:
                    break
                rec = json.loads(line)
                title, text = rec.get("title") or "Untitled", rec["text"] or "Empty."
                if i % 4 == 1:  # a study of an option: its own sections are about it
                    title = f"Chemotherapy versus hepatic resection: {title}"
                source = f"{title}\n\n{text}"
                at = len(title) + 2
                parts = text.split(". ")
                sections = []
                if i % 5 == 0 and len(parts) > 2:  # a lead-in with nested bullets
                    lead = "Key findings include:"
                    source = f"{title}\n\n{lead}\n" + "\n".join(parts)
                    pos = len(title) + 2
                    items = [Passage(lead, pos, pos + len(lead), kind="bullet", level=1)]
                    pos += len(lead) + 1
                    for k, p in enumerate(parts):
                        items.append(
                            Passage(p, pos, pos + len(p), kind="bullet", level=2, truncated=k == 3)
                        )
                        pos += len(p) + 1
                    sections.append(Section("Results", items, "research"))
                elif i % 2 and len(parts) > 1:
                    half = len(parts) // 2
                    a, b = ". ".join(parts[:half]) + ".", ". ".join(parts[half:])
                    source = f"{title}\n\n{a}\n{b}"
                    sections.append(Section("Methods", [Passage(a, at, at + len(a))], "methods"))
                    b_at = at + len(a) + 1
                    sections.append(Section("Results", [Passage(b, b_at, b_at + len(b))], "research"))
                else:
                    heading = ["Abstract", "Treatment", "Conclusion"][i % 3]
                    sections.append(Section(heading, [Passage(text, at, at + len(text))], "abstract"))
                docs.append(
                    Document(
                        doc_id=f"{name}-{rec['_id']}",
                        file_name=f"{name}-{rec['_id']}.txt",
                        kind=kinds[i % 4],
                        title=title,
                        source=source,
                        sections=sections,
                        year=2000 + i % 25,
                        publication_types=[["Review"], ["Randomized Controlled Trial"], [], []][i % 4],
                    )
                )
    return docs


def dump_rules(docs: list[Document]) -> None:
    options = treatments()
    for doc in docs:
        for section, p in doc.passages():
            for s, e in sentences(p.text):
                sentence = p.text[s:e]
                figures = find_figures(sentence)
                ids = about(sentence, options)
                emit(
                    "rules",
                    [
                        s,
                        e,
                        design_of(sentence),
                        design_of(sentence, reported=True),
                        row_of(sentence, figures, section.heading),
                        polarity_of(sentence),
                        ids,
                        without_parts(ids),
                        arms_of(sentence, ids or ["chemotherapy"], figures, options),
                    ],
                )


def dump_grids(db, tag: str, everything: bool) -> None:
    ids = [o["id"] for o in option_list(db)]
    emit(f"{tag}:options", ids)
    emit(
        f"{tag}:labels", [[option_label(o, a) for a in ("patient", "clinician")] for o in option_list()]
    )
    sets = [ids] + [[i] for i in ids] + [ids[k : k + 3] for k in range(0, len(ids), 3)]
    cancers = [None] + [c.id for c in cancer_types()]
    for audience in ("clinician", "patient"):
        for n, chosen in enumerate(sets):
            for cancer in cancers if (everything or n == 0) else [None]:
                grid = build_grid(db, chosen, cancer, audience)
                emit(f"{tag}:grid:{audience}:{cancer}:{','.join(chosen)}", grid.to_json())
                emit(f"{tag}:titles", [grid.row_title(r) for r in grid.rows])
                for col in grid.columns:
                    for row, cell in col.cells.items():
                        emit(
                            f"{tag}:cell",
                            [
                                row,
                                cell.empty,
                                [
                                    [
                                        s.unreviewed,
                                        s.reviewable,
                                        s.review_label,
                                        s.patient_review_label,
                                    ]
                                    for s in cell.statements
                                ],
                                [[note_label(s), note_label(s, True)] for s in cell.note_sources],
                            ],
                        )
                for d in grid.disagreements:
                    emit(f"{tag}:disagreement", [d.text, d.plain_text, [s.id for s in d.note_sources()]])


def dump_words(db, tag: str) -> None:
    texts = [r[0] for r in db.execute("SELECT text FROM statements ORDER BY id")]
    names = [o["name"] for o in treatment_data()["options"]]
    seen: set[str] = set()
    for t in texts:
        emit(f"{tag}:words", [plain_words(t), spell_out(t, seen), glossary_for([t])])
    emit(f"{tag}:glossary", glossary_for(texts, names))
    for t in names + ["metastasis", "therapy", "trial", "liver metastases", "class", "study"]:
        emit(f"{tag}:forms", word_forms(t))


def dump_schema(folder: Path) -> None:
    """A fresh store's schema and version."""
    fresh = open_store(folder / "fresh.sqlite")
    emit(
        "schema",
        [list(r) for r in fresh.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")],
    )
    emit("version", fresh.execute("PRAGMA user_version").fetchone()[0])


def dump_bundled(folder: Path, seeds: list[Path]) -> None:
    """Store A: the seeds as bundled documents (their statements from the evidence map)."""
    a = open_store(folder / "a.sqlite")
    for p in seeds:
        add_document(a, read_file(p), bundled=True)
    dump_tables(a, "A")
    emit("A:for_index", list(passages_for_index(a)))
    dump_grids(a, "A", everything=True)
    dump_words(a, "A")


def review_some(db) -> None:
    """Clinicians' reviews of some automatic statements: confirm, move, reject."""
    rnd = random.Random(15)
    rows = list(
        db.query(
            "SELECT st.*, d.doi, d.pmid FROM statements st JOIN documents d ON d.id = st.document_id"
        )
    )
    for r in rnd.sample(rows, min(300, len(rows))):
        key = reviews.document_key({"doi": r["doi"], "pmid": r["pmid"], "id": r["document_id"]})
        decision = rnd.choice(["confirm", "move", "reject"])
        reviews.record(
            db,
            key,
            r["sentence_hash"],
            r["option_id"],
            decision,
            "ab",
            new_option=rnd.choice(["ici", "tace", ""]) if decision == "move" else "",
            new_row="risks" if decision == "move" else "",
            day="2026-01-01",
        )


def dump_relabelled(db, seeds: list[Path]) -> None:
    """Three seeds set to another kind: their statements extracted again."""
    for p, kind in zip(seeds, ["qa_page", "pubmed_abstract", "guideline_overview"]):
        doc = read_file(p)
        row = next(db.query("SELECT * FROM documents WHERE id = ?", [doc.doc_id]))
        relabel(db, row, kind, "clinician")
        emit(
            "B:relabelled",
            [
                list(r)
                for r in db.execute(
                    "SELECT * FROM statements WHERE document_id = ? ORDER BY id", [doc.doc_id]
                )
            ],
        )


def dump_added(folder: Path, seeds: list[Path], corpus: Path) -> None:
    """Store B: the seeds and a corpus's abstracts added as a user's documents (their statements
    extracted automatically), queued, reviewed, relabelled and partly removed."""
    b = open_store(folder / "b.sqlite")
    for p in seeds:
        add_document(b, read_file(p), bundled=False)
    docs = corpus_docs(corpus, 1200)
    dump_rules(docs)
    for doc in docs:
        add_document(b, doc, bundled=False, audience="patient" if doc.year % 3 == 0 else "")
    dump_tables(b, "B")
    ids = sorted({r[0] for r in b.execute("SELECT id FROM documents")})
    emit("B:for_index_some", list(passages_for_index(b, ids[::7])))
    queue_for_index(b, ids[:5])
    emit("B:pending", sorted(pending_for_index(b)))
    review_some(b)
    dump_grids(b, "B", everything=False)
    dump_words(b, "B")
    dump_relabelled(b, seeds)
    for d in ids[::50]:
        remove_document(b, d)
    emit("B:after_remove", [b.table(t).count for t in sorted(b.table_names())])


def main() -> None:
    seeds = seed_files()
    with tempfile.TemporaryDirectory() as tmp:
        dump_schema(Path(tmp))
        dump_bundled(Path(tmp), seeds)
        dump_added(Path(tmp), seeds, Path(sys.argv[2]))
    Path(sys.argv[1]).write_text("\n".join(OUT) + "\n", encoding="utf-8")
    print(len(OUT), "lines")


if __name__ == "__main__":
    main()
