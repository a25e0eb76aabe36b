"""Classes an index written by an earlier version names in its pickled schema (it indexed the
words with Whoosh; now the words are indexed in arrays). Such an index still opens, and takes
updates, with these (index.py finds them under the path the schema names)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from whoosh import formats
from whoosh.analysis import Analyzer, Token
from whoosh.system import pack_uint

from search_index.analysis import terms, tokens


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


# Where an earlier version's schema says they are (they were defined in analysis.py).
MOVED = {
    ("search_index.analysis", "FastFrequency"): FastFrequency,
    ("search_index.analysis", "FastAnalyzer"): FastAnalyzer,
}
