"""Turning text into index terms: one fast analysis for indexing, querying and highlighting.

Whoosh's analyzer chain builds a Token object per word through four generators; on a few thousand
abstracts that alone takes seconds. Here one regular expression, a stop list and a cached Porter
stemmer do the same work, and a Whoosh Format feeds the terms straight to the index writer.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import lru_cache

import numpy as np
from whoosh import formats
from whoosh.analysis import STOP_WORDS, Analyzer, Token
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

# Figures stay whole ("25,915", "10.8"); hyphenated words split ("progression-free").
TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:\.?\w+)*")
# Whoosh's English stop words, and the question words and pronouns of lay questions
# ("why does chemo make me tired") that say nothing about which passage answers them.
STOP = frozenset(STOP_WORDS) | frozenset(
    "what why how does do did which who whom whose where there their they them its than then "
    "these those about into more most much many very just also such should would could "
    "i my me our".split()
)

_STEMS: dict[str, str] = {}  # a plain dict: the vocabulary is finite and lookups are hot
_SURFACE: dict[str, set[str]] = {}  # term -> the words seen that stem to it


def term_of(word: str) -> str:
    """The index term of one lower-case word (stemmed)."""
    t = _STEMS.get(word)
    if t is None:
        t = _STEMS[word] = stem(word)
        _SURFACE.setdefault(t, set()).add(word)
    return t


def written_forms(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """term -> the words of `vocabulary` that stem to it (kept with a collection, so that
    opening it need not stem every word again: see learn_forms)."""
    forms: dict[str, list[str]] = {}
    for w in vocabulary:
        forms.setdefault(term_of(w), []).append(w)
    return forms


def learn_forms(terms: Iterable[str], forms: Mapping[str, list[str]]) -> None:
    """Know the written forms of `terms` that a collection holds (`forms`: as written_forms
    gave them), for highlighting them. Learnt for a search's own terms, not all at opening."""
    for t in terms:
        for w in forms.get(t, ()):
            _STEMS[w] = t
            _SURFACE.setdefault(t, set()).add(w)


def surface_forms(term: str) -> frozenset[str]:
    """The words seen (in the collection, or since start) whose term is `term`: a copy, taken
    at once (another thread may be learning more meanwhile)."""
    return frozenset(_SURFACE.get(term, ()))


def terms(text: str) -> list[str]:
    """Index terms of `text`, in order, stop words left out."""
    return terms_of_words(TOKEN.findall(text.lower()))


def terms_of_words(ws: Iterable[str]) -> list[str]:
    """Index terms of words (as `words` gives them), in order, stop words left out."""
    get = _STEMS.get
    return [get(w) or term_of(w) for w in ws if w not in STOP]


@lru_cache(maxsize=16_384)
def term_sequence(text: str) -> tuple[str, ...]:
    """terms(text), cached: the same passages are fed back and checked for nearness again."""
    return tuple(terms(text))


@lru_cache(maxsize=16_384)
def tokens(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, term) for each word of `text`, stop words included (term "" for them).

    Cached: the same passages are highlighted over and over.
    """
    lower = text.lower()
    return tuple(
        (m.start(), m.end(), "" if m.group() in STOP else term_of(m.group()))
        for m in TOKEN.finditer(lower)
    )


def words(text: str) -> list[str]:
    """The lower-case surface words of `text` (for vocabulary and spelling)."""
    return TOKEN.findall(text.lower())


# Whether each character is a word character (a letter, a digit, "_": TOKEN's \w), by code
# point; filled in as characters are first met (`_KNOWN`), most of the table is never needed.
_WORD = np.zeros(0x110000, dtype=bool)
_KNOWN = np.zeros(0x110000, dtype=bool)


def _word_characters(codes: np.ndarray) -> np.ndarray:
    new = np.unique(codes[~_KNOWN[codes]])
    if len(new):
        _WORD[new] = [chr(c).isalnum() or c == 95 for c in new.tolist()]
        _KNOWN[new] = True
    return _WORD[codes]


def words_of(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The words of each of `texts` (as `words` gives them) in one list, and how many each has.

    For a batch of passages at a time, in C: TOKEN over every character was most of the time a
    build spent reading. A word is a run of word characters and of full stops and commas
    between two word characters (TOKEN matches nothing else): the batch's characters are
    classed by numpy, every other character made a space, and str.split cuts the words; the
    rare run with a full stop or a comma in it ("10.8", "e.g", "10.8mg") is read by TOKEN."""
    low = [t.lower() for t in texts]
    joined = "\n".join(low)  # (not a word character: the texts stay apart)
    ascii_only = joined.isascii()
    encoding = "ascii" if ascii_only else "utf-32-le"
    raw = joined.encode(encoding, "surrogatepass")
    codes = np.frombuffer(raw, dtype=np.uint8 if ascii_only else np.uint32)
    word = _word_characters(codes)
    between = np.zeros(len(codes), dtype=bool)  # a full stop or comma between word characters
    between[1:-1] = ((codes[1:-1] == 46) | (codes[1:-1] == 44)) & word[:-2] & word[2:]
    kept = word | between
    cut = np.where(kept, codes, np.array(32, dtype=codes.dtype))
    found = cut.tobytes().decode(encoding, "surrogatepass").split()
    starts = np.flatnonzero(kept & ~np.concatenate([[False], kept[:-1]]))
    text_starts = np.cumsum([0] + [len(t) + 1 for t in low[:-1]])
    owner = np.searchsorted(text_starts, starts, "right") - 1  # each run's text
    runs = np.unique(np.searchsorted(starts, np.flatnonzero(between), "right") - 1)
    if not len(runs):
        return found, np.bincount(owner, minlength=len(texts))
    out: list[str] = []
    at = 0
    sizes = np.ones(len(found), dtype=np.int64)  # words in each run
    for r in runs.tolist():
        out += found[at:r]
        parts = TOKEN.findall(found[r])
        out += parts
        sizes[r] = len(parts)
        at = r + 1
    out += found[at:]
    return out, np.bincount(owner, sizes, minlength=len(texts)).astype(np.int64)


# The two classes below are no longer used to write an index (Whoosh stores the rows, the words
# are indexed in arrays), but an index written by an earlier version names them in its schema:
# they stay so that such an index still opens (and its arrays are written from its rows).


class FastFrequency(formats.Frequency):
    """Whoosh posting format: term frequencies, from `terms()` rather than an analyzer chain.

    The value may also be given already analysed, as a list of terms.
    """

    def word_values(self, value, analyzer, **kwargs):  # noqa: ARG002 (Whoosh's signature)
        boost = self.field_boost
        counts = Counter(value if isinstance(value, list) else terms(value))
        return ((t, f, f * boost, pack_uint(f)) for t, f in counts.items())


class FastAnalyzer(Analyzer):
    """The same analysis as a Whoosh analyzer, for Whoosh's own query tools."""

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False, mode: str = "", **kwargs
    ) -> Iterator[Token]:
        token = Token(positions, chars, mode=mode, **kwargs)
        pos = 0
        for start, end, term in tokens(value):
            if not term:
                continue
            token.text = term
            token.original = value[start:end]
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
                pos += 1
            if chars:
                token.startchar, token.endchar = start, end
            yield token
