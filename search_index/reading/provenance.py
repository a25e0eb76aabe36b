"""How a source is named wherever what it says is shown: by title, publisher and date (never by
its file name), with its own status lines."""

from __future__ import annotations

import json
from datetime import date

from search_index.reading.model import KIND_LABELS


def readable_date(iso: str) -> str:
    """2025-10-15 -> 15 October 2025; 2024-02 -> February 2024 (the source's precision)."""
    parts = iso.split("-")
    try:
        if len(parts) == 3:
            day = date.fromisoformat(iso)
            return f"{day.day} {day:%B %Y}"  # not %-d: glibc's alone
        if len(parts) == 2:
            return date(int(parts[0]), int(parts[1]), 1).strftime("%B %Y")
    except ValueError:
        pass
    return iso


def source_date(meta: dict) -> str:
    """The date the source gives itself (publication, else last update, else year)."""
    for key in ("published", "updated"):
        if meta.get(key):
            return readable_date(meta[key])
    return str(meta["year"]) if meta.get("year") else "undated"


def source_name(meta: dict) -> str:
    """ "Title — Publisher, date"; a source that names no publisher says so by its kind."""
    publisher = (
        meta.get("publisher")
        or meta.get("journal")
        or (f"{KIND_LABELS.get(meta.get('kind', ''), 'document')}, publisher not named")
    )
    return f"{meta['title']} — {publisher}, {source_date(meta)}"


def source_line(meta: dict) -> str:
    """The source's name with its own status lines, as printouts list it."""
    return with_status(source_name(meta), status_of(meta))


def with_status(name: str, status: list[str]) -> str:
    """ "Title — Publisher, date (status lines)"."""
    return name + (f" ({'; '.join(status)})" if status else "")


def status_of(meta: dict) -> list[str]:
    raw = meta.get("status") or "[]"
    return json.loads(raw) if isinstance(raw, str) else list(raw)


def status_marker(status: list[str]) -> str:
    """A few words for the status lines where a printout lists them in full elsewhere: what a
    reader must not miss (pending review, for professionals), else a pointer to the list."""
    if not status:
        return ""
    said = [s.lower() for s in status]
    words = (["pending review"] if pending_review(status) else []) + (
        ["for professionals"] if any("professional" in s for s in said) else []
    )
    return "source " + ", ".join(words) if words else "source's own notes under Sources"


def pending_review(status: list[str]) -> bool:
    return any("pending" in s.lower() for s in status)
