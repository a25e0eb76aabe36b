"""What each document says of each treatment option, sentence by sentence.

Rule-based on purpose: every statement is a sentence of a document, kept whole with its
offsets; the rules only decide which option it speaks of, which row of the grid it belongs in,
what evidence stands behind it, and which figures it holds. Nothing is reworded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from search_index.lexicon import tag_spans, treatment_data, treatments
from search_index.treatments.figures import Figure, find_figures

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

# Sentence boundaries: a full stop, question or exclamation mark, then a capital — except after
# abbreviations that take a full stop.
_SENTENCE = re.compile(r"(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<=[.!?])\s+(?=[A-Z(])")


def _cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.I)


_UNCERTAIN = _cues(
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
_RISK = _cues(
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
_EVIDENCE = _cues(
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
_EVIDENCE_REMARK = _cues(
    r"surrogate",
    r"in this review",
    r"variables",
    r"(?:this|the) (?:retrospective )?study included",
    r"were evaluated using",
    r"end-?points?\b",
    r"underrepresented",
)
# A study design named in a sentence is that sentence's only if the sentence reports what the
# study found (the design comes before a verb of reporting).
# Verbs that report an outcome (not "examined", "included": those describe the study).
_FOUND = _cues(r"found", r"show(?:ed|n|s)?\b", r"demonstrat", r"indicat", r"report")
# A sentence that goes on with what the one before it said ("The survival benefit was …").
_CONTINUES = re.compile(r"^(?:The|This|These|Such|Despite this)\b")
# A primary study's own sections: what they say is about the study's subject.
_STUDY_SECTIONS = {"aim", "methods", "results", "conclusion", "core tip"}
_REPORTS = _cues(
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
# Words after which a named treatment is the comparison, the partner or an aside, not the subject.
_ASIDE = re.compile(
    r"\b(?:to|with|compared|than|versus|vs\.?|after|before|combined|rather|"
    r"instead|plus|alongside|following|during|under|from)\b",
    re.I,
)
_BENEFIT = _cues(
    r"improv",
    r"benefit",
    r"survival",
    r"response rate",
    r"disease control",
    r"best chance",
    r"favou?rable",
    r"facilitate resection",
    r"safe and effective",
    r"cure",
    r"effective",
    r"superior",
    r"enhance",
    r"works well",
    r"promise",
)
_WHO = _cues(
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
_LM = _cues(r"liver metastas[ie]s", r"LMs?\b", r"hepatic metastases")
_NEGATIVE = _cues(
    r"limits?\b",
    r"dampen",
    r"worse",
    r"less effective",
    r"hinder",
    r"poorer",
    r"reduce the effectiveness",
    r"resistance",
)
_POSITIVE = _cues(
    r"do not diminish",
    r"just as much",
    r"not significantly different",
    r"still works well",
    r"safe and effective",
    r"improved outcomes in patients with",
    r"improves survival for people with",
)
# Whether liver metastases keep the benefit needs a comparison with patients without them: a
# benefit within patients with liver metastases alone says nothing of it.
_KEPT = _cues(
    r"do not diminish",
    r"just as much",
    r"not significantly different",
    r"still works well",
    r"both with and without",
    r"regardless of liver",
    r"consistent across",
)
_WITHOUT = _cues(r"without (?:liver metastas|LMs?\b)", r"than those without", r"in the absence of")
# Another question than the benefit's: a worse prognosis, or a mechanism (an immune niche), unless
# the sentence says the treatment's effectiveness or benefit suffers.
_OTHER_QUESTION = _cues(r"prognosis", r"environment", r"niche", r"worse responses")
_EFFECT = _cues(r"effectiveness", r"benefit")

# Study designs, strongest first: (label, rank, pattern).
DESIGNS = [
    (
        "Meta-analysis of randomized trials",
        5,
        _cues(r"meta-analys[ie]s of (?:\d+ )?randomi[sz]ed", r"systematic review and meta-analys"),
    ),
    (
        "Randomized trial",
        4,
        _cues(r"randomi[sz]ed controlled trial", r"\bRCTs?\b", r"randomi[sz]ed (?:clinical )?trial"),
    ),
    ("Meta-analysis", 4, _cues(r"meta-analys")),
    ("Retrospective study", 2, _cues(r"retrospective (?:stud|analys|cohort)")),
    ("Narrative review", 1, _cues(r"narrative review", r"\bIn this review\b")),
    ("Guideline overview", 1, _cues(r"guideline")),
]
# What a document's kind says of a sentence that names no study: a clinical summary page is not a
# guideline (its own status may say "pending review"), a patient page reports others' research.
KIND_DESIGN = {
    "guideline_overview": ("Clinical summary page", 0),
    "pubmed_abstract": ("Narrative review", 1),
    "qa_page": ("Patient summary of research", 0),
}


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
    arms: list[dict] = field(default_factory=list)  # label, option, role, figures
    lead_in: str = ""  # the words a fragment completes ("Key factors … include:")
    cut_off: bool = False  # the saved copy cuts the sentence off


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage."""
    out, pos = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text.rstrip())))
    return [(s, e) for s, e in out if e > s]


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


_CLEAR_BENEFIT = _cues(
    r"improv",
    r"safe and effective",
    r"best chance",
    r"superior",
    r"works well",
    r"do not diminish",
    r"factors significantly influencing",
    r"prognostic factors were identified",
)
_SURVIVAL = _cues(r"surviv", r"\bOS\b", r"\bPFS\b", r"median", r"response")


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
    if _RISK.search(sentence) and not _POSITIVE.search(sentence):
        return "risks"
    if (
        _EVIDENCE.search(sentence)
        and design_of(sentence)[0]
        and not has_outcome
        and not (_FOUND.search(sentence) and _BENEFIT.search(sentence))
    ):
        return "evidence"
    if has_outcome or _CLEAR_BENEFIT.search(sentence):
        return "benefit"
    if _WHO.search(sentence):
        return "who"
    if _BENEFIT.search(sentence):
        return "benefit"
    return "what"


def polarity_of(sentence: str) -> str:
    """On whether liver metastases blunt the benefit: "kept", "reduced" or "" (the sentence
    does not say)."""
    if not _LM.search(sentence):
        return ""
    if _KEPT.search(sentence):
        return "kept"
    if _OTHER_QUESTION.search(sentence) and not _EFFECT.search(sentence):
        return ""
    if _NEGATIVE.search(sentence) or (_WITHOUT.search(sentence) and _BENEFIT.search(sentence)):
        return "reduced"
    return ""


@dataclass
class PassageText:
    id: int
    text: str
    heading: str
    level: int
    kind: str
    truncated: bool = False


def about(sentence: str, options: tuple) -> list[str]:
    """The options a sentence is about: those it names before it turns to a partner, a
    comparison or an aside ("Ablation … can be combined with hepatic resection" is about
    ablation; "3 months of chemotherapy before … surgical resection" about chemotherapy)."""
    spans = tag_spans(sentence, options)
    if not spans:
        return []
    aside = _ASIDE.search(sentence, spans[0][1])
    cut = aside.start() if aside else len(sentence)
    return list(dict.fromkeys(t for s, _e, t in spans if s < cut))


_FRAGMENT = re.compile(r"^\W*(?:\w+\W+){0,4}\w*\W*$")  # five words or fewer
_GROUP = re.compile(
    r"(?P<a>\d[\d.,]*\s*(?:months|%))\s+(?:in|with|for) (?:the )?(?P<la>[^,;()]+?)"
    r"(?: group| arm)?\s+(?:vs\.?|versus|compared with)\s+(?P<b>\d[\d.,]*\s*"
    r"(?:months|%))\s+(?:in|with|for) (?:the )?(?P<lb>[^,;()]+?)(?: group| arm)"
    r"?(?=[,;.)]|$)"
)
_AGAINST = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?)\s+(?P<c>[^,;.()]+)", re.I)


def _number(figure: str) -> float:
    """The number a figure starts with ("20.8 months", "1,204"): _GROUP's starts with one."""
    number = re.match(r"[\d.]+", figure.replace(",", ""))
    assert number is not None
    return float(number.group())


def arms_of(
    sentence: str,
    ids: list[str],
    figures: list[Figure],
    options: tuple,
) -> tuple[list[dict], list[str]]:
    """The arms a sentence compares and the option(s) whose effect it measures.

    "10.8 months in the CMT group vs 20.8 months in the CMT + ICI group": the arm that did
    better (more months, a larger share) is the intervention, the other the comparator, each
    with its figure; "… improved X compared to Y": the sentence's subject against Y."""

    def option_of(label: str) -> str | None:
        spans = tag_spans(label, options)
        return max(spans, key=lambda s: s[1] - s[0])[2] if spans else None

    if m := _GROUP.search(sentence):
        a, b = (m.group("a"), m.group("la").strip()), (m.group("b"), m.group("lb").strip())
        better, worse = (b, a) if _number(b[0]) >= _number(a[0]) else (a, b)
        arms: list[dict[str, Any]] = [
            {
                "label": better[1],
                "option": option_of(better[1]),
                "role": "intervention",
                "figures": [better[0]],
            },
            {
                "label": worse[1],
                "option": option_of(worse[1]),
                "role": "comparator",
                "figures": [worse[0]],
            },
        ]
        owner = arms[0]["option"]
        return arms, [owner] if owner else ids
    m = _AGAINST.search(sentence) if ids else None
    if m and option_of(m.group("c")) and (figures or _BENEFIT.search(sentence)):
        label = m.group("c").strip()
        subject = sentence[: m.start()]
        named = [(s, e) for s, e, t in tag_spans(subject, options) if t in ids]
        return [
            {
                "label": subject[named[0][0] : named[-1][1]] if named else ids[0],
                "option": ids[0],
                "role": "intervention",
                "figures": [f.text for f in figures if f.end <= len(subject)],
            },
            {
                "label": label,
                "option": option_of(label),
                "role": "comparator",
                "figures": [f.text for f in figures if f.start >= m.start()],
            },
        ], ids
    return [], ids


def without_parts(ids: list[str]) -> list[str]:
    """A sentence on a combination is not about its parts ("CMT + ICI vs CMT" is about
    chemoimmunotherapy, the comparator named in its arms)."""
    parts = {p for o in treatment_data()["options"] if o["id"] in ids for p in o.get("parts", [])}
    return [i for i in ids if i not in parts]


def extract(
    passages: list[PassageText],
    doc_kind: str,
    doc_design: tuple[str, int, str] | None = None,
    title: str = "",
) -> list[Statement]:
    """Statements of one document's passages (in order).

    A sentence's badge is its own: the design and size it names for what it reports, else the
    document's own design (a study reporting itself), else what the document's kind implies;
    never another sentence's. In a study's own sections (methods, results …) a sentence is about
    the study's subject (what its title or aim names)."""
    options = treatments()
    subject = without_parts(about(title, options)) if title else []
    own_design = doc_design or (*KIND_DESIGN.get(doc_kind, ("", 0)), "")
    out: list[Statement] = []
    parent_options: list[str] = []
    parent_row = "what"
    lead_in = ""
    for p in passages:
        heading_options = about(p.heading, options)
        spans = sentences(p.text)
        nested = p.kind == "bullet" and p.level > 1
        if p.kind == "bullet" and p.level <= 1:
            lead_in = p.text if p.text.rstrip().endswith(":") else ""
        previous: list[str] = []
        for i, (s, e) in enumerate(spans):
            sentence = p.text[s:e]
            if sentence.rstrip().endswith(":"):
                continue  # a lead-in: it is shown before the items that complete it
            fragment = bool(_FRAGMENT.match(sentence))
            if fragment and not (nested and lead_in):
                continue  # a bare fragment ("Low operative risk") without its lead-in
            figures = find_figures(sentence)
            if nested and lead_in:  # an item completes its lead-in: same options, same row
                ids = parent_options
            else:  # what the sentence is about, else what its section is about
                ids = about(sentence, options) or heading_options
                if subject and p.heading.lower() in _STUDY_SECTIONS:
                    ids = without_parts(subject + ids)
                if not ids and previous and (figures or _CONTINUES.match(sentence)):
                    ids = previous  # "The hazard ratios were …": of what was just said
            previous = ids
            if not ids:
                continue
            arms, ids = arms_of(sentence, ids, figures, options)
            design, rank = design_of(sentence, reported=True)
            size = _size(sentence)
            if not design:
                design, rank = own_design[0], own_design[1]
                size = size or own_design[2]
            for option_id in ids:
                row = parent_row if nested and lead_in else row_of(sentence, figures, p.heading)
                out.append(
                    Statement(
                        option_id,
                        row,
                        sentence,
                        p.id,
                        s,
                        e,
                        figures,
                        design,
                        rank,
                        size,
                        polarity_of(sentence),
                        arms,
                        lead_in if nested else "",
                        p.truncated and i == len(spans) - 1,
                    )
                )
        if p.kind == "bullet" and p.level <= 1:
            parent_options = about(p.text, options) or heading_options
            parent_row = row_of(p.text, find_figures(p.text), p.heading)
    return out


def _size(text: str) -> str:
    counts = [f.text for f in find_figures(text) if f.kind == "count"]
    return ", ".join(dict.fromkeys(counts))


def document_design(
    passages: list[PassageText], doc_kind: str, publication_types: list[str]
) -> tuple[str, int, str]:
    """The design a document reports of itself, with its size: its publication type or its
    methods, else what its kind implies (a clinical summary page, a patient summary)."""
    for label in publication_types:
        design = design_of(label) if "review" not in label.lower() else ("Narrative review", 1)
        if design[0]:
            return design[0], design[1], ""
    for p in passages:
        if p.heading.lower() == "methods":
            for s, e in sentences(p.text):
                design = design_of(p.text[s:e])
                if design[0]:
                    return design[0], design[1], _size(p.text[s:e])
    return (*KIND_DESIGN.get(doc_kind, ("", 0)), "")
