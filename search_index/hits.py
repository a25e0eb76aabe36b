"""A ranked passage made into a hit: its stored row, the query's words marked in its title and
text, and a snippet around them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from search_index.analysis import term_of
from search_index.highlight import Span, forms_pattern, make_snippet, match_spans, phrase_runs
from search_index.passage_index import PassageIndex
from search_index.results import Hit

KEPT_ROWS = 2048  # stored rows kept (the hits of the next searches are mostly the same)


@dataclass
class Marking:
    """What one search marks in its hits: its variants, their words, and the pattern of their
    written forms (made once for all the hits, at the first); `together`: the variants marked
    only where their words stand together (an expansion's, a quoted phrase's), where the
    words typed are marked wherever all of them are."""

    variants: list[tuple[str, ...]]
    together: frozenset[tuple[str, ...]] = frozenset()

    @cached_property
    def words(self) -> set[str]:
        return {t for v in self.variants for t in v}

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        return forms_pattern(self.words)


class HitMaker:
    def __init__(self, passages: PassageIndex, documents: Mapping[str, dict]) -> None:
        self.passages = passages
        self.documents = documents
        self._stored: dict[int, dict] = {}

    def stored(self, docnum: int) -> dict:
        """A passage's stored fields; the last few thousand are kept."""
        cached = self._stored.get(docnum)
        if cached is None:
            cached = self.passages.stored(docnum)
            if len(self._stored) > KEPT_ROWS:
                self._stored.clear()
            self._stored[docnum] = cached
        return cached

    def hit(self, docnum: int, score: float, marking: Marking, related: bool) -> Hit:
        f = self.stored(docnum)
        text = f.get("text") or ""
        spans = self.spans(docnum, "text", text, marking)
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
            title_spans=self.spans(docnum, "title", f.get("title") or "", marking),
            treatments=tuple(t for t in (f.get("treatment") or "").split(",") if t),
        )

    def spans(self, docnum: int, fieldname: str, text: str, marking: Marking) -> list[Span]:
        """The query's words in a field of a passage, a variant's only where all its words are,
        and those of marking.together only where they stand together (from the index's terms
        instead of analysing the text again; one pattern for the whole query, whose matches
        are then kept by term)."""
        if fieldname not in self.passages.fields:
            return []
        present = set(self.passages.field_term_ids(docnum, fieldname).tolist())
        ids = self.passages.term_id
        held = [v for v in marking.variants if v and all(ids(w) in present for w in v)]
        if not held:
            return []
        words = [
            (a, b, term_of(text[a:b].lower()))
            for a, b in match_spans(text, marking.words, marking.pattern)
        ]
        anywhere = {t for v in held if v not in marking.together for t in v}
        found = {(a, b) for a, b, t in words if t in anywhere}
        return sorted(found.union(phrase_runs(text, words, [v for v in held if v in marking.together])))
