"""The index's own vocabulary: "did you mean …" for unknown or rare words, and completions."""

from __future__ import annotations

import bisect
import json
import os
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from string import ascii_lowercase

from rapidfuzz import process
from rapidfuzz.distance import OSA

from search_index.analysis import STOP, term_of, words, written_forms
from search_index.concepts import QueryPlan, abbreviation
from search_index.lexicon import known_words
from search_index.resources import english_words

VOCABULARY_FILE = "vocabulary.json"
REPLACE_TRIES = 40  # over two seconds
MAX_KEPT = 4096  # corrections kept (a search as it is typed asks for the same words again)


def _count(texts: Iterable[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in texts:
        counts.update(filter(countable, words(t)))
    return counts


def countable(word: str) -> bool:
    """Whether suggestions may offer the word (as `words` gives it)."""
    return len(word) > 1 and not word.isdigit()


def save_vocabulary(
    directory: Path,
    counts: Counter[str],
    titles: Iterable[str],
    forms: dict[str, list[str]] | None = None,
) -> None:
    """`forms`: written_forms(counts), if found already (where the words' stems are known)."""
    data = {
        "words": dict(counts.most_common()),
        "titles": sorted(set(titles)),
        "forms": written_forms(counts) if forms is None else forms,
    }
    tmp = directory / f".{VOCABULARY_FILE}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    # Never half a file, even if killed. Windows refuses to replace a file while a reader has
    # it open: an engine opening reads it whole and closes it, so a moment later it is free.
    for _ in range(REPLACE_TRIES - 1):
        try:
            os.replace(tmp, directory / VOCABULARY_FILE)
            return
        except PermissionError:
            time.sleep(0.05)
    os.replace(tmp, directory / VOCABULARY_FILE)


def write_vocabulary(directory: Path, texts: Iterable[str], titles: Iterable[str]) -> None:
    save_vocabulary(directory, _count(texts), titles)


def add_to_vocabulary(directory: Path, texts: Iterable[str], titles: Iterable[str]) -> None:
    """Count the words of passages added to an index (removals rewrite the whole file)."""
    path = directory / VOCABULARY_FILE
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    counts = Counter(data.get("words", {}))
    counts.update(_count(texts))
    save_vocabulary(directory, counts, [*data.get("titles", []), *titles])


def folded(text: str) -> str:
    """`text` in lower case as a reader takes it: the Turkish İ and ı as i (lower() makes İ an
    i with a combining dot, which parts the word)."""
    return text.replace("İ", "i").replace("ı", "i").lower().replace("i\u0307", "i")


def _foreign(word: str) -> set[str]:
    """The letters of `word` that are not Latin ("α" in "tnfα"): a correction must keep them."""
    return {ch for ch in word if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN")}


def _english_near(w: str) -> set[str]:
    """English words one slip from `w` (a letter left out, added or changed, or two swapped)."""
    halves = [(w[:i], w[i:]) for i in range(len(w) + 1)]
    edits = {a + b[1:] for a, b in halves if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in halves if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in halves if b for c in ascii_lowercase}
    edits |= {a + c + b for a, b in halves for c in ascii_lowercase}
    return (edits - {w}) & english_words()


def _load(path: Path) -> dict:
    """The saved counts; a damaged file reads as empty (the library counts again on opening)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _by_length(words: list[str]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for w in words:
        out.setdefault(len(w), []).append(w)
    return out


class Vocabulary:
    def __init__(self, directory: Path) -> None:
        data = _load(directory / VOCABULARY_FILE)
        self.counts: dict[str, int] = data.get("words", {})
        self.titles: list[str] = data.get("titles", [])
        # term -> its written forms; a file from an earlier version has none: stem them here
        self.forms: dict[str, list[str]] = data.get("forms") or written_forms(self.counts)
        self._sorted = sorted(self.counts)
        # What a word no passage holds may become: any of the collection's words (a drug named
        # once); what a rare word may become: only common ones (see correction).
        self._all = [w for w in self.counts if w not in STOP]
        self._common = [w for w in self._all if self.counts[w] >= 3]
        # A word no passage holds may also be a misspelt lexicon term the collection lacks
        # ("radioemblization"): offered, so that the search can say it is not covered.
        self._terms = {w for w in known_words() if countable(w) and w not in STOP}
        self._any = sorted(set(self._all) | self._terms)
        # by length: a word further in length than the edits allowed is never near, and
        # comparing with every word of a large collection cost most of a search's time
        self._by_length = {own: _by_length(words) for own, words in ((1, self._common), (0, self._any))}
        self._corrections: dict[str, str | None] = {}

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def correction(self, word: str) -> str | None:
        """The likeliest intended word for a misspelt one, or None. A word no passage holds may
        become any word of the collection or the lexicon, or an English word one slip away
        (see below); one a passage or two hold (a rare but real word, or a slip in a
        document), only a far commoner one. An English word is never misspelt. Two letters
        swapped count as one slip, and, at the same distance, the same letters reordered win,
        then a lexicon term, then the collection's commoner word."""
        w = folded(word)
        if w not in self._corrections:
            if len(self._corrections) > MAX_KEPT:
                self._corrections.clear()
            self._corrections[w] = self._correction(w)
        return self._corrections[w]

    def _correction(self, w: str) -> str | None:
        if len(w) < 4 or w in STOP or w.isdigit() or self._is_a_word(w):
            return None
        own = self.counts.get(w, 0)
        if own > 2:
            return None
        limit = 1 if len(w) <= 5 else 2
        found = [
            (c, dist)
            for c, dist, _ in process.extract(
                w,
                self._near_in_length(w, limit, own),
                scorer=OSA.distance,
                score_cutoff=limit,
                limit=None,
            )
        ]
        if not own:
            # Another form of a word the collection holds, near that word too ("chanses":
            # chances, as "chance"; not "recist": resist, as "resistance"), or its letters in
            # another order ("hiar": hair): any other slip has too many English words ("sacn":
            # sack, sacs, sawn, scan).
            found += [
                (e, 1)
                for e in _english_near(w)
                if sorted(e) == sorted(w) or self._near_a_form(w, e, limit)
            ]
        foreign = _foreign(w)
        best = [
            (dist, self._order(c, w), self._tier(c), -self.counts.get(c, 0), c)
            for c, dist in found
            if c != w and foreign <= set(c) and self._allowed(c, dist, max(len(w), len(c)), own)
        ]
        return min(best)[-1] if best else None

    def _near_in_length(self, w: str, limit: int, own: int) -> list[str]:
        """The candidates (common words for a word the collection holds, else any) whose
        length is within `limit` of the word's (all of those near enough are weighed: the
        choice does not hang on their order)."""
        buckets = self._by_length[min(own, 1)]
        near = range(len(w) - limit, len(w) + limit + 1)
        return [c for n, bucket in buckets.items() if n in near for c in bucket]

    def _near_a_form(self, w: str, english: str, limit: int) -> bool:
        """Whether `english` is another form of a word the collection holds, as near `w`."""
        held = self.forms.get(term_of(english), ())
        return any(OSA.distance(w, f, score_cutoff=limit) <= limit for f in held)

    def _order(self, c: str, w: str) -> int:
        """At the same distance: a lexicon term first ("ablaton": ablation, not the lake
        balaton), then the same letters reordered ("hiar": hair, not hilar), then the rest."""
        if c in self._terms:
            return 0
        return 1 if sorted(c) == sorted(w) else 2

    def _tier(self, c: str) -> int:
        """A lexicon term before the collection's word (or another form of one), before another
        English word."""
        if c in self._terms:
            return 0
        return 1 if c in self.counts or self.forms.get(term_of(c)) else 2

    def _allowed(self, c: str, dist: int, length: int, own: int) -> bool:
        """A word seen once or twice is offered only for a near-certain slip (one letter; two in
        a long word): a drug the collection lacks ("acarbose") is not made another ("agarose")."""
        rare_limit = 1 if length < 10 else 2
        return self.counts.get(c, 0) >= max(5 * own, 3 if dist > rare_limit else 0)

    def _is_a_word(self, w: str) -> bool:
        """English, or another form of a word the collection holds ("chances": "chance")."""
        return w in english_words() or any(f != w for f in self.forms.get(term_of(w), ()))

    def corrected(self, plan: QueryPlan) -> str | None:
        """The query with unknown or rare typed words replaced by likely ones, or None."""
        text = plan.text
        changed = False
        known = known_words()
        for c in plan.positive:
            # A known abbreviation or term is never "corrected", nor a word typed in capitals
            # in a query not all so (an abbreviation the lexicon does not know yet: "TARE").
            fixed = folded(c.text)
            # typed words: one word ("İnfusion" reads as two), or a quoted phrase's
            typed_words = c.kind in ("word", "phrase") or (c.kind == "words" and len(words(fixed)) == 1)
            if not typed_words or c.alternatives or abbreviation(c, plan):
                continue
            for w in words(fixed):
                better = None if w in known else self.correction(w)
                if better:
                    fixed = re.sub(rf"\b{re.escape(w)}\b", better, fixed, count=1)
            typed = re.search(rf"(?<!\w){re.escape(c.text)}(?!\w)", text)
            if typed and words(fixed) != words(c.text):
                text = text[: typed.start()] + fixed + text[typed.end() :]
                changed = True
        return text if changed else None

    def complete(self, prefix: str, limit: int = 8) -> list[str]:
        """Words and document titles that continue what is being typed, most frequent first."""
        text = prefix.lower()
        head, _, last = text.rpartition(" ")
        out: list[str] = []
        if len(last) >= 2:
            i = bisect.bisect_left(self._sorted, last)
            cands = []
            while i < len(self._sorted) and self._sorted[i].startswith(last):
                cands.append(self._sorted[i])
                i += 1
            cands.sort(key=lambda c: (-self.counts[c], c))
            out += [f"{head} {c}".strip() for c in cands[:limit] if c != last]
        if len(text) >= 3:
            out += [t for t in self.titles if text in t.lower()][:3]
        return out[:limit]
