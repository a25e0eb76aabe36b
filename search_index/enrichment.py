"""A passage's tags, found once when the store writes it: the cancer types it speaks of (in its
document's title and its own text) and the treatment options it names (in its text), each kept
as comma-separated ids in the passages table. The index and the question bank read them there.

Below the store and the schema (the schema's upgrade fills them for a store written before).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from search_index.lexicon import cancer_types, tags_in, treatments, word_runs

if TYPE_CHECKING:  # (only named here: a build that tags passages need not load it)
    import sqlite_utils


def passage_tags(title: str, text: str) -> dict[str, str]:
    """The `cancers` and `treatments` columns of a passage of a document titled `title`. Only
    the aliases whose words the passage holds are looked for (lexicon.tags_in)."""
    runs = word_runs(text)
    return {
        "cancers": ",".join(tags_in(f"{title}. {text}", cancer_types(), runs | word_runs(title))),
        "treatments": ",".join(tags_in(text, treatments(), runs)),
    }


def tag_passages(db: sqlite_utils.Database, doc_ids: Iterable[str] | None = None) -> None:
    """Tag again the stored passages of these documents (every document's if None), inside the
    caller's transaction: after an upgrade, or when the lexicon they were tagged with changed."""
    sql = "SELECT p.id, p.text, d.title FROM passages p JOIN documents d ON d.id = p.document_id"
    rows = (
        db.execute(sql).fetchall()
        if doc_ids is None
        else [r for d in doc_ids for r in db.execute(sql + " WHERE d.id = ?", [d]).fetchall()]
    )
    if rows:  # (an update with nothing to change would still open a transaction)
        db.conn.executemany(
            "UPDATE passages SET cancers = :cancers, treatments = :treatments WHERE id = :id",
            [{"id": pid, **passage_tags(title or "", text or "")} for pid, text, title in rows],
        )
