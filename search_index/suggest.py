"""The index's own vocabulary: "did you mean …" for unknown or rare words, and completions."""

from __future__ import annotations

import bisect
import json
import os
import re
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from search_index.analysis import STOP, term_of, words, written_forms
from search_index.lexicon import known_words
from search_index.query import QueryPlan
from search_index.resources import english_words

VOCABULARY_FILE = "vocabulary.json"
REPLACE_TRIES = 40  # over two seconds


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


def _load(path: Path) -> dict:
    """The saved counts; a damaged file reads as empty (the library counts again on opening)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


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

    def count(self, word: str) -> int:
        return self.counts.get(word.lower(), 0)

    def correction(self, word: str) -> str | None:
        """The likeliest intended word for a misspelt one, or None. A word no passage holds may
        become any word of the collection; one a passage or two hold (a rare but real word, or
        a slip in a document), only a far commoner one. An English word is never misspelt."""
        w = word.lower()
        if len(w) < 4 or w in STOP or w.isdigit() or self._is_a_word(w):
            return None
        own = self.counts.get(w, 0)
        if own > 2:
            return None
        limit = 1 if len(w) <= 5 else 2
        found = process.extract(
            w,
            self._common if own else self._all,
            scorer=Levenshtein.distance,
            score_cutoff=limit,
            limit=20,
        )
        # A word seen once or twice is offered only for a near-certain slip (one letter; two in a
        # long word): a drug the collection lacks ("acarbose") is not made another ("agarose").
        rare_limit = 1 if len(w) < 10 else 2
        best = [
            (dist, -self.counts[c], c)
            for c, dist, _ in found
            if c != w and self.counts[c] >= max(5 * own, 3 if dist > rare_limit else 0)
        ]
        return min(best)[2] if best else None

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
            # (an abbreviation the lexicon does not know yet, such as "TARE").
            if c.kind != "word" or c.alternatives or c.text.isupper():
                continue
            for w in words(c.text):
                if w in known:
                    continue
                better = self.correction(w)
                if better:
                    text = re.sub(rf"\b{re.escape(w)}\b", better, text, count=1, flags=re.IGNORECASE)
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
