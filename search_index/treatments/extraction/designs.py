"""Study designs: the one a sentence reports, and what a document's kind implies."""

from __future__ import annotations

from search_index.treatments.extraction.cues import cues
from search_index.treatments.figures import Figure

# A study design named in a sentence is that sentence's only if the sentence reports what the
# study found (the design comes before a verb of reporting).
_REPORTS = cues(
    r"found",
    r"show(?:ed|n|s)?\b",
    r"demonstrat",
    r"indicat",
    r"report",
    r"noted",
    r"suggest",
    r"identified",
    r"examined",
    r"included",
    r"confirm",
)

# Study designs, strongest first: (label, rank, pattern).
DESIGNS = [
    (
        "Meta-analysis of randomized trials",
        5,
        cues(r"meta-analys[ie]s of (?:\d+ )?randomi[sz]ed", r"systematic review and meta-analys"),
    ),
    (
        "Randomized trial",
        4,
        cues(r"randomi[sz]ed controlled trial", r"\bRCTs?\b", r"randomi[sz]ed (?:clinical )?trial"),
    ),
    ("Meta-analysis", 4, cues(r"meta-analys")),
    ("Retrospective study", 2, cues(r"retrospective (?:stud|analys|cohort)")),
    ("Narrative review", 1, cues(r"narrative review", r"\bIn this review\b")),
    ("Guideline overview", 1, cues(r"guideline")),
]
# What a document's kind says of a sentence that names no study: a clinical summary page is not a
# guideline (its own status may say "pending review"), a patient page reports others' research.
KIND_DESIGN = {
    "guideline_overview": ("Clinical summary page", 0),
    "pubmed_abstract": ("Narrative review", 1),
    "qa_page": ("Patient summary of research", 0),
}


def design_of(text: str, reported: bool = False) -> tuple[str, int]:
    """The strongest design the text names; with `reported`, only one named before a verb of
    reporting ("a meta-analysis … found"), i.e. the design of what the sentence reports."""
    if reported:
        verbs = list(_REPORTS.finditer(text))
        if not verbs:
            return "", 0
        text = text[: verbs[-1].start()]
    for label, rank, pattern in DESIGNS:
        if pattern.search(text):
            return label, rank
    return "", 0


def size_of(figures: list[Figure]) -> str:
    """The counts among a text's figures (trials, patients), each once."""
    counts = [f.text for f in figures if f.kind == "count"]
    return ", ".join(dict.fromkeys(counts))
