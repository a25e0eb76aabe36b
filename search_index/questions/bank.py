"""The question bank: every "What to ask your doctor" question of the documents, with its
source, and questions from templates per topic and per treatment option; near-duplicates merged.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import sqlite_utils
from rapidfuzz import fuzz

from search_index.lexicon import data_rows, treatment_data

TOPICS = [
    "treatment choice",
    "side effects",
    "liver function monitoring",
    "clinical trials",
    "second opinion",
    "what if I do nothing",
]
# Words that put a document's question under a topic (the first that matches wins).
_TOPIC_CUES = [
    ("clinical trials", r"clinical trial|\btrials?\b"),
    ("liver function monitoring", r"liver function|monitor|tests?\b|signs"),
    ("side effects", r"side effect|risks?\b|precaution"),
    ("second opinion", r"second opinion"),
    ("what if I do nothing", r"do nothing|no treatment|without treatment"),
    ("treatment choice", r"."),
]
BUILT_IN = [  # when there is no lexicon to fill templates from
    ("treatment choice", "What are all my treatment choices?"),
    ("side effects", "What side effects should I watch for?"),
    ("liver function monitoring", "How will you check my liver during treatment?"),
    ("clinical trials", "Is there a clinical trial I could join?"),
    ("second opinion", "Can I get a second opinion before I decide?"),
    ("what if I do nothing", "What happens if I do not have treatment now?"),
]
SAME_QUESTION = 90  # rapidfuzz token-sort ratio at or above which two questions are one


@dataclass
class Source:
    document_id: str
    title: str
    file_name: str
    kind: str = ""  # what a printout names the document by, besides its title:
    journal: str = ""  # the publisher, and the date it gives
    published: str = ""
    updated: str = ""
    year: int | None = None
    publisher: str = ""
    status: str = "[]"  # the source's own status lines (JSON list), printed with its name


@dataclass
class Question:
    id: str
    text: str
    topic: str
    options: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)  # empty for template questions

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "text": self.text,
            "topic": self.topic,
            "options": self.options,
            "sources": [
                {"document_id": s.document_id, "title": s.title, "file": s.file_name}
                for s in self.sources
            ],
        }


def question_id(text: str) -> str:
    """Stable across builds: from the words of the question, not from row numbers."""
    norm = " ".join(re.findall(r"\w+", text.lower()))
    return "q" + hashlib.sha1(norm.encode()).hexdigest()[:10]


def topic_of(text: str) -> str:
    for topic, cue in _TOPIC_CUES:
        if re.search(cue, text, re.I):
            return topic
    return "treatment choice"


def build_bank(db: sqlite_utils.Database | None = None) -> list[Question]:
    """Document questions first (in document order), then template questions."""
    bank: list[Question] = []
    if db is not None:
        for row in db.query(
            "SELECT q.text, q.document_id, d.title, d.file_name, d.kind, d.journal, "
            "d.published, d.updated, d.year, d.publisher, d.status, p.treatments "
            "FROM questions q JOIN documents d ON d.id = q.document_id "
            "JOIN passages p ON p.id = q.passage_id WHERE NOT d.hidden "
            "ORDER BY q.document_id, q.position"
        ):
            source = Source(
                row["document_id"],
                row["title"],
                row["file_name"],
                row["kind"],
                row["journal"] or "",
                row["published"] or "",
                row["updated"] or "",
                row["year"],
                row["publisher"] or "",
                row["status"] or "[]",
            )
            _add(
                bank,
                Question(
                    question_id(row["text"]),
                    row["text"],
                    topic_of(row["text"]),
                    [t for t in (row["treatments"] or "").split(",") if t],  # tagged when stored
                    [source],
                ),
            )
    for q in template_questions():
        _add(bank, q)
    return bank


def template_questions() -> list[Question]:
    try:
        rows = data_rows("question_templates.tsv")
        options = treatment_data()["options"]
    except (OSError, ValueError):
        return [Question(question_id(t), t, topic) for topic, t in BUILT_IN]
    out = []
    for topic, template in rows:
        if "{option}" in template:
            for o in options:
                text = template.replace("{option}", o["plain"].lower())
                out.append(Question(question_id(text), text, topic, [o["id"]]))
        else:
            out.append(Question(question_id(template), template, topic))
    return out


def _add(bank: list[Question], q: Question) -> None:
    """Add, or merge into a question that asks the same (keeping both sources)."""
    for other in bank:
        if fuzz.token_sort_ratio(q.text.lower(), other.text.lower()) >= SAME_QUESTION:
            other.sources += [s for s in q.sources if s not in other.sources]
            other.options = list(dict.fromkeys(other.options + q.options))
            return
    bank.append(q)


def search_bank(bank: list[Question], text: str) -> list[Question]:
    """Questions holding every word typed (case-insensitive), in bank order."""
    words = re.findall(r"\w+", text.lower())
    return [q for q in bank if all(w in q.text.lower() or w in q.topic for w in words)]


def grouped(bank: list[Question], by: str = "topic") -> dict[str, list[Question]]:
    """By topic (in TOPICS order) or by option id (questions for no option under "")."""
    out: dict[str, list[Question]] = {}
    if by == "topic":
        for topic in TOPICS:
            out[topic] = [q for q in bank if q.topic == topic]
    else:
        for q in bank:
            for key in q.options or [""]:
                out.setdefault(key, []).append(q)
    return {k: v for k, v in out.items() if v}
