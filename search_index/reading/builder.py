"""Small helpers the readers share to turn lines into sections and passages."""

from __future__ import annotations

from search_index.reading.citations import split_citations
from search_index.reading.lines import Line
from search_index.reading.model import Passage, Section


def passage(line: Line, *, cite: bool, kind: str = "paragraph", level: int = 0) -> Passage:
    """One passage from one source line; citation markers become citations when `cite`."""
    text = line.bullet_text if kind == "bullet" else line.text
    cited: list[int] = []
    if cite:
        text, cited = split_citations(text)
    return Passage(text=text, start=line.start, end=line.end, kind=kind, level=level, citations=cited)


class Sections:
    """Collects sections in order; passages go to the current one."""

    def __init__(self) -> None:
        self.items: list[Section] = []

    def open(self, heading: str, role: str = "") -> Section:
        section = Section(heading=heading, role=role)
        self.items.append(section)
        return section

    def add(self, p: Passage, heading: str = "", role: str = "") -> None:
        if not p.text:  # a bullet mark or a label ("Core Tip:") with nothing after it
            return
        if not self.items:
            self.open(heading, role)
        self.items[-1].passages.append(p)

    def nonempty(self) -> list[Section]:
        return [s for s in self.items if s.passages]
