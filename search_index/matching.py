"""Which passages hold what was asked for: a concept's words (a phrase in order, a prefix's
words), a filter's values; and, from that, the facet counts and what the collection does not
hold."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from search_index.analysis import words
from search_index.concepts import Concept, QueryPlan, Term, abbreviation
from search_index.fields import FACETS, facet_label
from search_index.lexicon import abbreviations, expansions
from search_index.passage_index import PassageIndex
from search_index.ranking import Ranker
from search_index.results import FacetValue

MAX_PREFIX_TERMS = 40
# A word held by this share of the passages is the collection's own subject ("liver"): a
# search whose other words are all absent asks about something the collection does not cover.
GENERAL_SHARE = 0.25


class Matcher:
    """Masks of the passages holding concepts, kept for one search (reset() between them)."""

    def __init__(self, passages: PassageIndex, ranker: Ranker) -> None:
        self.passages = passages
        self.ranker = ranker
        self._masks: dict = {}
        self._facet_values = {f: passages.facet_values(f) for f in FACETS}

    def reset(self) -> None:
        self._masks = {}

    def all_of(self, terms: tuple[Term, ...], fields: tuple[str, ...] | None = None) -> np.ndarray:
        key = (terms, fields)
        if key not in self._masks:
            m = np.ones(self.ranker.n, dtype=bool)
            for t in terms:
                m &= self.ranker.mask_of(t, fields)
            self._masks[key] = m
        return self._masks[key]

    def concept(
        self, c: Concept, typed_only: bool = True, fields: tuple[str, ...] | None = None
    ) -> np.ndarray:
        """Passages holding the concept: all words of one of its variants (a phrase: in order).
        Made once a search (ranking, coverage and facets ask again), read-only."""
        key = ("concept", id(c), typed_only, fields)
        if key not in self._masks:
            mask = self._concept(c, typed_only, fields)
            mask.flags.writeable = False
            self._masks[key] = mask
        return self._masks[key]

    def demanded(self, c: Concept) -> np.ndarray:
        """Passages holding a concept that must be there: in any of its forms, as "Read as"
        says (the results and the filter pane's counts alike)."""
        return self.concept(c, typed_only=False)

    def _concept(self, c: Concept, typed_only: bool, fields: tuple[str, ...] | None) -> np.ndarray:
        r = self.ranker
        mask = np.zeros(r.n, dtype=bool)
        if c.kind == "prefix":
            for t in self.prefix_terms(c):
                r.mark(mask, t, fields)
            return mask
        # a word left out is left out in every form of it ("chemo-immunotherapy", joined)
        plain = (typed_only or c.kind == "phrase") and not c.excluded
        variants = [(c.terms, 1.0)] if plain else c.variants()
        for terms, _ in variants:
            if len(terms) == 1:  # its passages set straight in the mask
                r.mark(mask, terms[0], fields)
            elif terms:
                mask |= self.variant(c, terms, fields)
        return mask

    def variant(
        self, c: Concept, terms: tuple[Term, ...], fields: tuple[str, ...] | None = None
    ) -> np.ndarray:
        """Passages holding a variant of several words of the concept: an expansion from the
        lexicon ("overall survival" for OS) or a quoted phrase as a phrase; the words typed
        ("colon cancer", "E2f-1") anywhere in the passage, as typed words are."""
        if terms == c.terms and c.kind != "phrase" and not c.together:
            return self.all_of(terms, fields)
        return self.phrase_of(terms, fields)

    def phrase_of(self, terms: tuple[Term, ...], fields: tuple[str, ...] | None = None) -> np.ndarray:
        """Passages holding `terms` together and in order in one of `fields` (default: every
        searched field); stop words between them do not part them, as the index leaves them
        out ("chemotherapy with immunotherapy")."""
        key = ("phrase", terms, fields)
        if key not in self._masks:
            searched = self.passages.fields
            mask = np.zeros(self.ranker.n, dtype=bool)
            for f in searched if fields is None else [f for f in fields if f in searched]:
                mask |= self._phrase_in(terms, f)
            self._masks[key] = mask
        return self._masks[key]

    def _phrase_in(self, terms: tuple[Term, ...], fieldname: str) -> np.ndarray:
        key = ("phrase in", terms, fieldname)
        if key not in self._masks:
            docs = np.flatnonzero(self.all_of(terms, (fieldname,)))
            mask = np.zeros(self.ranker.n, dtype=bool)
            if len(docs):
                sequence, lengths = self.passages.field_sequences(docs, fieldname)
                ids = [self._ids(t) for t in terms]
                mask[docs[_holding_phrase(sequence, lengths, ids)]] = True
            self._masks[key] = mask
        return self._masks[key]

    def _ids(self, term: Term) -> np.ndarray:
        return np.array([self.passages.term_id(t) for t in ((term,) if isinstance(term, str) else term)])

    def prefix_terms(self, c: Concept) -> list[str]:
        found: set[str] = set()
        for f in self.passages.fields:
            found.update(self.passages.expand_prefix(f, c.terms[0], MAX_PREFIX_TERMS))
        return sorted(found)[:MAX_PREFIX_TERMS]

    def filter(self, facet: str, values: set[str]) -> np.ndarray:
        mask = np.zeros(self.ranker.n, dtype=bool)
        for v in values:
            mask[self.ranker.docs_with(facet, v)] = True
        return mask

    def coverage(self, plan: QueryPlan, misspelt: bool) -> tuple[list[str], str]:
        """The typed words no passage holds (in any form the lexicon knows), and what to tell:
        that nothing mentions them, or, when the rest of the search is only the collection's
        own subject and each of them is a known subject (a lexicon term, an abbreviation in
        capitals: never a plain word, which may be misspelt, nor a word typed with caps lock
        on), that the collection does not cover what was asked."""
        live = self.ranker.live
        held = {
            id(c): int(np.count_nonzero(self.concept(c, typed_only=False) & live)) for c in plan.positive
        }
        lacking = [c for c in plan.positive if not held[id(c)]]
        if not lacking:
            return [], ""
        absent = [c.text for c in lacking]
        names = " or ".join(f"“{a}”" for a in absent)
        share = GENERAL_SHARE * int(np.count_nonzero(live))
        general = all(n >= share for n in held.values() if n)
        subjects = all(_lexicon_knows(c) or abbreviation(c, plan) for c in lacking)
        if general and subjects and not misspelt:
            return absent, f"The collection does not cover {names}."
        return absent, f"Nothing in the collection mentions {names}."

    def facets(
        self, plan: QueryPlan, filter_masks: Mapping[str, np.ndarray], matched: np.ndarray
    ) -> dict[str, list[FacetValue]]:
        """Per facet, how many passages each value would leave (the other filters applied);
        `matched`: the passages holding at least one concept."""
        live = self.ranker.live
        if plan.positive:
            base = np.zeros(self.ranker.n, dtype=bool)
            base[matched] = live[matched]
        else:
            base = live.copy()
        for c in plan.concepts:
            if c.excluded:
                base &= ~self.concept(c)
            elif c.required:
                base &= self.demanded(c)
        for facet, left_out in plan.exclusions.items():  # a value left out is not offered
            base &= ~self.filter(facet, left_out)
        out: dict[str, list[FacetValue]] = {}
        for facet in FACETS:
            mask = base.copy()
            for other, m in filter_masks.items():
                if other != facet:
                    mask &= m
            values = []
            for v in self._facet_values[facet]:
                count = int(np.count_nonzero(mask[self.ranker.docs_with(facet, v)]))
                if count or v in plan.filters.get(facet, ()):
                    values.append(FacetValue(v, facet_label(facet, v), count))
            if facet == "year":
                values.sort(key=lambda fv: fv.value, reverse=True)
            else:
                values.sort(key=lambda fv: (-fv.count, fv.label))
            out[facet] = values
        return out


def _lexicon_knows(c: Concept) -> bool:
    """Whether the lexicon knows the concept, or the word it is written in parts
    ("radio-embolisation"), as it was read; not a word only joined up ("blah-blah"), nor a
    common word that it knows only as an abbreviation ("net", typed so: not NET)."""
    table, typed = expansions(), tuple(words(c.text))
    read_so = typed in table and (typed not in abbreviations() or bool(c.alternatives))
    return read_so or any(a.phrase in table for a, _ in c.alternatives)


def _holding_phrase(seq: np.ndarray, lengths: np.ndarray, ids: list[np.ndarray]) -> np.ndarray:
    """Which of several passages (their term numbers one after another in `seq`, `lengths`
    each) hold a run of words, the i-th of them one of `ids[i]`: the places of the first word
    found in one pass over them all, then only those places' next words looked at."""
    found = np.zeros(len(lengths), dtype=bool)
    at = np.flatnonzero(np.isin(seq, ids[0]))
    ends = np.cumsum(lengths)
    owner = np.searchsorted(ends, at, side="right")
    inside = at + len(ids) <= ends[owner]  # the run ends within the passage
    at, owner = at[inside], owner[inside]
    for j in range(1, len(ids)):
        held = np.isin(seq[at + j], ids[j])
        at, owner = at[held], owner[held]
    found[owner] = True
    return found
