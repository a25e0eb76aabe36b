"""What each document says of each treatment option, sentence by sentence.

Rule-based on purpose: every statement is a sentence of a document, kept whole with its
offsets; the rules only decide which option it speaks of, which row of the grid it belongs in,
what evidence stands behind it, and which figures it holds. Nothing is reworded.

By job: `statements` (extract: a document's statements, and its own design), `sentence_topics` (a
passage's sentences and the options each is about), `rows` (the grid's rows and which one a
sentence belongs in), `designs` (the study design a sentence reports), `polarity` (whether it says
liver metastases blunt the benefit), `arms` (the arms it compares), `cues` (shared cue phrases).
"""

from search_index.treatments.extraction.arms import arms_of
from search_index.treatments.extraction.designs import DESIGNS, KIND_DESIGN, design_of
from search_index.treatments.extraction.polarity import polarity_of
from search_index.treatments.extraction.rows import (
    PATIENT_ROW_TITLES,
    PATIENT_ROWS,
    ROW_TITLES,
    ROWS,
    row_of,
)
from search_index.treatments.extraction.sentence_topics import about, sentences, without_parts
from search_index.treatments.extraction.statements import (
    PassageText,
    Statement,
    document_design,
    extract,
)

__all__ = [
    "DESIGNS",
    "KIND_DESIGN",
    "PATIENT_ROWS",
    "PATIENT_ROW_TITLES",
    "ROWS",
    "ROW_TITLES",
    "PassageText",
    "Statement",
    "about",
    "arms_of",
    "design_of",
    "document_design",
    "extract",
    "polarity_of",
    "row_of",
    "sentences",
    "without_parts",
]
