"""Back and Forward across the reader's jumps: a result opened, a grid link, a citation."""

from __future__ import annotations

from dataclasses import dataclass

HISTORY_SIZE = 50


@dataclass(frozen=True)
class Place:
    """Where the reader was: the document, what it marked, and how far it was scrolled."""

    document_id: str
    variants: tuple[tuple[str, ...], ...] = ()
    passage_id: int | None = None
    sentence: tuple[int, int, int] | None = None  # passage id, start, end (in the passage)
    scroll: int | None = None


class History:
    def __init__(self) -> None:
        self.behind: list[Place] = []
        self.ahead: list[Place] = []

    def leave(self, here: Place) -> None:
        """A jump away from `here`: it is where Back returns; what was ahead is dropped."""
        self.behind = [*self.behind, here][-HISTORY_SIZE:]
        self.ahead.clear()

    def back(self, here: Place) -> Place | None:
        if not self.behind:
            return None
        self.ahead.append(here)
        return self.behind.pop()

    def forward(self, here: Place) -> Place | None:
        if not self.ahead:
            return None
        self.behind.append(here)
        return self.ahead.pop()

    def clear(self) -> None:
        self.behind.clear()
        self.ahead.clear()
