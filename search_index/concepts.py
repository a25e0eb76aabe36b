"""What a search asks for, once read: its concepts (a word, a lexicon phrase, a "quoted
phrase", a prefix*, each with what else it may be written as) and filters (query.py reads them
from what was typed)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from search_index.analysis import words
from search_index.lexicon import Alternative
from search_index.reading.model import KIND_LABELS

Term = str | tuple[str, ...]  # an index term, or the forms of one word counted as one
EXPANDED_WEIGHT = 0.5  # an expansion counts half as much as what was typed,
SAME_WORD = ("spelling", "word form")  # except another spelling or form of the same word
READ_AS_LIMIT = 300  # characters of the Read as line before "… (n more)"
# A word in capitals this long or shorter, typed alone, is an abbreviation ("SBRT", "FOLFOX");
# longer, or among other words in capitals, it was typed with caps lock on.
ABBREVIATION_LENGTH = 6


@dataclass
class Concept:
    """One thing the user asked for: a word, a known phrase, a "quoted phrase" or a prefix*."""

    text: str
    terms: tuple[str, ...]
    kind: str = "word"  # word | words (a lexicon phrase) | phrase (quoted, exact) | prefix
    required: bool = False
    excluded: bool = False
    alternatives: list[tuple[Alternative, tuple[str, ...]]] = field(default_factory=list)
    # The words of one typed token count each on its own ("E2f-1", "4-PBA"), unless it is one
    # word written in parts ("neo-adjuvant") or a phrase the lexicon knows ("side-effects").
    apart: bool = False
    together: bool = False  # ...or its parts only together, in order ("pre-operative", "5-FU")
    repeats: int = 1  # typed this many times ("cooked beans or sprouted beans"): weighs as many
    typed: str = ""  # the token as typed, punctuation and all ("vs.")

    def variants(self) -> list[tuple[tuple[str, ...], float]]:
        """(terms, weight): what was typed at full weight, each alternative at less."""
        out = [(self.terms, 1.0)] if self.terms else []
        out += [
            (t, 1.0 if a.source in SAME_WORD else EXPANDED_WEIGHT) for a, t in self.alternatives if t
        ]
        return out

    def scored(self) -> Sequence[tuple[tuple[Term, ...], float]]:
        """As variants(), but the forms of one word ("curable", "cure", "curative") as one
        term: a passage that holds any of them holds the word, as if the stemmer had joined
        them, so the rarest form does not outrank the word itself."""
        same = [t[0] for a, t in self.alternatives if a.source in SAME_WORD and len(t) == 1]
        if not self.terms or not same or self.together:
            return self.variants()
        rest = [(t, w) for t, w in self.variants()[1:] if len(t) > 1 or t[0] not in same]
        # A word typed in parts ("plant-based"): its joined form ("plantbased") counts as each
        # part, so that the rarer joined form does not outrank the word either.
        forms: tuple[Term, ...] = tuple(tuple(sorted({t, *same})) for t in self.terms)
        return [(forms, 1.0), *rest]


@dataclass
class QueryPlan:
    text: str
    concepts: list[Concept] = field(default_factory=list)
    filters: dict[str, set[str]] = field(default_factory=dict)  # facet -> accepted values
    exclusions: dict[str, set[str]] = field(default_factory=dict)  # facet -> values left out
    notices: list[str] = field(default_factory=list)
    lay: bool = False  # asked in a patient's words: answers and results before methods

    @property
    def positive(self) -> list[Concept]:
        return [c for c in self.concepts if not c.excluded]

    @property
    def uses_syntax(self) -> bool:
        return any(c.required or c.excluded or c.kind in ("phrase", "prefix") for c in self.concepts)

    def explain(self) -> str:
        """How the search was read, for the expert who wants to know why a passage matched."""
        parts = []
        for c in self.concepts:
            shown = f'"{c.text}"' if c.kind == "phrase" else c.text
            if c.kind == "prefix":
                shown += "*"
            if c.alternatives:
                shown += " (also " + ", ".join(" ".join(a.phrase) for a, _ in c.alternatives) + ")"
            prefix = "NOT " if c.excluded else "must have " if c.required else ""
            parts.append(prefix + shown)
        for negated, chosen in (("", self.filters), ("NOT ", self.exclusions)):
            for facet, values in chosen.items():
                labels = " or ".join(sorted(KIND_LABELS.get(v, v) for v in values))
                parts.append(f"{negated}{facet}: {labels}")
        shown_parts: list[str] = []
        length = 0  # a pasted page's words: the first few, and how many more
        for part in parts:
            if shown_parts and length + len(part) > READ_AS_LIMIT:
                break
            shown_parts.append(part)
            length += len(part) + 3
        more = len(parts) - len(shown_parts)
        return " · ".join(shown_parts) + (f" · … ({more} more)" if more else "")


def shouted(text: str) -> bool:
    """Whether a query was typed with caps lock on: all in capitals, and more than one word or
    a word longer than an abbreviation."""
    ws = words(text)
    return text.isupper() and (len(ws) > 1 or any(len(w) > ABBREVIATION_LENGTH for w in ws))


def abbreviation(c: Concept, plan: QueryPlan) -> bool:
    """Whether the concept was typed as an abbreviation is: in capitals, in a query not all so."""
    return c.text.isupper() and not shouted(plan.text)
