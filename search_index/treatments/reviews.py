"""Clinicians' reviews of automatically extracted statements: confirm, move to another option or
row, or reject; with initials and date.

A review is keyed by the document's identity (DOI, else PMID, else its id in the library) and a
hash of the sentence, so it survives a re-read of an unchanged sentence and means the same on
every workstation; a clinic exports its reviews as one JSON file and imports it elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlite_utils

from search_index.importing import read_capped
from search_index.reading import ReadError
from search_index.treatments.extraction import ROWS

FORMAT = "clinic-reference-statement-reviews"
MAX_REVIEW_BYTES = 20 * 1024 * 1024  # a clinic's reviews are kilobytes; far more is not one
DECISIONS = ("confirm", "move", "reject")


class ReviewFileError(ValueError):
    """A reviews file that cannot be imported; the message says why."""


@dataclass(frozen=True)
class Review:
    decision: str
    new_option: str
    new_row: str
    initials: str
    date: str

    @property
    def signed(self) -> str:
        return f"{self.initials}, {self.date}"


def document_key(meta: dict) -> str:
    """The same document on any workstation: its DOI, else its PMID, else its library id."""
    if meta.get("doi"):
        return f"doi:{meta['doi'].lower()}"
    if meta.get("pmid"):
        return f"pmid:{meta['pmid']}"
    return f"id:{meta['id']}"


def load(db: sqlite_utils.Database) -> dict[tuple[str, str, str], Review]:
    if "statement_reviews" not in db.table_names():
        return {}
    return {
        (r["document_key"], r["sentence_hash"], r["option_id"]): Review(
            r["decision"], r["new_option"] or "", r["new_row"] or "", r["initials"], r["date"]
        )
        for r in db.query("SELECT * FROM statement_reviews")
    }


def record(
    db: sqlite_utils.Database,
    key: str,
    sentence_hash: str,
    option_id: str,
    decision: str,
    initials: str,
    *,
    sentence: str = "",
    new_option: str = "",
    new_row: str = "",
    day: str | None = None,
) -> None:
    """Store one review (replacing an earlier review of the same statement)."""
    initials = initials.strip().upper()
    if decision not in DECISIONS:
        raise ValueError(f"unknown decision {decision!r}")
    if not initials:
        raise ValueError("initials are needed to sign a review")
    if decision == "move" and not (new_option or new_row):
        raise ValueError("a move needs another option or row")
    if new_row and new_row not in ROWS:
        raise ValueError(f"unknown row {new_row!r}")
    with db.conn:
        db.table("statement_reviews").upsert(
            {
                "document_key": key,
                "sentence_hash": sentence_hash,
                "option_id": option_id,
                "decision": decision,
                "new_option": new_option,
                "new_row": new_row,
                "initials": initials,
                "date": day or date.today().isoformat(),
                "sentence": sentence,
            },
            pk=("document_key", "sentence_hash", "option_id"),
        )


def export(db: sqlite_utils.Database, path: Path) -> int:
    rows = list(db.query("SELECT * FROM statement_reviews ORDER BY date, document_key"))
    tmp = path.with_name(path.name + ".part")
    tmp.write_text(
        json.dumps({"format": FORMAT, "version": 1, "reviews": rows}, indent=1, ensure_ascii=False),
        encoding="utf-8",
    )
    tmp.replace(path)  # a reader never sees half a file
    return len(rows)


def import_file(db: sqlite_utils.Database, path: Path) -> int:
    """Add a clinic's reviews; a newer review of the same statement wins. All or nothing."""
    try:  # read with a cap: a device or a huge file chosen by mistake must not fill memory
        data = json.loads(read_capped(path, MAX_REVIEW_BYTES).decode("utf-8"))
    except ReadError as exc:
        raise ReviewFileError(f"{path.name}: {exc.reason}") from None
    except RecursionError:  # brackets nested thousands deep: no reviews file looks like that
        raise ReviewFileError(f"{path.name}: not a Clinic Reference reviews file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReviewFileError(f"{path.name}: cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ReviewFileError(f"{path.name}: not a Clinic Reference reviews file")
    needed = {"document_key", "sentence_hash", "option_id", "decision", "initials", "date"}
    rows = data.get("reviews", [])
    for i, r in enumerate(rows):
        if not isinstance(r, dict) or not needed <= set(r) or r["decision"] not in DECISIONS:
            raise ReviewFileError(f"{path.name}: review {i + 1} is incomplete or unknown")
    current = load(db)
    with db.conn:
        for r in rows:
            mine = current.get((r["document_key"], r["sentence_hash"], r["option_id"]))
            if mine is None or mine.date <= r["date"]:
                db.table("statement_reviews").upsert(
                    {k: r.get(k, "") for k in (*needed, "new_option", "new_row", "sentence")},
                    pk=("document_key", "sentence_hash", "option_id"),
                )
    return len(rows)
