"""A source's own status lines ("pending human review", "for healthcare professionals",
"educational purpose only") and who publishes it: kept as the document's metadata, in the
source's own words, so they travel with every statement taken from it."""

from __future__ import annotations

import re

# Each pattern matches the source's own phrase; the phrase, as written, is what is kept.
_STATUS = [
    re.compile(p, re.I)
    for p in (
        r"educational purpose only",
        r"(?:content is )?pending (?:human |editorial |peer )?review",
        r"(?:intended|written) for (?:healthcare|health care|medical) professionals",
        r"not (?:intended as |a substitute for )?(?:individuali[sz]ed )?medical advice",
        r"we do not provide individuali[sz]ed advice",
    )
]
# Who publishes a web page that names itself ("Dr.Oracle Medical Advisory Board & Editors, 2025",
# "Dr.Oracle assumes no liability").
_PUBLISHER = [
    re.compile(p, re.M)
    for p in (
        r"^(?P<who>[A-Z][\w.]*(?: [A-Z][\w.]*)?) Medical Advisory Board & Editors",
        r"(?P<who>[A-Z][\w.]*(?: [A-Z][\w.]*)?) assumes no liability",
    )
]


def status_lines(source: str) -> list[str]:
    """The source's status phrases, as written, in the order they first appear."""
    found: list[tuple[int, str]] = []
    for pattern in _STATUS:
        m = pattern.search(source)
        if m:
            found.append((m.start(), m.group(0)))
    return [text for _, text in sorted(found)]


def is_status_line(text: str) -> bool:
    """A line that is nothing but status ("Educational purpose only • Exercise caution as …")."""
    return len(text.split()) <= 16 and any(p.search(text) for p in _STATUS[:2])


def publisher_of(source: str) -> str:
    for pattern in _PUBLISHER:
        if m := pattern.search(source):
            return m.group("who")
    return ""
