"""A passage too long to lay out, mark or snippet at typing speed is cut into passages of whole
sentences. One 495,000-character paragraph held the reader up for most of a minute each time it
opened; the same text as passages of a few thousand characters opens at once."""

from __future__ import annotations

import re
from dataclasses import replace

from search_index.reading.model import Document, Passage

LIMIT = 3000  # characters: several ordinary paragraphs
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def pieces(text: str, limit: int = LIMIT) -> list[str]:
    """`text` in consecutive pieces of at most `limit` characters, cut after a sentence where
    one ends in reach, else at a space, else anywhere; joined with single spaces they give the
    text back (whitespace at the cuts aside)."""
    out: list[str] = []
    rest = text
    while len(rest) > limit:
        window = rest[: limit + 1]
        ends = [m.start() for m in _SENTENCE_END.finditer(window)]
        cut = ends[-1] if ends and ends[-1] > limit // 2 else window.rfind(" ")
        if cut <= 0:
            cut = limit
        out.append(rest[:cut].strip())
        rest = rest[cut:].lstrip()
    if rest.strip():
        out.append(rest.strip())
    return out


def split_long_passages(doc: Document, limit: int = LIMIT) -> Document:
    """The document with every passage over `limit` characters cut into whole sentences, each
    piece placed where it stands in the source when it can be found there."""
    if all(len(p.text) <= limit for s in doc.sections for p in s.passages):
        return doc
    for section in doc.sections:
        kept: list[Passage] = []
        for p in section.passages:
            if len(p.text) <= limit:
                kept.append(p)
                continue
            at = p.start
            for i, piece in enumerate(pieces(p.text, limit)):
                found = doc.source.find(piece, at, p.end)
                start, end = (found, found + len(piece)) if found >= 0 else (p.start, p.end)
                at = max(at, end)
                kept.append(
                    replace(p, text=piece, start=start, end=end, citations=p.citations if i == 0 else [])
                )
        section.passages = kept
    return doc
