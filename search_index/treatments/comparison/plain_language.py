"""Words for patients: abbreviations spelled out, and the glossary's terms a text uses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from search_index.lexicon import data_rows


def plain_words(text: str) -> str:
    """Abbreviations written out and "+" said as "plus" (arm labels, notes for patients); a
    source's words quoted “…” stay as they are."""

    def ours(piece: str) -> str:
        piece = re.sub(r"\s\+\s", " plus ", piece)
        return re.sub(
            r"\b[A-Z][A-Za-z0-9-]*[A-Z]s?\b",
            lambda m: abbreviations().get(m.group()) or m.group(),
            piece,
        )

    return "".join(
        p if p.startswith("\u201c") else ours(p) for p in re.split(r"(\u201c[^\u201d]*\u201d)", text)
    )


@cache
def glossary() -> dict[str, str]:
    return {term: definition for term, definition in data_rows("glossary.tsv")}


def word_forms(term: str) -> str:
    """A pattern for a term in its singular and plural (metastasis/metastases,
    therapy/therapies, trial/trials), whole words only."""
    head, last = term.lower().rsplit(" ", 1) if " " in term else ("", term.lower())
    if last.endswith(("sis", "ses")):
        forms = [last[:-2] + "is", last[:-2] + "es"]
    elif last.endswith("ies") or (last.endswith("y") and last[-2:-1] not in "aeiou"):
        stem = last[:-3] if last.endswith("ies") else last[:-1]
        forms = [stem + "y", stem + "ies"]
    elif last.endswith("s") and not last.endswith("ss"):
        forms = [last, last[:-1]]
    else:
        forms = [last, last + "s"]
    prefix = re.escape(head + " ") if head else ""
    return rf"\b{prefix}(?:{'|'.join(re.escape(f) for f in forms)})\b"


def glossary_for(texts: list[str], explained: Sequence[str] = ()) -> list[tuple[str, str]]:
    """The glossary's terms that occur in the texts (singular or plural), in alphabetical order.

    Where terms overlap the longest wins ("liver metastases" is not also "metastases"); words
    inside an `explained` phrase (a treatment the page already describes) are not defined again;
    terms with the same definition are one entry ("recurrence, relapse")."""
    joined = " ".join(texts).lower()
    candidates = [
        (m.start(), m.end(), term)
        for term in [*explained, *glossary()]
        for m in re.finditer(word_forms(term), joined)
    ]
    taken: list[tuple[int, int]] = []
    found: set[str] = set()
    for start, end, term in sorted(candidates, key=lambda c: c[0] - c[1]):  # longest first
        if all(end <= a or start >= b for a, b in taken):
            taken.append((start, end))
            found.add(term)
    by_definition: dict[str, list[str]] = {}
    for term, definition in glossary().items():
        if term in found:
            by_definition.setdefault(definition, []).append(term)
    return sorted((", ".join(terms), d) for d, terms in by_definition.items())


@cache
def abbreviations() -> dict[str, str]:
    return {abbr: full.split("|")[0] for abbr, full in data_rows("lexicon/abbreviations.tsv")}


def spell_out(text: str, seen: set[str]) -> list[tuple[str, str]]:
    """Pieces of `text`, with each abbreviation's meaning added after its first use in a grid:
    [(piece, kind)] where kind is "text" or "added" (shown differently: not the source's)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in re.finditer(r"\b[A-Za-z][A-Za-z0-9-]*[A-Z][A-Za-z0-9-]*s?\b", text):
        word = m.group()
        full = abbreviations().get(word) or abbreviations().get(word.rstrip("s"))
        if full and word not in seen:
            seen.add(word)
            if full.lower() in text[: m.start()].lower():
                continue  # the source spells it out already: "colorectal liver metastases (CRLM)"
            out += [(text[pos : m.end()], "text"), (f" ({full})", "added")]
            pos = m.end()
    out.append((text[pos:], "text"))
    return [(p, k) for p, k in out if p]
