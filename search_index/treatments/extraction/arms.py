"""The arms a sentence compares, with their figures, and the option whose effect it measures."""

from __future__ import annotations

import re
from typing import Any

from search_index.lexicon import tag_spans
from search_index.treatments.extraction.cues import BENEFIT
from search_index.treatments.figures import Figure

_GROUP = re.compile(
    r"(?P<a>\d[\d.,]*\s*(?:months|%))\s+(?:in|with|for) (?:the )?(?P<la>[^,;()]+?)"
    r"(?: group| arm)?\s+(?:vs\.?|versus|compared with)\s+(?P<b>\d[\d.,]*\s*"
    r"(?:months|%))\s+(?:in|with|for) (?:the )?(?P<lb>[^,;()]+?)(?: group| arm)"
    r"?(?=[,;.)]|$)"
)
_AGAINST = re.compile(r"\b(?:compared (?:to|with)|versus|vs\.?)\s+(?P<c>[^,;.()]+)", re.I)


def _number(figure: str) -> float:
    """The number a figure starts with ("20.8 months", "1,204"): _GROUP's starts with one."""
    number = re.match(r"[\d.]+", figure.replace(",", ""))
    assert number is not None
    return float(number.group())


def arms_of(
    sentence: str,
    ids: list[str],
    figures: list[Figure],
    options: tuple,
) -> tuple[list[dict], list[str]]:
    """The arms a sentence compares and the option(s) whose effect it measures.

    "10.8 months in the CMT group vs 20.8 months in the CMT + ICI group": the arm that did
    better (more months, a larger share) is the intervention, the other the comparator, each
    with its figure; "… improved X compared to Y": the sentence's subject against Y."""

    def option_of(label: str) -> str | None:
        spans = tag_spans(label, options)
        return max(spans, key=lambda s: s[1] - s[0])[2] if spans else None

    if m := _GROUP.search(sentence):
        a, b = (m.group("a"), m.group("la").strip()), (m.group("b"), m.group("lb").strip())
        better, worse = (b, a) if _number(b[0]) >= _number(a[0]) else (a, b)
        arms: list[dict[str, Any]] = [
            {
                "label": better[1],
                "option": option_of(better[1]),
                "role": "intervention",
                "figures": [better[0]],
            },
            {
                "label": worse[1],
                "option": option_of(worse[1]),
                "role": "comparator",
                "figures": [worse[0]],
            },
        ]
        owner = arms[0]["option"]
        return arms, [owner] if owner else ids
    m = _AGAINST.search(sentence) if ids else None
    if m and option_of(m.group("c")) and (figures or BENEFIT.search(sentence)):
        label = m.group("c").strip()
        subject = sentence[: m.start()]
        named = [(s, e) for s, e, t in tag_spans(subject, options) if t in ids]
        return [
            {
                "label": subject[named[0][0] : named[-1][1]] if named else ids[0],
                "option": ids[0],
                "role": "intervention",
                "figures": [f.text for f in figures if f.end <= len(subject)],
            },
            {
                "label": label,
                "option": option_of(label),
                "role": "comparator",
                "figures": [f.text for f in figures if f.start >= m.start()],
            },
        ], ids
    return [], ids
