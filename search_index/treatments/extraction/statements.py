"""The statements of one document: each sentence about an option, with its row, badge and arms."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from search_index.lexicon import treatments
from search_index.treatments.extraction.arms import arms_of
from search_index.treatments.extraction.designs import KIND_DESIGN, design_of, size_of
from search_index.treatments.extraction.polarity import polarity_of
from search_index.treatments.extraction.rows import row_of
from search_index.treatments.extraction.sentence_topics import about, sentences, without_parts
from search_index.treatments.figures import Figure, find_figures

# A sentence that goes on with what the one before it said ("The survival benefit was …").
_CONTINUES = re.compile(r"^(?:The|This|These|Such|Despite this)\b")
# A primary study's own sections: what they say is about the study's subject.
_STUDY_SECTIONS = {"aim", "methods", "results", "conclusion", "core tip"}
_FRAGMENT = re.compile(r"^\W*(?:\w+\W+){0,4}\w*\W*$")  # five words or fewer


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


@dataclass
class PassageText:
    id: int
    text: str
    heading: str
    level: int
    kind: str
    truncated: bool = False


@dataclass
class _Reading:
    """What a document's sentences are read against, as its passages go by."""

    options: tuple
    subject: list[str]  # the options a study is about (its title names them)
    own_design: tuple[str, int, str]  # the document's design and size, for sentences naming none
    parent_options: list[str] = field(default_factory=list)  # a lead-in bullet's options …
    parent_row: str = "what"  # … and row, which its nested items take
    lead_in: str = ""  # the top-level bullet that the nested items complete ("… include:")


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
    reading = _Reading(
        options,
        without_parts(about(title, options)) if title else [],
        doc_design or (*KIND_DESIGN.get(doc_kind, ("", 0)), ""),
    )
    out: list[Statement] = []
    for p in passages:
        heading_options = about(p.heading, options)
        top = p.kind == "bullet" and p.level <= 1
        if top:
            reading.lead_in = p.text if p.text.rstrip().endswith(":") else ""
        out += _passage_statements(p, heading_options, reading)
        if top:
            reading.parent_options = about(p.text, options) or heading_options
            reading.parent_row = row_of(p.text, find_figures(p.text), p.heading)
    return out


def _passage_statements(
    p: PassageText, heading_options: list[str], reading: _Reading
) -> list[Statement]:
    spans = sentences(p.text)
    nested = p.kind == "bullet" and p.level > 1
    completes = nested and bool(reading.lead_in)  # an item completes its lead-in
    out: list[Statement] = []
    previous: list[str] = []
    for i, (s, e) in enumerate(spans):
        sentence = p.text[s:e]
        if sentence.rstrip().endswith(":"):
            continue  # a lead-in: it is shown before the items that complete it
        if _FRAGMENT.match(sentence) and not completes:
            continue  # a bare fragment ("Low operative risk") without its lead-in
        figures = find_figures(sentence)
        if completes:  # same options, same row as its lead-in
            ids = reading.parent_options
        else:
            ids = _options_of(sentence, figures, p.heading, heading_options, previous, reading)
        previous = ids
        if not ids:
            continue
        arms, ids = arms_of(sentence, ids, figures, reading.options)
        design, rank, size = _badge(sentence, figures, reading.own_design)
        row = reading.parent_row if completes else row_of(sentence, figures, p.heading)
        out += [
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
                reading.lead_in if nested else "",
                p.truncated and i == len(spans) - 1,
            )
            for option_id in ids
        ]
    return out


def _options_of(
    sentence: str,
    figures: list[Figure],
    heading: str,
    heading_options: list[str],
    previous: list[str],
    reading: _Reading,
) -> list[str]:
    """What the sentence is about, else what its section is about; in a study's own sections,
    the study's subject too; else, for figures or a sentence going on, what was just said."""
    ids = about(sentence, reading.options) or heading_options
    if reading.subject and heading.lower() in _STUDY_SECTIONS:
        ids = without_parts(reading.subject + ids)
    if not ids and previous and (figures or _CONTINUES.match(sentence)):
        ids = previous  # "The hazard ratios were …": of what was just said
    return ids


def _badge(
    sentence: str, figures: list[Figure], own_design: tuple[str, int, str]
) -> tuple[str, int, str]:
    """The design, rank and size a sentence names for what it reports, else the document's."""
    design, rank = design_of(sentence, reported=True)
    size = size_of(figures)
    if not design:
        design, rank = own_design[0], own_design[1]
        size = size or own_design[2]
    return design, rank, size


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
                    return design[0], design[1], size_of(find_figures(p.text[s:e]))
    return (*KIND_DESIGN.get(doc_kind, ("", 0)), "")
