"""The Porter stemmer the analysis uses (whoosh_adapter/language.py) stems every word as Whoosh's
own stemmer does: it only skips the rules a word cannot meet."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from search_index.whoosh_adapter.language import stem, whoosh_stem

# Porter's own examples of each step, and words that meet a rule's suffix but not its measure.
EXAMPLES = (
    "caresses ponies ties caress cats feed agreed plastered bled motoring sing conflated "
    "troubled sized hopping tanned falling hissing fizzed failing filing happy sky relational "
    "conditional rational valenci hesitanci digitizer conformabli radicalli differentli vileli "
    "analogousli vietnamization predication operator feudalism decisiveness hopefulness "
    "callousness formaliti sensitiviti sensibiliti triplicate formative formalize electriciti "
    "electrical hopeful goodness revival allowance inference airliner gyroscopic adjustable "
    "defensible irritant replacement adjustment dependent adoption homologou communism activate "
    "angulariti homologous effective bowdlerize probate rate cease controll roll yes yield "
    "youth ion tion sion eed ed ing s ss y ye yy ate ative"
).split()
SUFFIXES = ["s", "es", "ies", "sses", "ed", "eed", "ing", "y", "e", "ll", "ion", "tion", "sion"]
SUFFIXES += ["ational", "izer", "ousli", "aliti", "icate", "ness", "ful", "ement", "ance", "ic"]


def test_porters_examples_stem_as_whoosh_stems_them():
    assert [stem(w) for w in EXAMPLES] == [whoosh_stem(w) for w in EXAMPLES]


@settings(max_examples=3000, deadline=None)
@given(
    st.text(alphabet="aeiouybcdlmnrstvz", max_size=9),
    st.lists(st.sampled_from(SUFFIXES), max_size=3).map("".join),
)
def test_any_word_stems_as_whoosh_stems_it(start, end):
    word = start + end
    assert stem(word) == whoosh_stem(word)
