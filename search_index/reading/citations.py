"""Citation markers glued to text ("… benefit 17.", "… therapy 345", "… selection. 1").

Pages saved from the web lose the superscript, leaving the reference numbers as plain words.
They become the passage's citations and are removed from its text, so they are never indexed.
"""

from __future__ import annotations

import re

# Words after which a number is part of the sentence, not a citation ("between 2014 and 2024.").
_NUMBER_WORDS = (
    "and or to of in at by for from between than was were is are vs versus about over under "
    "up around nearly approximately cycle cycles grade stage phase day days week weeks month "
    "months year years aged age n = < > ≥ ≤ ± p"
).split()
_MARK = r"\d{1,3}(?:\s*,\s*\d{1,3})*"
# A marker before a sentence end or the end of the text, right after a word or a closing bracket.
_INLINE = re.compile(rf"(?<=[A-Za-z)\]%’'])(?P<pre>\s+)(?P<mark>{_MARK})(?=\.(?:\s|$)|\s*$)")
# A marker after the sentence's full stop, at the very end ("… selection. 1").
_AFTER_STOP = re.compile(rf"(?<=\.)\s+(?P<mark>{_MARK})\s*$")


def _numbers(mark: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", mark):
        digits = [int(c) for c in part]
        # "345" is references 3, 4, 5 run together; a two-digit "17" stays 17.
        if len(part) >= 3 and all(b == a + 1 for a, b in zip(digits, digits[1:])):
            out.extend(digits)
        else:
            out.append(int(part))
    return out


def split_citations(text: str) -> tuple[str, list[int]]:
    """Return the text without its citation markers, and the cited numbers in order."""
    cited: list[int] = []

    def inline(m: re.Match[str]) -> str:
        before = text[: m.start()].split()
        if before and before[-1].lower().strip("()[],;") in _NUMBER_WORDS:
            return m.group(0)
        cited.extend(_numbers(m.group("mark")))
        return ""

    m = _AFTER_STOP.search(text)
    if m:
        cited.extend(_numbers(m.group("mark")))
        text = text[: m.start()]
    text = _INLINE.sub(inline, text)
    return text.rstrip(), list(dict.fromkeys(cited))
