"""How cue phrases are matched, and the cues of a benefit (rows, polarity and arms read them)."""

from __future__ import annotations

import re


def cues(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")", re.I)


BENEFIT = cues(
    r"improv",
    r"benefit",
    r"survival",
    r"response rate",
    r"disease control",
    r"best chance",
    r"favou?rable",
    r"facilitate resection",
    r"safe and effective",
    r"cure",
    r"effective",
    r"superior",
    r"enhance",
    r"works well",
    r"promise",
)
