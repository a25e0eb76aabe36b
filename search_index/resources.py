"""Read the data files in resources/ (lexicons, chrome patterns, styles)."""

from __future__ import annotations

import re
from functools import cache

from search_index.paths import resources_dir


def _data_lines(name: str) -> list[str]:
    text = (resources_dir() / name).read_text(encoding="utf-8")
    return [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def chrome_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(line pattern, tail pattern): whole-line regexes for page chrome."""
    lines: list[str] = []
    tails: list[str] = []
    for ln in _data_lines("chrome.txt"):
        (tails if ln.startswith("tail:") else lines).append(ln.removeprefix("tail:"))
    compile_ = lambda alts: re.compile("(?:" + "|".join(alts or ["(?!)"]) + r")\Z", re.I)  # noqa: E731
    return compile_(lines), compile_(tails)


@cache
def journal_prefixes() -> dict[str, str]:
    return dict(ln.split("\t", 1) for ln in _data_lines("journals.tsv"))


@cache
def english_words() -> frozenset[str]:
    """English words of four letters or more (english_words.txt says where they come from)."""
    return frozenset(_data_lines("english_words.txt"))


@cache
def common_words() -> frozenset[str]:
    """The commonest English words (common_words.txt says which)."""
    return frozenset(_data_lines("common_words.txt"))
