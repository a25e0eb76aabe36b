"""The rows of the grid, and the one row a sentence belongs in."""

from __future__ import annotations

from search_index.treatments.extraction.cues import BENEFIT, cues
from search_index.treatments.extraction.designs import design_of
from search_index.treatments.figures import Figure

ROWS = ["what", "who", "benefit", "evidence", "risks", "uncertain"]
ROW_TITLES = {
    "what": "What it is and how it works",
    "who": "Who it is for",
    "benefit": "Benefit shown",
    "evidence": "Strength of evidence",
    "risks": "Risks, caveats and limits",
    "uncertain": "What is still uncertain",
}
# The patient view keeps every row (hiding the uncertainty would be the most dangerous thing a
# decision aid can do), in plain words.
PATIENT_ROWS = ROWS
PATIENT_ROW_TITLES = {
    "what": "What it is",
    "who": "Who it may suit",
    "benefit": "How it has helped",
    "evidence": "How sure are we?",
    "risks": "Risks and downsides",
    "uncertain": "What we don't know yet",
}

_UNCERTAIN = cues(
    r"unknown",
    r"more research is needed",
    r"(?:remains )?poorly characteri[sz]ed",
    r"unclear",
    r"being explored",
    r"emerging",
    r"to confirm",
    r"were limited",
    r"underrepresented",
    r"uncertain",
)
_RISK = cues(
    r"adverse",
    r"TRAEs?\b",
    r"risk",
    r"complication",
    r"death",
    r"compromise",
    r"progress during",
    r"does not mean",
    r"no role",
    r"worse",
    r"poorer",
    r"relapse",
    r"toxicit",
    r"less effective",
    r"resistance",
    r"dampen",
    r"limits?\b(?! ed)",
    r"hinder",
    r"pitfall",
    r"caution",
    r"difficult",
    r"failure",
    r"immunosuppressive",
)
_EVIDENCE = cues(
    r"meta-analys",
    r"systematic review",
    r"randomi[sz]ed",
    r"retrospective",
    r"narrative review",
    r"trial",
    r"cohort",
    r"guideline",
)
# Remarks on the evidence itself, not on the treatment.
_EVIDENCE_REMARK = cues(
    r"surrogate",
    r"in this review",
    r"variables",
    r"(?:this|the) (?:retrospective )?study included",
    r"were evaluated using",
    r"end-?points?\b",
    r"underrepresented",
)
# Verbs that report an outcome (not "examined", "included": those describe the study).
_FOUND = cues(r"found", r"show(?:ed|n|s)?\b", r"demonstrat", r"indicat", r"report")
POSITIVE = cues(
    r"do not diminish",
    r"just as much",
    r"not significantly different",
    r"still works well",
    r"safe and effective",
    r"improved outcomes in patients with",
    r"improves survival for people with",
)
_WHO = cues(
    r"for patients",
    r"should be considered",
    r"candida",
    r"selection",
    r"selected",
    r"not considered fit",
    r"unresectable",
    r"resectable",
    r"requires assessment",
    r"refer",
    r"suitable",
    r"eligible",
    r"feasibility",
    r"absence of",
    r"no disease progression",
    r"operative risk",
    r"number of metastases",
    r"normal liver function",
    r"bilobar",
    r"for localized",
    r"first-line",
    r"standard first-line",
    r"recommended option",
    r"preclude",
    r"can be considered",
    r"may be considered",
    r"should be",
)
_CLEAR_BENEFIT = cues(
    r"improv",
    r"safe and effective",
    r"best chance",
    r"superior",
    r"works well",
    r"do not diminish",
    r"factors significantly influencing",
    r"prognostic factors were identified",
)
_SURVIVAL = cues(r"surviv", r"\bOS\b", r"\bPFS\b", r"median", r"response")


def row_of(sentence: str, figures: list[Figure], heading: str = "") -> str:
    """The one row a sentence belongs in; the order of the tests is the order of precedence."""
    has_outcome = any(
        f.kind in ("comparison", "hazard_ratio", "percent")
        or (f.kind == "months" and _SURVIVAL.search(sentence))
        for f in figures
    )
    if heading.lower() == "methods" or _EVIDENCE_REMARK.search(sentence):
        return "evidence"
    if _UNCERTAIN.search(sentence):
        return "uncertain"
    if _RISK.search(sentence) and not POSITIVE.search(sentence):
        return "risks"
    if (
        _EVIDENCE.search(sentence)
        and design_of(sentence)[0]
        and not has_outcome
        and not (_FOUND.search(sentence) and BENEFIT.search(sentence))
    ):
        return "evidence"
    if has_outcome or _CLEAR_BENEFIT.search(sentence):
        return "benefit"
    if _WHO.search(sentence):
        return "who"
    if BENEFIT.search(sentence):
        return "benefit"
    return "what"
