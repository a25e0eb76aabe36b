"""A word typed joined that the collection writes in two ("firstline": first-line, first line;
"antiVEGF": anti-VEGF): the two words, where a passage holds them together, are another form
of it, as a typed "chemo-immunotherapy" is also chemoimmunotherapy (query.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from search_index.analysis import STOP, term_of, words
from search_index.concepts import QueryPlan
from search_index.query import also_written
from search_index.resources import english_words

# A word the collection holds this often is its own way of writing it, and is not split (the
# spelling's "common" too: suggest.py).
COMMON = 3


def add_split_forms(
    plan: QueryPlan, counts: Mapping[str, int], together: Callable[[tuple[str, ...]], bool]
) -> None:
    """Give each word of `plan` typed on its own, rare in the collection (`counts`: its words)
    and no English word ("another" is never "an other"), the forms of it in two words of the
    collection (no stop word) that a passage holds side by side (`together`: whether one
    holds these terms in order)."""
    for c in plan.concepts:
        if c.kind != "word" or not c.terms:
            continue
        (word,) = words(c.text)
        if counts.get(word, 0) >= COMMON or word in english_words():
            continue
        for i in range(2, len(word) - 1):
            head, tail = word[:i], word[i:]
            if head in STOP or tail in STOP or head not in counts or tail not in counts:
                continue
            if together((term_of(head), term_of(tail))):
                also_written(c, (head, tail))
