"""Split a source into lines that remember where they are, and drop page chrome."""

from __future__ import annotations

import re
from dataclasses import dataclass

from search_index.resources import chrome_patterns

BULLET = re.compile(r"^(?P<indent>\s*)(?:[•·▪◦‣∙*-]|\d+\.)\s+")
SENTENCE_END = re.compile(r"[.?!:;]\)?[\"”’]?$")
# "doi: 10.1038/s41416-023-02482-w." as saved pages write it (the final full stop is not the DOI's).
DOI = re.compile(r"\bdoi:\s*(?P<doi>10\.\d{4,9}/\S+?)\.?(?=\s|$)", re.I)


@dataclass(frozen=True)
class Line:
    raw: str  # the line as in the source, without its newline
    start: int  # offset of the line's first character in the source
    end: int

    @property
    def text(self) -> str:
        """Stripped, with no-break spaces made plain."""
        return self.raw.replace("\u00a0", " ").strip()

    @property
    def bullet_level(self) -> int | None:
        """Nesting depth if the line is a bullet (1 = top level), else None."""
        m = BULLET.match(self.raw)
        if not m or self.raw.lstrip()[:1].isdigit():
            return None
        return 1 + len(m.group("indent").expandtabs(4)) // 4

    @property
    def bullet_text(self) -> str:
        return BULLET.sub("", self.raw, count=1).replace("\u00a0", " ").strip()


def split_lines(source: str) -> list[Line]:
    """Non-empty lines with offsets, chrome removed, content ending at a 'tail' chrome line."""
    line_pat, tail_pat = chrome_patterns()
    out: list[Line] = []
    pos = 0
    for raw in source.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        line = Line(body, pos, pos + len(body))
        pos += len(raw)
        text = line.text
        if not text:
            continue
        if tail_pat.match(text):
            break
        if not line_pat.match(text):
            out.append(line)
    return out


def looks_like_heading(text: str, max_words: int = 12) -> bool:
    """A short line that is not a sentence: no closing punctuation, starts with a capital."""
    return (
        bool(text)
        and text[0].isupper()
        and len(text.split()) <= max_words
        and not SENTENCE_END.search(text)
        and not BULLET.match(text)
    )


def ends_cut_off(text: str) -> bool:
    """A paragraph the saved copy cut mid-word or mid-sentence (kept as is, never completed)."""
    return bool(text) and not SENTENCE_END.search(text) and len(text.split()) > 8
