"""Figures in a sentence, as data: each keeps its exact text and where it stands."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    kind: str  # hazard_ratio | months | percent | p_value | count | comparison
    text: str  # exactly as in the sentence
    start: int  # offsets in the sentence
    end: int

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "start": self.start, "end": self.end}


_NUM = r"\d+(?:[.,]\d+)*"
_RANGE = rf"{_NUM}(?:\s*[-–]\s*{_NUM})?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "10.8 months in the CMT group vs 20.8 months in the CMT + ICI group"
    (
        "comparison",
        re.compile(
            rf"{_NUM}\s*(?:months|%)[^.;()]{{0,40}}?\bvs\.?\s+{_NUM}\s*(?:months|%)"
            rf"(?:\s+in the [^,.;)]+?group)?"
        ),
    ),
    (
        "hazard_ratio",
        re.compile(
            rf"\bhazard ratios?\b[^.;]{{0,30}}?\b(?:were|was|of|=)\s*{_NUM}"
            rf"(?:\s+for\s+\w+(?:\s+and\s+{_NUM}\s+for\s+\w+)?)?",
            re.I,
        ),
    ),
    ("hazard_ratio", re.compile(rf"\bHR\s*[=:]?\s*{_NUM}")),
    ("p_value", re.compile(r"\bP\s*[=<>≤≥]\s*0?\.\d+")),
    ("months", re.compile(rf"(?:median [^.;,]{{0,40}}?)?{_RANGE}\s*months\b", re.I)),
    ("percent", re.compile(rf"(?:\b\d+-year [^.;,]{{0,40}}?)?{_RANGE}\s*%(?:\s+at\s+\d+\s+years)?")),
    (
        "count",
        re.compile(
            rf"\b{_NUM}\s+(?:[A-Z]{{2,5}}\s+)?(?:randomi[sz]ed controlled trials|"
            r"trials|patients|studies|cycles)\b",
            re.I,
        ),
    ),
]


def find_figures(sentence: str) -> list[Figure]:
    """Every figure, longest match first where two overlap (a comparison holds its months)."""
    found: list[Figure] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            found.append(Figure(kind, m.group(), m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)
