"""Where a query's words occur in a text, and a short snippet around the best of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from search_index.index import ANALYZER

Span = tuple[int, int]


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: list[Span]  # matched words, as offsets into `text`


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, analysed form) of each word; cached, as the same passages recur."""
    return tuple((t.startchar, t.endchar, t.text)
                 for t in ANALYZER(text, chars=True, removestops=False, mode="query"))


def match_spans(text: str, terms: set[str]) -> list[Span]:
    """Character spans of the words of `text` whose analysed form is one of `terms`."""
    if not terms:
        return []
    return [(s, e) for s, e, term in _tokens(text) if term in terms]


def make_snippet(text: str, spans: list[Span], width: int = 260) -> Snippet:
    """A window of about `width` characters holding the most matches, cut at word boundaries."""
    if len(text) <= width:
        return Snippet(text, spans)
    best_start, best_count = 0, -1
    for start, _ in spans or [(0, 0)]:
        lo = max(0, start - width // 4)
        count = sum(1 for s, e in spans if s >= lo and e <= lo + width)
        if count > best_count:
            best_start, best_count = lo, count
    lo = best_start
    if lo > 0:
        space = text.find(" ", lo)
        lo = space + 1 if 0 <= space < lo + 30 else lo
    hi = min(len(text), lo + width)
    if hi < len(text):
        space = text.rfind(" ", lo, hi)
        hi = space if space > lo + width // 2 else hi
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    shift = len(prefix) - lo
    inside = [(s + shift, e + shift) for s, e in spans if s >= lo and e <= hi]
    return Snippet(prefix + text[lo:hi] + suffix, inside)
