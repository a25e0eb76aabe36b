"""A passage's sentences, and the options a sentence is about."""

from __future__ import annotations

import re

from search_index.lexicon import tag_spans, treatment_data

# Sentence boundaries: a full stop, question or exclamation mark, then a capital — except after
# abbreviations that take a full stop.
_SENTENCE = re.compile(r"(?<!\bvs)(?<!\bal)(?<!\be\.g)(?<!\bi\.e)(?<!\bDr)(?<=[.!?])\s+(?=[A-Z(])")
# Words after which a named treatment is the comparison, the partner or an aside, not the subject.
_ASIDE = re.compile(
    r"\b(?:to|with|compared|than|versus|vs\.?|after|before|combined|rather|"
    r"instead|plus|alongside|following|during|under|from)\b",
    re.I,
)


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a passage."""
    out, pos = [], 0
    for m in _SENTENCE.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        out.append((pos, len(text.rstrip())))
    return [(s, e) for s, e in out if e > s]


def about(sentence: str, options: tuple) -> list[str]:
    """The options a sentence is about: those it names before it turns to a partner, a
    comparison or an aside ("Ablation … can be combined with hepatic resection" is about
    ablation; "3 months of chemotherapy before … surgical resection" about chemotherapy)."""
    spans = tag_spans(sentence, options)
    if not spans:
        return []
    aside = _ASIDE.search(sentence, spans[0][1])
    cut = aside.start() if aside else len(sentence)
    return list(dict.fromkeys(t for s, _e, t in spans if s < cut))


def without_parts(ids: list[str]) -> list[str]:
    """A sentence on a combination is not about its parts ("CMT + ICI vs CMT" is about
    chemoimmunotherapy, the comparator named in its arms)."""
    parts = {p for o in treatment_data()["options"] if o["id"] in ids for p in o.get("parts", [])}
    return [i for i in ids if i not in parts]
