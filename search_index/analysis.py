"""Turning text into index terms: one fast analysis for indexing, querying and highlighting.

Whoosh's analyzer chain builds a Token object per word through four generators; on a few thousand
abstracts that alone takes seconds. Here one regular expression, a stop list and a cached Porter
stemmer (Whoosh's) do the same work.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from search_index.whoosh_adapter.language import STOP_WORDS, stem

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
# term -> the words seen that stem to it. Learnt from any thread (a search in a worker, the
# window opening a document); read without a lock: each term's forms are replaced whole, under
# _LEARNING, never changed in place, so that a reader sees them before or after a learning,
# never half-learnt.
_SURFACE: dict[str, frozenset[str]] = {}
_LEARNING = threading.Lock()


def term_of(word: str) -> str:
    """The index term of one lower-case word (stemmed)."""
    t = _STEMS.get(word)
    if t is None:
        t = stem(word)
        _learn(t, (word,))
    return t


def _learn(term: str, written: Iterable[str]) -> None:
    """`written` are forms of `term`: its forms first, then each word's term."""
    with _LEARNING:
        known = _SURFACE.get(term, frozenset())
        if known.issuperset(written):
            return
        _SURFACE[term] = known.union(written)
        for w in written:
            _STEMS[w] = term


def stems(ws: Sequence[str]) -> list[str]:
    """The term of each of the lower-case words `ws` (not stop words), not learnt: found in
    another process, for the build to learn (learn_stems)."""
    return list(map(stem, ws))


def learn_stems(ws: Sequence[str], found: Sequence[str]) -> None:
    """Know each of `ws` as a written form of its term (`found`: stems(ws)), as term_of would
    have learnt it, without stemming it here."""
    forms: dict[str, list[str]] = {}
    for w, t in zip(ws, found):
        forms.setdefault(t, []).append(w)
    for t, written in forms.items():
        _learn(t, written)


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
        if written := forms.get(t):
            _learn(t, written)


def surface_forms(term: str) -> frozenset[str]:
    """The words seen (in the collection, or since start) whose term is `term`, as they were
    when asked (another thread may be learning more meanwhile)."""
    return _SURFACE.get(term, frozenset())


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
# point; ASCII's from the start, the others filled in as first met (`_KNOWN`): most of the table
# is never needed.
_WORD = np.zeros(0x110000, dtype=bool)
_KNOWN = np.zeros(0x110000, dtype=bool)
_WORD[:128] = [chr(c).isalnum() or c == 95 for c in range(128)]
_KNOWN[:128] = True


def _word_characters(codes: np.ndarray) -> np.ndarray:
    high = codes[codes > 127]  # (most text is ASCII: looked up once, below)
    new = np.unique(high[~_KNOWN[high]])
    if len(new):
        _WORD[new] = [chr(c).isalnum() or c == 95 for c in new.tolist()]
        _KNOWN[new] = True
    return _WORD[codes]


_UNIT = {"ascii": np.uint8, "utf-16-le": np.uint16, "utf-32-le": np.uint32}


def _code_units(text: str) -> tuple[str, bytes]:
    """`text` encoded one character to a unit, in as few bytes a unit as it allows (half the
    bytes to classify and decode again: utf-16, unless a character needs two of its units)."""
    if text.isascii():
        return "ascii", text.encode("ascii")
    raw = text.encode("utf-16-le", "surrogatepass")  # (surrogates are no word characters)
    if len(raw) == 2 * len(text):
        return "utf-16-le", raw
    return "utf-32-le", text.encode("utf-32-le", "surrogatepass")


def words_of(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The words of each of `texts` (as `words` gives them) in one list, and how many each has.

    For a batch of passages at a time, in C: TOKEN over every character was most of the time a
    build spent reading. A word is a run of word characters and of full stops and commas
    between two word characters (TOKEN matches nothing else): the batch's characters are
    classed by numpy, every other character made a space, and str.split cuts the words; the
    rare run with a full stop or a comma in it ("10.8", "e.g", "10.8mg") is read by TOKEN."""
    low = [t.lower() for t in texts]
    joined = "\n".join(low)  # (not a word character: the texts stay apart)
    encoding, raw = _code_units(joined)
    codes = np.frombuffer(raw, dtype=_UNIT[encoding])
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


class Numbering(dict):
    """str -> its number, numbered as first asked for; `order` holds them by number."""

    def __init__(self, known: Sequence[str] = ()) -> None:
        super().__init__(zip(known, range(len(known))))
        self.order = list(known)

    def __missing__(self, key: str) -> int:
        i = self[key] = len(self.order)
        self.order.append(key)
        return i


class NumberedWords(NamedTuple):
    """A batch of texts' words as words_of reads them, numbered: the distinct words in the
    order first seen, each word's number among them (int32), and how many each text has."""

    distinct: list[str]
    numbers: np.ndarray
    counts: np.ndarray


def numbered_words(fields: Mapping[str, Sequence[str]]) -> dict[str, NumberedWords]:
    """The words of each field's texts, numbered (in the rows' process: handed back to the
    build in a twentieth of the time that reading them takes, and a tenth of the words' size)."""
    out = {}
    for f, texts in fields.items():
        ws, counts = words_of(texts)
        seen = Numbering()
        numbers = np.fromiter(map(seen.__getitem__, ws), np.int32, len(ws))
        out[f] = NumberedWords(seen.order, numbers, counts)
    return out
