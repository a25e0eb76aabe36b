"""Searching the collection: read the query, pick the passages, rank them, make the hits.

One engine serves the window, the command line and the benchmark alike. Which passages hold
what was asked is matching.py's; making a ranked passage a hit with its marked words is
hits.py's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np

from search_index.analysis import learn_forms
from search_index.concepts import Concept, QueryPlan, Term
from search_index.fields import BOILERPLATE, BOILERPLATE_HEADING, METHODS, QUESTION, ROLE
from search_index.hits import HitMaker, Marking
from search_index.joined import add_split_forms
from search_index.matching import Matcher
from search_index.passage_index import PassageIndex
from search_index.query import FILTERS, parse
from search_index.ranking import Frame, Ranker, RankingParams, top_k
from search_index.resources import english_words
from search_index.results import Results
from search_index.suggest import Vocabulary

OWN_FIELDS = ("section", "text")  # a passage's own words; the title is its document's


class Ranked(NamedTuple):
    """A search's passages (its frame: those holding any of its words) and, over them:"""

    frame: Frame
    scores: np.ndarray
    wanted: np.ndarray  # holding what was asked for (filters applied)
    candidates: np.ndarray  # those, and the ones feedback found through related words
    matched: np.ndarray  # holding at least one concept (no filters)
    feedback_terms: list[str]


class SearchEngine:
    """Searches over one opened index of passages, whatever keeps it (engine.open_engine opens
    a collection's); one search at a time (the rows' reader is not shared)."""

    def __init__(
        self,
        passages: PassageIndex,
        vocabulary: Vocabulary,
        documents: Mapping[str, dict] | None = None,
        params: RankingParams | None = None,
        on_close: Callable[[], None] = lambda: None,
    ) -> None:
        self.passages = passages
        self.ranker = Ranker(self.passages, params)
        self.vocabulary = vocabulary
        self.documents = documents or {}
        self.matcher = Matcher(self.passages, self.ranker)
        self.hits = HitMaker(self.passages, self.documents)
        self._lock = threading.Lock()
        self._on_close = on_close  # lets go of what opening the passages holds open

    def close(self) -> None:
        self._on_close()

    def warm_up(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Read the arrays once, so that the first searches find them in memory. Ranking does
        not depend on it: everything it reads was written with the index. Returns the bytes
        read."""
        english_words()  # (spelling's list: read here, not at the first misspelt search)
        return self.passages.touch(cancelled)

    @property
    def passage_count(self) -> int:
        return int(self.ranker.live.sum())

    # -- the search --------------------------------------------------------------------------

    def search(
        self,
        text: str,
        limit: int = 50,
        filters: Mapping[str, set[str]] | None = None,
        correct: bool = True,
    ) -> Results:
        """The best passages for `text`. A search that finds nothing (all of it, when it uses
        syntax) but has a likely correction shows the correction's results instead (unless
        `correct` is False), with `corrected_from` set to what was typed."""
        plan = self._plan(text, filters)
        if not plan.concepts and not plan.filters and not plan.exclusions:
            return Results(query=text.strip(), total=0, notice=" ".join(plan.notices))
        with self._lock:
            results = self._search(plan, limit)
            if correct and results.total == 0 and results.suggestion:
                fixed = self._whole_or_some(self._plan(results.suggestion, filters), limit)
                if fixed.total:
                    fixed.corrected_from, fixed.suggestion = text.strip(), None
                    return fixed
            return self._whole_or_some(plan, limit, results)

    def _whole_or_some(self, plan: QueryPlan, limit: int, whole: Results | None = None) -> Results:
        """The passages with all of the plan, or, if none has and it uses syntax, some of it."""
        results = whole if whole is not None else self._search(plan, limit)
        if results.total == 0 and plan.uses_syntax and plan.positive:
            return self._search(self._relaxed(plan), limit)
        return results

    @staticmethod
    def _plan(text: str, filters: Mapping[str, set[str]] | None) -> QueryPlan:
        plan = parse(text) if text.strip() else QueryPlan(text)
        for name, values in (filters or {}).items():
            if values:  # by a facet's name, or a name the query syntax reads for it ("type")
                facet = FILTERS[name]
                plan.filters[facet] = plan.filters.get(facet, set()) | set(values)
        return plan

    @staticmethod
    def _relaxed(plan: QueryPlan) -> QueryPlan:
        """Nothing has all of it (an exact phrase, a word that must be there): the plan that
        says so and looks for any of its words."""
        plain = parse(" ".join(c.text for c in plan.positive))
        plain.filters, plain.exclusions, plain.text = plan.filters, plan.exclusions, plan.text
        plain.notices = [
            *plan.notices,
            "No passage has all of that exactly; these have some of its words.",
        ]
        plain.concepts = [c for c in plain.concepts if not c.excluded]
        for c in plain.concepts:
            c.required = False
            c.kind = "words" if c.kind == "phrase" else c.kind
        plain.concepts += [c for c in plan.concepts if c.excluded]  # what was left out stays out
        return plain

    def _search(self, plan: QueryPlan, limit: int) -> Results:
        self._split_forms(plan)
        filter_masks = {f: self.matcher.filter(f, v) for f, v in plan.filters.items()}
        for f, v in plan.exclusions.items():
            left = ~self.matcher.filter(f, v)
            filter_masks[f] = filter_masks[f] & left if f in filter_masks else left
        ranked = self._rank(plan, filter_masks)
        order = top_k(ranked.scores, ranked.candidates, limit)
        marking = Marking(self._variants(plan), self._together(plan))
        docs = ranked.frame.docs
        hits = [
            self.hits.hit(int(docs[i]), float(ranked.scores[i]), marking, not ranked.wanted[i])
            for i in order
        ]
        suggestion = self.vocabulary.corrected(plan)
        absent, coverage = self.matcher.coverage(plan, misspelt=suggestion is not None)
        return Results(
            query=plan.text.strip(),
            total=int(np.count_nonzero(ranked.wanted)),
            hits=hits,
            notice=" ".join(plan.notices),
            explanation=plan.explain(),
            suggestion=suggestion,
            facets=self.matcher.facets(plan, filter_masks, docs[ranked.matched]),
            related_count=int(np.count_nonzero(ranked.candidates & ~ranked.wanted)),
            feedback_terms=ranked.feedback_terms,
            absent=absent,
            coverage=coverage,
        )

    def _rank(self, plan: QueryPlan, filter_masks: Mapping[str, np.ndarray]) -> Ranked:
        """The scores of the passages holding any of the query's words: the typed query, then
        (on a collection large enough to learn from) feedback and the neighbours' scores, then
        what the passage holds and is. A passage holding none of them scores nothing."""
        r = self.ranker
        memo: dict = {}
        if plan.positive:
            frame = r.frame(self._typed_terms(plan), memo)
        else:  # filters alone: every passage they allow
            frame = Frame.of([np.flatnonzero(self._allowed(plan, filter_masks, None))], r.n)
        scores, weights, matched = self._first_pass(plan, memo, frame)
        allowed = self._allowed(plan, filter_masks, frame)
        wanted = allowed & matched if plan.positive else allowed
        feedback_terms: list[str] = []
        candidates = wanted
        learn = not plan.uses_syntax and plan.positive and r.n >= r.params.feedback_min_collection
        if learn and wanted.any():
            expanded = r.feedback(scores, weights, wanted, _count(plan.positive), frame.docs)
            typed = {w for t in weights for w in ((t,) if isinstance(t, str) else t)}
            feedback_terms = [t for t in expanded if isinstance(t, str) and t not in typed]
            wider = r.frame(expanded, memo, frame)
            matched, wanted = wider.spread(frame, matched), wider.spread(frame, wanted)
            frame = wider
            scores = r.score(expanded, frame, memo)
            candidates = self._allowed(plan, filter_masks, frame) & (scores > 0)
        self._coordinate(scores, plan, frame)
        self._add_proximity(scores, candidates, plan, frame)
        if feedback_terms:  # the same condition: a collection large enough to learn from
            r.regularize(scores, candidates, frame.docs)
        self._weigh_roles(scores, plan, frame)
        return Ranked(frame, scores, wanted, candidates, matched, feedback_terms)

    def _typed_terms(self, plan: QueryPlan) -> list[Term]:
        """Every term the first round scores: the typed concepts', their variants', a
        prefix's words."""
        out: list[Term] = []
        for c in plan.positive:
            if c.kind == "prefix":
                out += self.matcher.prefix_terms(c)
            else:
                out += [t for variant, _ in c.scored() for t in variant]
        return out

    def _allowed(
        self, plan: QueryPlan, filter_masks: Mapping[str, np.ndarray], frame: Frame | None
    ) -> np.ndarray:
        """Which passages of the frame (None: of the collection) the filters and the concepts
        that must (not) be there let through."""
        masks = [*filter_masks.values()]
        masks += [~self.matcher.concept(c) for c in plan.concepts if c.excluded]
        masks += [self.matcher.demanded(c) for c in plan.concepts if c.required and not c.excluded]
        allowed = self.ranker.live if frame is None else frame.of_mask(self.ranker.live)
        for m in masks:
            allowed = allowed & (m if frame is None else frame.of_mask(m))
        return allowed

    def _first_pass(
        self, plan: QueryPlan, memo: dict, frame: Frame
    ) -> tuple[np.ndarray, dict[Term, float], np.ndarray]:
        """Scores of the typed query, its term weights (for feedback), and which passages hold
        at least one of its concepts.

        A concept scores by its best variant: what was typed at full weight, an expansion at
        less. A variant of several words counts only where all of them are, an expansion's
        ("overall survival" for OS) only where they stand together; the parts of one typed
        token ("E2f-1", "4-PBA") count as words of their own.
        """
        r = self.ranker
        scores = np.zeros(len(frame.docs), dtype=np.float32)
        weights: dict[Term, float] = {}
        matched = np.zeros(len(frame.docs), dtype=bool)
        for c in plan.positive:
            best = np.zeros(len(frame.docs), dtype=np.float32)
            if c.kind == "prefix":
                for t in self.matcher.prefix_terms(c):
                    if (s := r.memo_scores(t, memo)) is not None:
                        _raise(best, frame.at(s[0]), s[1])
            else:
                for i, (variant, w) in enumerate(c.scored()):
                    w = _as_typed(c, variant, w) if i else w
                    if len(variant) == 1:  # only its own passages touched
                        if (s := r.memo_scores(variant[0], memo)) is not None:
                            _raise(best, frame.at(s[0]), w * s[1])
                    else:
                        vs = r.score(dict.fromkeys(variant, w), frame, memo)
                        if i or c.together:  # an expansion, a prefixed word: together
                            vs *= frame.of_mask(self.matcher.phrase_of(variant))
                        elif not c.apart:  # what was typed: its words anywhere, or apart
                            vs *= frame.of_mask(self.matcher.all_of(variant))
                        np.maximum(best, vs, out=best)
                    for term in variant:
                        weights[term] = max(weights.get(term, 0.0), w)
            if c.kind == "phrase":
                best *= frame.of_mask(self.matcher.concept(c))
            scores += best if c.repeats == 1 else best * np.float32(c.repeats)
            matched |= best > 0
        return scores, weights, matched

    def _coordinate(self, scores: np.ndarray, plan: QueryPlan, frame: Frame) -> None:
        """Scale scores by the share of the query's concepts each passage holds."""
        c = self.ranker.params.coordination
        concepts, n = plan.positive, _count(plan.positive)  # a concept typed twice counts twice
        if c <= 0 or n < 2:
            return
        held: np.ndarray = np.zeros(len(frame.docs), dtype=np.uint8 if n < 256 else np.uint16)
        for concept in concepts:  # held in the passage's own words, not just its title
            mask = frame.of_mask(self.matcher.concept(concept, typed_only=False, fields=OWN_FIELDS))
            held += mask if concept.repeats == 1 else mask * held.dtype.type(concept.repeats)
        # one factor per count, looked up (a float32 sum and division per passage cost more
        # at a million passages)
        counts = np.arange(n + 1, dtype=np.float32)
        scores *= ((1 - c) + c * counts / n)[held]

    def _add_proximity(
        self, scores: np.ndarray, candidates: np.ndarray, plan: QueryPlan, frame: Frame
    ) -> None:
        p = self.ranker.params
        ids = self.passages.term_id
        concept_terms = [
            np.array([ids(t) for t in set(c.terms)])
            for c in plan.positive
            if c.terms and c.kind != "prefix"
        ]
        if len(concept_terms) < 2 or p.proximity_weight <= 0:
            return
        top = top_k(scores, candidates, p.proximity_depth)
        sequences = [self.passages.term_ids(int(d)) for d in frame.docs[top]]
        nearness = self.ranker.proximity(sequences, concept_terms)
        # as a float32 score times a Python float: the factor rounded to float32 first
        scores[top] *= (1 + p.proximity_weight * nearness).astype(np.float32)

    def _weigh_roles(self, scores: np.ndarray, plan: QueryPlan, frame: Frame) -> None:
        p = self.ranker.params
        scores[frame.within(self.ranker.docs_with(ROLE, QUESTION))] *= p.question_prior
        # boilerplate ranks where its words put it only when asked for by name ("conflict of
        # interest", "disclaimer"): the words that head it, typed
        if not BOILERPLATE_HEADING.search(plan.text):
            scores[frame.within(self.ranker.docs_with(ROLE, BOILERPLATE))] *= p.boilerplate_prior
        if plan.lay:
            scores[frame.within(self.ranker.docs_with(ROLE, METHODS))] *= p.methods_prior

    # -- around the results ------------------------------------------------------------------

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        return self.vocabulary.complete(prefix, limit)

    def _variants(self, plan: QueryPlan) -> list[tuple[str, ...]]:
        out = [v for c in plan.positive if c.kind != "prefix" for v, _ in c.variants()]
        out += [(t,) for c in plan.positive if c.kind == "prefix" for t in self.matcher.prefix_terms(c)]
        # so that highlighting knows every written form of them in the collection
        learn_forms({t for v in out for t in v}, self.vocabulary.forms)
        return out

    @staticmethod
    def _together(plan: QueryPlan) -> frozenset[tuple[str, ...]]:
        """The variants matched as phrases: a quoted phrase, the lexicon's expansions of
        several words ("overall survival" for OS)."""
        return frozenset(
            v
            for c in plan.positive
            if c.kind != "prefix"
            for i, (v, _) in enumerate(c.variants())
            if len(v) > 1 and (i or c.kind == "phrase" or c.together)
        )

    def variants_of(self, text: str) -> list[tuple[str, ...]]:
        """What to mark in a document opened from a search for `text` (see variant_spans)."""
        if not text.strip():
            return []
        plan = parse(text)
        with self._lock:
            self._split_forms(plan)
        return self._variants(plan)

    def _split_forms(self, plan: QueryPlan) -> None:
        """A new search's masks, and its joined words' forms in two words (joined.py)."""
        self.matcher.reset()
        live = self.ranker.live
        add_split_forms(
            plan, self.vocabulary.counts, lambda t: bool(np.any(self.matcher.phrase_of(t) & live))
        )


def _count(concepts: list[Concept]) -> int:
    """How many concepts were typed, one typed twice counted twice."""
    return sum(c.repeats for c in concepts)


def _as_typed(c: Concept, variant: tuple[Term, ...], weight: float) -> float:
    """An expansion's weight, as if it had as many words as what was typed: it says the same
    one thing, so "immune checkpoint inhibitors" for "immunotherapy" does not count thrice
    (outranking the word typed), nor "TRAEs" for "side effects" half as much as one word."""
    if not c.terms:
        return weight
    return weight * len(c.terms) / len(variant)


def _raise(best: np.ndarray, at: np.ndarray, values: np.ndarray) -> None:
    """Each place's best score so far, raised to `values` where they are higher."""
    best[at] = np.maximum(best[at], values)
