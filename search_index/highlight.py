"""Where a query's words occur in a text, and a short snippet around the best of them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from search_index.analysis import surface_forms, term_sequence

Span = tuple[int, int]


@dataclass(frozen=True)
class Snippet:
    text: str
    spans: list[Span]  # matched words, as offsets into `text`


@lru_cache(maxsize=256)
def _pattern(forms: frozenset[str]) -> re.Pattern[str] | None:
    """These written forms as whole words (one C-speed scan instead of stemming). Cached by
    the forms, not the terms: a form learnt later (an imported document's) makes a new one."""
    if not forms:
        return None
    ordered = sorted(forms, key=len, reverse=True)
    return re.compile(r"(?<![\w.,])(?:" + "|".join(map(re.escape, ordered)) + r")(?![\w]|[.,]\d)")


def forms_pattern(terms: set[str]) -> re.Pattern[str] | None:
    """The written forms of `terms` as whole words (None: none known)."""
    return _pattern(frozenset(w for t in terms for w in surface_forms(t))) if terms else None


def match_spans(text: str, terms: set[str], pattern: re.Pattern[str] | None = None) -> list[Span]:
    """Character spans of the words of `text` whose analysed form is one of `terms`
    (`pattern`: their forms_pattern, when the caller has it already)."""
    pattern = pattern or forms_pattern(terms)
    if pattern is None:
        return []
    return [m.span() for m in pattern.finditer(text.lower())]


def variant_spans(text: str, variants: list[tuple[str, ...]]) -> list[Span]:
    """Spans of the query's words in `text`, counting a variant only where all its words are.

    ("side effects" marks nothing in "effectiveness of the side chain" unless both are there.)
    """
    present = set(term_sequence(text))
    marked = {t for v in variants if v and set(v) <= present for t in v}
    return match_spans(text, marked)


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
