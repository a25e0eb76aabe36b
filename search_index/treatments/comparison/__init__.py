"""The comparison grid: options as columns, the questions people ask as rows, each cell the
statements of the documents, with figures, evidence, and where each came from.

By job: `grid` (build_grid: the grid for some options, for clinicians or patients),
`statement_view` (a statement as shown, and its evidence's strength), `loading` (statements read
from the store, clinicians' reviews applied), `disagreements` (where the collection disagrees,
counted by study), `plain_language` (abbreviations spelled out, the glossary).
"""

from search_index.treatments.comparison.disagreements import (
    Disagreement,
    find_disagreements,
    note_label,
)
from search_index.treatments.comparison.grid import (
    NOTHING,
    Cell,
    Column,
    Grid,
    build_grid,
    option_label,
    option_list,
)
from search_index.treatments.comparison.plain_language import (
    abbreviations,
    glossary,
    glossary_for,
    plain_words,
    spell_out,
    word_forms,
)
from search_index.treatments.comparison.statement_view import (
    AUTOMATIC,
    PATIENT_PLACEMENT_CHECKED,
    PLACEMENT_CHECKED,
    StatementView,
)

__all__ = [
    "AUTOMATIC",
    "NOTHING",
    "PATIENT_PLACEMENT_CHECKED",
    "PLACEMENT_CHECKED",
    "Cell",
    "Column",
    "Disagreement",
    "Grid",
    "StatementView",
    "abbreviations",
    "build_grid",
    "find_disagreements",
    "glossary",
    "glossary_for",
    "note_label",
    "option_label",
    "option_list",
    "plain_words",
    "spell_out",
    "word_forms",
]
