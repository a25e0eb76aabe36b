"""What a passage's fields are and mean, whichever index holds them: the searched fields, the
facets and their labels, and the role a passage plays in ranking (a question, a study's methods).
Nothing here touches an index, so that searching need not load the index of record's library."""

from __future__ import annotations

import re

from search_index.lexicon import cancer_types, treatments
from search_index.reading.model import KIND_LABELS

SEARCHED_FIELDS = ("title", "section", "text")
FACETS = ("kind", "audience", "cancer", "treatment", "year")
ROLE = "role"  # question | methods | boilerplate, for ranking (not a filter)
ARRAY_FIELDS = (*SEARCHED_FIELDS, *FACETS, ROLE)
QUESTION, METHODS, BOILERPLATE = "question", "methods", "boilerplate"
METHODS_HEADING = re.compile(
    r"\b(?:methods?|materials|methodology|statistical analys[ie]s|"
    r"study design|patients and setting)\b",
    re.IGNORECASE,
)

# What a publication or a page says about itself, not about a treatment: by its heading
# ("Conflict of interest statement", "Professional Medical Disclaimer", "Funding") or, under
# no such heading, by its opening words ("The authors declare no competing interests.").
BOILERPLATE_HEADING = re.compile(
    r"\b(?:conflicts? of interests?|competing interests?|disclaimer|disclosures?|funding|"
    r"financial support|copyright|acknowledge?ments?|author(?:s'?|'s)? contributions?|"
    r"data (?:availability|sharing)|ethics (?:approval|statement))\b",
    re.IGNORECASE,
)
BOILERPLATE_OPENING = re.compile(
    r"\s*(?:the authors? (?:declares?|ha(?:ve|s) no)|no (?:potential )?conflicts? of interest|"
    r"this (?:work|study|research) was (?:supported|funded)|copyright|©)",
    re.IGNORECASE,
)


def role(section: str, text: str) -> str:
    """What a passage is, for ranking: a question (a "What to ask your doctor" bullet), a
    study's methods, boilerplate (a conflict of interest statement, a disclaimer, funding),
    or "" (an answer, a finding, anything else)."""
    if BOILERPLATE_HEADING.search(section) or BOILERPLATE_OPENING.match(text):
        return BOILERPLATE
    if text.rstrip().endswith("?"):
        return QUESTION
    return METHODS if METHODS_HEADING.search(section) else ""


def facet_values(stored: dict) -> dict[str, list[str]]:
    """A passage's values of the fields the arrays index as they are (facets, role)."""
    out = {}
    kind = role(stored.get("section") or "", stored.get("text") or "")
    out["role"] = [kind] if kind else []
    for f in ("kind", "audience", "year"):
        out[f] = [stored[f]] if stored.get(f) else []
    for f in ("cancer", "treatment"):
        out[f] = [v for v in (stored.get(f) or "").split(",") if v]
    return out


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def facet_label(fieldname: str, value: str) -> str:
    if fieldname == "kind":
        return kind_label(value)
    if fieldname == "audience":
        return {"patient": "Patients", "clinician": "Clinicians"}.get(value, value)
    if fieldname in ("cancer", "treatment"):
        tags = cancer_types() if fieldname == "cancer" else treatments()
        return next((t.label for t in tags if t.id == value), value)
    return value or "Undated"
