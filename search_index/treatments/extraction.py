"""What each document says of each treatment option, sentence by sentence.

Rule-based on purpose: every statement is a sentence of a document, kept whole with its
offsets; the rules only decide which option it speaks of, which row of the grid it belongs in,
what evidence stands behind it, and which figures it holds. Nothing is reworded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search_index.lexicon import tags_in, treatments
from search_index.treatments.figures import Figure, find_figures

ROWS = ["what", "who", "benefit", "evidence", "risks", "uncertain"]
ROW_TITLES = {
    "what": "What it is and how it works", "who": "Who it is for",
    "benefit": "Benefit shown", "evidence": "Strength of evidence",
    "risks": "Risks, caveats and limits", "uncertain": "What is still uncertain",
}
PATIENT_ROWS = ["what", "who", "benefit", "risks"]

# Sentence boundaries: a full stop, question or exclamation mark, then a capital — except after
# abbreviations that take a full stop.
_SENTENCE = re.compile(r"(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<=[.!?])\s+(?=[A-Z(])")


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.I)


_UNCERTAIN = _cues(r"unknown", r"more research is needed", r"(?:remains )?poorly characteri[sz]ed",
                   r"unclear", r"being explored", r"emerging", r"to confirm", r"were limited",
                   r"underrepresented", r"uncertain")
_RISK = _cues(r"adverse", r"TRAEs?\b", r"risk", r"complication", r"death", r"compromise",
              r"progress during", r"does not mean", r"no role", r"worse", r"poorer", r"relapse",
              r"toxicit", r"less effective", r"resistance", r"dampen", r"limits?\b(?! ed)",
              r"hinder", r"pitfall", r"caution", r"difficult", r"failure", r"immunosuppressive")
_EVIDENCE = _cues(r"meta-analys", r"systematic review", r"randomi[sz]ed", r"retrospective",
                  r"narrative review", r"trial", r"cohort", r"guideline")
_BENEFIT = _cues(r"improv", r"benefit", r"survival", r"response rate", r"disease control",
                 r"best chance", r"favou?rable", r"facilitate resection", r"safe and effective",
                 r"cure", r"effective", r"superior", r"enhance", r"works well", r"promise")
_WHO = _cues(r"for patients", r"should be considered", r"candida", r"selection", r"selected",
             r"not considered fit", r"unresectable", r"resectable", r"requires assessment",
             r"refer", r"suitable", r"eligible", r"key factors", r"feasibility", r"absence of",
             r"no disease progression", r"operative risk", r"number of metastases",
             r"normal liver function", r"bilobar", r"for localized", r"first-line",
             r"standard first-line", r"recommended option", r"preclude", r"can be considered",
             r"may be considered", r"should be")
_LM = _cues(r"liver metastas[ie]s", r"LMs?\b", r"hepatic metastases")
_NEGATIVE = _cues(r"limits?\b", r"dampen", r"worse", r"less effective", r"hinder", r"poorer",
                  r"reduce the effectiveness", r"resistance")
_POSITIVE = _cues(r"do not diminish", r"just as much", r"not significantly different",
                  r"still works well", r"safe and effective", r"improved outcomes in patients with",
                  r"improves survival for people with")

# Study designs, strongest first: (label, rank, pattern).
DESIGNS = [
    ("Meta-analysis of randomized trials", 5,
     _cues(r"meta-analys[ie]s of (?:\d+ )?randomi[sz]ed", r"systematic review and meta-analys")),
    ("Randomized trial", 4, _cues(r"randomi[sz]ed controlled trial", r"\bRCTs?\b",
                                  r"randomi[sz]ed (?:clinical )?trial")),
    ("Meta-analysis", 4, _cues(r"meta-analys")),
    ("Retrospective study", 2, _cues(r"retrospective (?:study|analys|cohort)")),
    ("Narrative review", 1, _cues(r"narrative review", r"\bIn this review\b")),
    ("Guideline overview", 1, _cues(r"guideline")),
]
KIND_DESIGN = {"guideline_overview": ("Guideline overview", 1),
               "pubmed_abstract": ("Narrative review", 1),
               "qa_page": ("Patient summary of research", 0)}


@dataclass
class Statement:
    option_id: str
    row: str
    text: str
    passage_id: int
    start: int  # offsets of the sentence in the passage's text
    end: int
    figures: list[Figure] = field(default_factory=list)
    design: str = ""
    design_rank: int = 0
    size: str = ""  # trials and patients behind the design, as written
    polarity: str = ""  # on whether liver metastases blunt the benefit: "reduced" | "kept"


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage."""
    out, pos = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text.rstrip())))
    return [(s, e) for s, e in out if e > s]


def design_of(text: str) -> tuple[str, int]:
    for label, rank, pattern in DESIGNS:
        if pattern.search(text):
            return label, rank
    return "", 0


_CLEAR_BENEFIT = _cues(r"improv", r"safe and effective", r"best chance", r"superior",
                       r"works well", r"do not diminish")
_SURVIVAL = _cues(r"surviv", r"\bOS\b", r"\bPFS\b", r"median", r"response")


def row_of(sentence: str, figures: list[Figure], heading: str = "") -> str:
    """The one row a sentence belongs in; the order of the tests is the order of precedence."""
    has_outcome = any(f.kind in ("comparison", "hazard_ratio", "percent") or
                      (f.kind == "months" and _SURVIVAL.search(sentence)) for f in figures)
    if heading.lower() == "methods":
        return "evidence"
    if _UNCERTAIN.search(sentence):
        return "uncertain"
    if _RISK.search(sentence) and not _POSITIVE.search(sentence):
        return "risks"
    if _EVIDENCE.search(sentence) and design_of(sentence)[0] and not has_outcome:
        return "evidence"
    if has_outcome or _CLEAR_BENEFIT.search(sentence):
        return "benefit"
    if _WHO.search(sentence):
        return "who"
    if _BENEFIT.search(sentence):
        return "benefit"
    return "what"


def polarity_of(sentence: str) -> str:
    if not _LM.search(sentence):
        return ""
    if _POSITIVE.search(sentence):
        return "kept"
    if _NEGATIVE.search(sentence):
        return "reduced"
    return ""


@dataclass
class PassageText:
    id: int
    text: str
    heading: str
    level: int
    kind: str


def extract(passages: list[PassageText], doc_kind: str, doc_design: tuple[str, int] | None = None,
            ) -> list[Statement]:
    """Statements of one document's passages (in order)."""
    options = treatments()
    fallback = doc_design or KIND_DESIGN.get(doc_kind, ("", 0))
    out: list[Statement] = []
    parent_options: list[str] = []
    parent_row = "what"
    for p in passages:
        heading_options = tags_in(p.heading, options)
        spans = sentences(p.text)
        passage_design = next((design_of(p.text[s:e]) for s, e in spans
                               if design_of(p.text[s:e])[0]), ("", 0))
        own_size = _size(p.text)
        previous: list[str] = []
        for s, e in spans:
            sentence = p.text[s:e]
            nested = p.kind == "bullet" and p.level > 1 and bool(parent_options)
            figures = find_figures(sentence)
            if nested:  # a nested bullet completes its parent's sentence: same options, row
                ids = parent_options
            else:  # what the sentence names, and what its section is about
                ids = list(dict.fromkeys(tags_in(sentence, options) + heading_options))
                if not ids and figures and previous:
                    ids = previous  # "The hazard ratios were …": figures of what was just said
            previous = ids
            if not ids:
                continue
            design, rank = design_of(sentence)
            if not design:
                design, rank = passage_design if passage_design[0] else fallback
            for option_id in ids:
                row = parent_row if nested else row_of(sentence, figures, p.heading)
                out.append(Statement(option_id, row, sentence, p.id, s, e,
                                     figures, design, rank, own_size if design else "",
                                     polarity_of(sentence)))
        if p.kind == "bullet" and p.level <= 1:
            parent_options = list(dict.fromkeys(tags_in(p.text, options) + heading_options))
            parent_row = row_of(p.text, find_figures(p.text), p.heading)
    return out


def _size(text: str) -> str:
    counts = [f.text for f in find_figures(text) if f.kind == "count"]
    return ", ".join(dict.fromkeys(counts))


def document_design(passages: list[PassageText], doc_kind: str,
                    publication_types: list[str]) -> tuple[str, int]:
    """The design a document reports of itself: its publication type or its methods, else
    what its kind implies (a guideline page, a patient summary)."""
    for label in publication_types:
        design = design_of(label) if "review" not in label.lower() else ("Narrative review", 1)
        if design[0]:
            return design
    for p in passages:
        if p.heading.lower() == "methods":
            design = design_of(p.text)
            if design[0]:
                return design
    return KIND_DESIGN.get(doc_kind, ("", 0))
