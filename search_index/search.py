"""Searching the collection: read the query, pick the passages, rank them, mark the words.

One engine serves the window, the command line and the benchmark alike.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from search_index.analysis import learn_forms, term_of
from search_index.highlight import Snippet, Span, make_snippet, match_spans
from search_index.index import FACETS, METHODS, QUESTION, ROLE, facet_label, open_passages
from search_index.query import Concept, QueryPlan, Term, parse
from search_index.ranking import Ranker, RankingParams, top_k
from search_index.suggest import Vocabulary

FACET_FIELD = {
    "type": "kind",
    "audience": "audience",
    "cancer": "cancer",
    "treatment": "treatment",
    "year": "year",
}
FACET_OF_FIELD = {v: k for k, v in FACET_FIELD.items()}
MAX_PREFIX_TERMS = 40
# A word held by this share of the passages is the collection's own subject ("liver"): a
# search whose other words are all absent asks about something the collection does not cover.
GENERAL_SHARE = 0.25
OWN_FIELDS = ("section", "text")  # a passage's own words; the title is its document's


@dataclass(frozen=True)
class Hit:
    passage_id: int
    document_id: str
    file_name: str
    title: str
    section: str
    kind: str
    audience: str
    score: float
    text: str
    spans: list[Span]  # matched words in `text`
    snippet: Snippet
    related: bool = False  # found through related words only, none of the query's own
    title_spans: list[Span] = field(default_factory=list)  # matched words in `title`


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class Results:
    query: str
    total: int  # passages holding what was asked for
    hits: list[Hit] = field(default_factory=list)
    notice: str = ""  # told to the user, e.g. when a query could not be read as written
    explanation: str = ""  # how the search was read
    suggestion: str | None = None  # "did you mean …", a whole corrected query
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    related: int = 0  # passages found through related words only
    feedback_terms: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)  # typed words no passage holds
    coverage: str = ""  # told when the collection does not hold (some of) what was asked
    corrected_from: str | None = None  # the typed query, when these are its correction's results


class SearchEngine:
    """Searches over one opened index; one search at a time (the rows' reader is not shared)."""

    def __init__(
        self,
        index_dir: Path,
        documents: Mapping[str, dict] | None = None,
        params: RankingParams | None = None,
    ) -> None:
        self.passages, self._rows = open_passages(index_dir)
        self.ranker = Ranker(self.passages, params)
        self.vocabulary = Vocabulary(index_dir)
        self.documents = documents or {}
        self._lock = threading.Lock()
        self._stored_cache: dict[int, dict] = {}
        self._facet_values = {f: self.passages.facet_values(f) for f in FACETS}

    def close(self) -> None:
        self._rows.close()

    def warm_up(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Read the arrays once, so that the first searches find them in memory. Ranking does
        not depend on it: everything it reads was written with the index. Returns the bytes
        read."""
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
        """The best passages for `text`. A search that finds nothing but has a likely
        correction shows the correction's results instead (unless `correct` is False), with
        `corrected_from` set to what was typed."""
        plan = self._plan(text, filters)
        if not plan.concepts and not plan.filters:
            return Results(query=text.strip(), total=0, notice=" ".join(plan.notices))
        with self._lock:
            results = self._search(plan, limit)
            if results.total == 0 and plan.uses_syntax and plan.positive:
                # Nothing has all of it (an exact phrase, a word that must be there):
                # say so, and show what has any of its words.
                plain = parse(" ".join(c.text for c in plan.positive))
                plain.filters, plain.text = plan.filters, plan.text
                plain.notices = [
                    *plan.notices,
                    "No passage has all of that exactly; these have some of its words.",
                ]
                plain.concepts = [c for c in plain.concepts if not c.excluded]
                for c in plain.concepts:
                    c.required = False
                    c.kind = "words" if c.kind == "phrase" else c.kind
                results = self._search(plain, limit)
            if correct and results.total == 0 and results.suggestion:
                fixed = self._search(self._plan(results.suggestion, filters), limit)
                if fixed.total:
                    fixed.corrected_from, fixed.suggestion = text.strip(), None
                    return fixed
            return results

    @staticmethod
    def _plan(text: str, filters: Mapping[str, set[str]] | None) -> QueryPlan:
        plan = parse(text) if text.strip() else QueryPlan(text)
        for facet, values in (filters or {}).items():
            if values:
                plan.filters[facet] = plan.filters.get(facet, set()) | set(values)
        return plan

    def _search(self, plan: QueryPlan, limit: int) -> Results:
        r = self.ranker
        filter_masks = {f: self._filter_mask(f, v) for f, v in plan.filters.items()}
        allowed = r.live.copy()
        for m in filter_masks.values():
            allowed &= m

        self._masks: dict = {}
        memo: dict = {}
        scores, weights, matched = self._first_pass(plan, memo)
        for c in plan.concepts:
            cmask = self._concept_mask(c)
            if c.excluded:
                allowed &= ~cmask
            elif c.required:
                allowed &= cmask
        wanted = allowed & matched if plan.positive else allowed
        feedback_terms: list[str] = []
        candidates = wanted
        if (
            not plan.uses_syntax
            and plan.positive
            and wanted.any()
            and r.n >= r.params.feedback_min_collection
        ):
            expanded = r.feedback(scores, weights, wanted, len(plan.positive))
            typed = {w for t in weights for w in ((t,) if isinstance(t, str) else t)}
            feedback_terms = [t for t in expanded if isinstance(t, str) and t not in typed]
            scores = r.score(expanded, memo)
            candidates = allowed & (scores > 0)
        self._coordinate(scores, plan)
        self._add_proximity(scores, candidates, plan)
        if feedback_terms:  # the same condition: a collection large enough to learn from
            r.regularize(scores, candidates)
        self._weigh_roles(scores, plan)

        order = top_k(scores, candidates, limit)
        variants = self._variants(plan)
        hits = [self._hit(int(d), float(scores[d]), variants, not wanted[d]) for d in order]
        suggestion = self.vocabulary.corrected(plan)
        absent, coverage = self._coverage(plan, misspelt=suggestion is not None)
        return Results(
            query=plan.text.strip(),
            total=int(wanted.sum()),
            hits=hits,
            notice=" ".join(plan.notices),
            explanation=plan.explain(),
            suggestion=suggestion,
            facets=self._facets(plan, filter_masks, matched),
            related=int((candidates & ~wanted).sum()),
            feedback_terms=feedback_terms,
            absent=absent,
            coverage=coverage,
        )

    def _weigh_roles(self, scores: np.ndarray, plan: QueryPlan) -> None:
        p = self.ranker.params
        scores[self.ranker.docs_with(ROLE, QUESTION)] *= p.question_prior
        if plan.lay:
            scores[self.ranker.docs_with(ROLE, METHODS)] *= p.methods_prior

    def _coverage(self, plan: QueryPlan, misspelt: bool) -> tuple[list[str], str]:
        """The typed words no passage holds (in any form the lexicon knows), and what to tell:
        that nothing mentions them, or, when the rest of the search is only the collection's
        own subject (and no word looks misspelt), that the collection does not cover what was
        asked."""
        live = self.ranker.live
        held = {
            id(c): int((self._concept_mask(c, typed_only=False) & live).sum()) for c in plan.positive
        }
        absent = [c.text for c in plan.positive if not held[id(c)]]
        if not absent:
            return [], ""
        names = " or ".join(f"“{a}”" for a in absent)
        general = all(n >= GENERAL_SHARE * live.sum() for n in held.values() if n)
        if general and not misspelt:
            return absent, f"The collection does not cover {names}."
        return absent, f"Nothing in the collection mentions {names}."

    def _first_pass(
        self, plan: QueryPlan, memo: dict
    ) -> tuple[np.ndarray, dict[Term, float], np.ndarray]:
        """Scores of the typed query, its term weights (for feedback), and which passages hold
        at least one of its concepts.

        A concept scores by its best variant: what was typed at full weight, an expansion at
        less. A variant of several words ("side effects") counts only where all of them are;
        the parts of one typed token ("E2f-1", "4-PBA") count as words of their own.
        """
        r = self.ranker
        scores = np.zeros(r.n, dtype=np.float32)
        weights: dict[Term, float] = {}
        matched = np.zeros(r.n, dtype=bool)
        for c in plan.positive:
            best = np.zeros(r.n, dtype=np.float32)
            if c.kind == "prefix":
                for t in self._prefix_terms(c):
                    s = r.term_scores(t)
                    if s is not None:
                        best[s[0]] = np.maximum(best[s[0]], s[1])
            else:
                for variant, w in c.scored():
                    vs = r.score(dict.fromkeys(variant, w), memo)
                    if len(variant) > 1 and not (variant == c.terms and " " not in c.text.strip()):
                        vs *= self._all_of(variant)
                    np.maximum(best, vs, out=best)
                    for term in variant:
                        weights[term] = max(weights.get(term, 0.0), w)
            if c.kind == "phrase":
                best *= self._concept_mask(c)
            scores += best
            matched |= best > 0
        return scores, weights, matched

    def _all_of(self, terms: tuple[Term, ...], fields: tuple[str, ...] | None = None) -> np.ndarray:
        key = (terms, fields)
        if key not in self._masks:
            m = np.ones(self.ranker.n, dtype=bool)
            for t in terms:
                m &= self.ranker.mask_of(t, fields)
            self._masks[key] = m
        return self._masks[key]

    def _concept_mask(
        self, c: Concept, typed_only: bool = True, fields: tuple[str, ...] | None = None
    ) -> np.ndarray:
        """Passages holding the concept: all words of one of its variants (a phrase: in order)."""
        r = self.ranker
        if c.kind == "prefix":
            mask = np.zeros(r.n, dtype=bool)
            for t in self._prefix_terms(c):
                mask |= r.mask_of(t, fields)
            return mask
        variants = [(c.terms, 1.0)] if typed_only or c.kind == "phrase" else c.variants()
        mask = np.zeros(r.n, dtype=bool)
        for terms, _ in variants:
            if terms:
                mask |= self._all_of(terms, fields)
        if c.kind == "phrase" and len(c.terms) > 1:
            mask = mask.copy()
            for d in np.flatnonzero(mask):
                if not self._has_phrase(int(d), c.terms):
                    mask[d] = False
        return mask

    def _has_phrase(self, docnum: int, phrase: tuple[str, ...]) -> bool:
        ids = [self.passages.term_id(t) for t in phrase]
        if -1 in ids:
            return False
        n = len(ids)
        for f in self.passages.fields:
            seq = self.passages.field_term_ids(docnum, f).tolist()
            if any(seq[i : i + n] == ids for i in range(len(seq) - n + 1)):
                return True
        return False

    def _prefix_terms(self, c: Concept) -> list[str]:
        found: set[str] = set()
        for f in self.passages.fields:
            found.update(self.passages.expand_prefix(f, c.terms[0], MAX_PREFIX_TERMS))
        return sorted(found)[:MAX_PREFIX_TERMS]

    def _filter_mask(self, facet: str, values: set[str]) -> np.ndarray:
        mask = np.zeros(self.ranker.n, dtype=bool)
        for v in values:
            mask[self.ranker.docs_with(FACET_FIELD[facet], v)] = True
        return mask

    def _stored(self, docnum: int) -> dict:
        """A passage's stored fields; the last few hundred are kept (feedback, nearness and
        the hits read the same passages)."""
        cached = self._stored_cache.get(docnum)
        if cached is None:
            cached = self.passages.stored(docnum)
            if len(self._stored_cache) > 2048:
                self._stored_cache.clear()
            self._stored_cache[docnum] = cached
        return cached

    def _coordinate(self, scores: np.ndarray, plan: QueryPlan) -> None:
        """Scale scores by the share of the query's concepts each passage holds."""
        c = self.ranker.params.coordination
        concepts = plan.positive
        if c <= 0 or len(concepts) < 2:
            return
        held = np.zeros(self.ranker.n, dtype=np.float32)
        for concept in concepts:  # held in the passage's own words, not just its title
            held += self._concept_mask(concept, typed_only=False, fields=OWN_FIELDS)
        scores *= (1 - c) + c * held / len(concepts)

    def _add_proximity(self, scores: np.ndarray, candidates: np.ndarray, plan: QueryPlan) -> None:
        p = self.ranker.params
        ids = self.passages.term_id
        concept_terms = [
            np.array([ids(t) for t in set(c.terms)])
            for c in plan.positive
            if c.terms and c.kind != "prefix"
        ]
        if len(concept_terms) < 2 or p.proximity_weight <= 0:
            return
        for d in top_k(scores, candidates, p.proximity_depth):
            nearness = self.ranker.proximity(self.passages.term_ids(int(d)), concept_terms)
            scores[d] *= 1 + p.proximity_weight * nearness

    def _hit(self, docnum: int, score: float, variants: list[tuple[str, ...]], related: bool) -> Hit:
        f = self._stored(docnum)
        text = f.get("text") or ""
        spans = self._spans(docnum, "text", text, variants)
        doc = self.documents.get(f["document_id"], {})
        return Hit(
            passage_id=f["passage_id"],
            document_id=f["document_id"],
            file_name=doc.get("file_name", f["document_id"]),
            title=f.get("title") or "",
            section=f.get("section") or "",
            kind=f.get("kind") or "",
            audience=f.get("audience") or "",
            score=score,
            text=text,
            spans=spans,
            snippet=make_snippet(text, spans),
            related=related,
            title_spans=self._spans(docnum, "title", f.get("title") or "", variants),
        )

    def _spans(
        self, docnum: int, fieldname: str, text: str, variants: list[tuple[str, ...]]
    ) -> list[Span]:
        """The query's words in a field of a passage, a variant's only where all its words are
        (as variant_spans, from the index's terms instead of analysing the text again; one
        pattern for the whole query, whose matches are then kept by term)."""
        if fieldname not in self.passages.fields:
            return []
        present = set(self.passages.field_term_ids(docnum, fieldname).tolist())
        ids = self.passages.term_id
        marked = {t for v in variants if v and all(ids(w) in present for w in v) for t in v}
        if not marked:
            return []
        every = {t for v in variants for t in v}
        return [(a, b) for a, b in match_spans(text, every) if term_of(text[a:b].lower()) in marked]

    # -- around the results ------------------------------------------------------------------

    def _facets(
        self, plan: QueryPlan, filter_masks: dict[str, np.ndarray], matched: np.ndarray
    ) -> dict[str, list[FacetValue]]:
        """Per facet, how many passages each value would leave (the other filters applied)."""
        base = self.ranker.live & (matched if plan.positive else True)
        for c in plan.concepts:
            if c.excluded:
                base &= ~self._concept_mask(c)
            elif c.required:
                base &= self._concept_mask(c)
        out: dict[str, list[FacetValue]] = {}
        for fieldname in FACETS:
            facet = FACET_OF_FIELD[fieldname]
            mask = base.copy()
            for other, m in filter_masks.items():
                if other != facet:
                    mask &= m
            values = []
            for v in self._facet_values[fieldname]:
                count = int(mask[self.ranker.docs_with(fieldname, v)].sum())
                if count or v in plan.filters.get(facet, ()):
                    values.append(FacetValue(v, facet_label(fieldname, v), count))
            if fieldname == "year":
                values.sort(key=lambda fv: fv.value, reverse=True)
            else:
                values.sort(key=lambda fv: (-fv.count, fv.label))
            out[facet] = values
        return out

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        return self.vocabulary.complete(prefix, limit)

    def _variants(self, plan: QueryPlan) -> list[tuple[str, ...]]:
        out = [v for c in plan.positive if c.kind != "prefix" for v, _ in c.variants()]
        out += [(t,) for c in plan.positive if c.kind == "prefix" for t in self._prefix_terms(c)]
        # so that highlighting knows every written form of them in the collection
        learn_forms({t for v in out for t in v}, self.vocabulary.forms)
        return out

    def variants_of(self, text: str) -> list[tuple[str, ...]]:
        """What to mark in a document opened from a search for `text` (see variant_spans)."""
        return self._variants(parse(text)) if text.strip() else []
