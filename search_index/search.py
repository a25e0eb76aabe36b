"""Searching the collection: parse a query, rank passages (BM25F), return highlighted snippets."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from whoosh import qparser, scoring
from whoosh.query import Query

from search_index.collection import Collection
from search_index.highlight import Snippet, Span, make_snippet, match_spans

SEARCH_FIELDS = ["title", "section", "text"]


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


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    notice: str = ""  # told to the user, e.g. when a query could not be read as written


def _coverage(matched: list[tuple[str, bytes | str]], wanted: set[str]) -> float:
    """The share of the query's words that the passage matched, in any field."""
    got = {t.decode() if isinstance(t, bytes) else t for _, t in matched}
    return len(got & wanted) / max(1, len(wanted))


class SearchEngine:
    """Thread-safe searches over one opened collection."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection
        self._lock = threading.Lock()
        self._searcher = collection.index.searcher(weighting=scoring.BM25F())
        self._parser = qparser.MultifieldParser(
            SEARCH_FIELDS, collection.index.schema, group=qparser.OrGroup)

    def close(self) -> None:
        self._searcher.close()

    def parse(self, text: str) -> tuple[Query, str]:
        try:
            return self._parser.parse(text), ""
        except Exception:  # whoosh raises many kinds; any of them means "read as plain words"
            plain = " ".join(w for w in text.replace('"', " ").split() if w.isalnum())
            return self._parser.parse(plain), "The search could not be read as written; " \
                                              "it was read as plain words."

    def search(self, text: str, limit: int = 50) -> Results:
        text = text.strip()
        if not text:
            return Results(query=text, total=0)
        query, notice = self.parse(text)
        terms = {t.decode() if isinstance(t, bytes) else t
                 for f, t in query.iter_all_terms() if f in SEARCH_FIELDS}
        with self._lock:
            found = self._searcher.search(query, limit=max(limit, 1) * 3, terms=True)
            total = len(found)
            # Passages holding more of the query's words come first (BM25F alone lets a title
            # match outweigh a passage that has every word).
            rows = [(h.score * (0.5 + 0.5 * _coverage(h.matched_terms(), terms)), h.fields())
                    for h in found]
        rows.sort(key=lambda r: (-r[0], r[1]["document_id"], r[1]["passage_id"]))
        docs = self.collection.documents()
        out = []
        for score, f in rows[:limit]:
            spans = match_spans(f["text"], terms)
            out.append(Hit(
                passage_id=f["passage_id"], document_id=f["document_id"],
                file_name=docs[f["document_id"]]["file_name"], title=f["title"],
                section=f["section"], kind=f["kind"], audience=f["audience"], score=score,
                text=f["text"], spans=spans, snippet=make_snippet(f["text"], spans)))
        return Results(query=text, total=total, hits=out, notice=notice)

    def terms_of(self, text: str) -> set[str]:
        query, _ = self.parse(text)
        return {t.decode() if isinstance(t, bytes) else t for _, t in query.iter_all_terms()}
