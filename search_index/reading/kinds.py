"""Recognise a document's kind from its content, never from its file name."""

from __future__ import annotations

import re

from search_index.reading.model import GUIDELINE, JOURNAL, PUBMED, QA_PAGE

# Each kind's telltale lines (whole stripped lines or line starts); the best score wins.
_CUES: dict[str, list[re.Pattern[str]]] = {
    PUBMED: [
        re.compile(p, re.I | re.M)
        for p in (
            r"^PubMed Disclaimer$",
            r"^Abstract$",
            r"^Access keys NCBI",
            r"^MeSH terms$",
            r"^Publication types$",
            r"^doi: 10\.\S+",
            r"- PubMed$",
        )
    ],
    QA_PAGE: [
        re.compile(p, re.I | re.M)
        for p in (
            r"^What the research says$",
            r"^What to ask your doctor$",
            r"\A[^\n]+\?\n",
            r"We do not provide individuali[sz]ed advice",
        )
    ],
    JOURNAL: [
        re.compile(p, re.I | re.M)
        for p in (
            r"^Core Tip:",
            r"^Revised: ",
            r"^Accepted: ",
            r"^Processing time: ",
            r"^Published online",
        )
    ],
    GUIDELINE: [
        re.compile(p, re.I | re.M)
        for p in (
            r"^\s*•\s",
            r"Medical Advisory Board",
            r"^Professional Medical Disclaimer$",
            r"^Guideline$",
            r"^Pitfalls and Caveats$",
            r"^Last updated: ",
        )
    ],
}


def detect_kind(source: str) -> str | None:
    """The kind whose cues match best, or None if fewer than two cues of any kind match."""
    scores = {kind: sum(bool(p.search(source)) for p in cues) for kind, cues in _CUES.items()}
    kind, score = max(scores.items(), key=lambda kv: kv[1])
    return kind if score >= 2 else None
