"""The values a filter typed in a query accepts (kind:, audience:, cancer:, treatment:, year:),
by what the user may call them."""

from __future__ import annotations

import re

from search_index.analysis import words
from search_index.lexicon import cancer_types, treatments
from search_index.reading.model import GUIDELINE, JOURNAL, KIND_LABELS, PUBMED, QA_PAGE, TEXT

KIND_ALIASES = {
    "pubmed": {PUBMED},
    "abstract": {PUBMED, JOURNAL},  # both kinds are abstracts
    "journal": {JOURNAL},
    "article": {JOURNAL},
    "guideline": {GUIDELINE},
    "guidelines": {GUIDELINE},
    "summary": {GUIDELINE},
    "qa": {QA_PAGE},
    "patient": {QA_PAGE},
    "faq": {QA_PAGE},
    "text": {TEXT},
    "note": {TEXT},
}
# A kind may also be named by its own name or as the filter pane shows it ("Patient Q&A").
KIND_NAMES = {k: {k} for k in KIND_LABELS} | {
    re.sub(r"\W+", "_", label.lower()).strip("_"): {k} for k, label in KIND_LABELS.items()
}
# The filters the syntax reads, by the name typed, and the facet each fills (matching.py):
# `type:` was the first name of `kind:`, and still reads it.
FILTERS = {f: f for f in ("kind", "audience", "cancer", "treatment", "year")} | {"type": "kind"}


def accepted(name: str, value: str) -> tuple[set[str], str]:
    """The values `name:value` accepts, and the known ones (for a notice)."""
    facet = FILTERS[name]
    v = value.strip().lower().replace(" ", "_").replace("-", "_")
    accepted: set[str] = set()
    if facet == "kind":
        accepted = _kinds(re.sub(r"\W+", "_", v).strip("_"))
        known = ", ".join(sorted(KIND_ALIASES))
    elif facet == "audience":
        accepted = {v} if v in ("patient", "clinician") else set()
        known = "patient, clinician"
    elif facet in ("cancer", "treatment"):
        tags = cancer_types() if facet == "cancer" else treatments()
        spaced = value.strip().lower()
        accepted = {
            t.id
            for t in tags
            if v == t.id or tuple(words(spaced)) in t.aliases or spaced == t.label.lower()
        }
        known = ", ".join(t.id for t in tags)
    else:  # year: 2024, 2020-2025, >=2024, <2020
        accepted = _years(value)
        known = "a year such as 2024, a range such as 2020-2025, or >=2024"
    return accepted, known


def _kinds(v: str) -> set[str]:
    """The kinds `v` names: an alias, a kind's name or label, or a label's first words
    ("clinical summary"); a plural as its singular."""
    names = KIND_ALIASES | KIND_NAMES
    for name in (v, v.removesuffix("s")):
        if name in names:
            return names[name]
    return {k for n, kinds in KIND_NAMES.items() if v and n.startswith(v + "_") for k in kinds}


def _years(value: str) -> set[str]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?|(>=|<=|>|<)(\d{4})", value.strip())
    if not m:
        return set()
    if m.group(1):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    else:
        op, y = m.group(3), int(m.group(4))
        lo, hi = {">=": (y, 2100), ">": (y + 1, 2100), "<=": (1900, y), "<": (1900, y - 1)}[op]
    return {str(y) for y in range(lo, hi + 1)} if lo <= hi else set()
