"""Where a query's words occur in a text, and a short snippet around the best of them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from search_index.analysis import STOP, TOKEN, surface_forms, term_of, term_sequence

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
    """Spans of the query's words in `text` (a document opened from a search), a variant of
    several words only where they stand together, in order: "overall survival" marks nothing
    in "progression-free survival in the overall population". (Not told which variant was
    typed, it marks typed words of a lexicon phrase standing apart no more than an
    expansion's: a mark never says more than was matched.)"""
    present = set(term_sequence(text))
    single = {v[0] for v in variants if len(v) == 1 and v[0] in present}
    phrases = [v for v in variants if len(v) > 1 and set(v) <= present]
    return sorted({*match_spans(text, single), *phrase_spans(text, phrases)})


def phrase_spans(text: str, phrases: list[tuple[str, ...]]) -> list[Span]:
    """The spans of the words of each of `phrases` (index terms) where they stand together in
    `text`, in order; stop words between them do not part them, as in the index."""
    if not phrases:
        return []
    wanted = {t for p in phrases for t in p}
    return phrase_runs(
        text, [(a, b, term_of(text[a:b].lower())) for a, b in match_spans(text, wanted)], phrases
    )


def phrase_runs(
    text: str, found: list[tuple[int, int, str]], phrases: list[tuple[str, ...]]
) -> list[Span]:
    """phrase_spans, from the words of `text` found already, in order, with their terms (a
    scan of the text by the words' pattern, not a stemming of all of it)."""
    out: set[Span] = set()
    for phrase in phrases:
        n = len(phrase)
        for i in range(len(found) - n + 1):
            run = found[i : i + n]
            if tuple(t for _, _, t in run) == phrase and all(
                _only_stop_words(text[run[j][1] : run[j + 1][0]]) for j in range(n - 1)
            ):
                out.update((a, b) for a, b, _ in run)
    return sorted(out)


def _only_stop_words(gap: str) -> bool:
    return all(w in STOP for w in TOKEN.findall(gap.lower()))


def make_snippet(text: str, spans: list[Span], width: int = 260) -> Snippet:
    """A window of about `width` characters holding the most matches, cut at word boundaries."""
    if len(text) <= width:
        return Snippet(text, spans)
    # (spans are in order and apart: those inside a window are a run, found by bisection)
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    best_start, best_count = 0, -1
    for start in starts or [0]:
        lo = max(0, start - width // 4)
        count = max(0, bisect_right(ends, lo + width) - bisect_left(starts, lo))
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
