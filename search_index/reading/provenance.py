"""How a source is named wherever what it says is shown: by title, publisher and date (never by
its file name), with its own status lines."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from search_index.reading.model import KIND_LABELS

# A source's title where a source is named (grid, printouts, handout, command line): longer ones
# are cut short (an imported file's title is whatever its first line says, of any length).
SOURCE_TITLE_LIMIT = 200
# Embeddings, overrides, isolates and marks of direction: in a title they turn the text around
# it (the app's own words) backwards, and alone they make the title look empty.
_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def without_bidi(text: str) -> str:
    return _BIDI_CONTROLS.sub("", text)


def document_title(title: str, file_name: str) -> str:
    """A title as read, without direction controls or runs of spaces; the file's name (without
    its extension) when nothing is left."""
    return " ".join(without_bidi(title).split()) or Path(without_bidi(file_name)).stem


def shortened(text: str, limit: int) -> str:
    """`text` whole when it has at most `limit` characters, else cut after a word within them,
    with "…" (a title may be any length: an imported file's is whatever its heading says)."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > limit // 2 else limit].rstrip() + "…"


def short_title(title: str, limit: int = SOURCE_TITLE_LIMIT) -> str:
    """A source's title as it is shown or printed: within `limit`, without direction controls
    (a title stored before they were taken out when read)."""
    return shortened(without_bidi(title), limit)


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
    return f"{short_title(meta['title'])} — {publisher}, {source_date(meta)}"


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
