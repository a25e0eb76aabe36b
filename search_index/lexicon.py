"""The field's vocabulary from resources/: abbreviations, synonyms, lay terms, spellings,
cancer types and treatment options. Used at query time (the index stays plain) and to tag
passages with the cancer types and treatments they speak of.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache

from search_index.analysis import words
from search_index.paths import resources_dir

Phrase = tuple[str, ...]  # lower-case surface words


@dataclass(frozen=True)
class Alternative:
    phrase: Phrase
    source: str  # abbreviation | synonym | lay term | spelling | word form


def phrase(text: str) -> Phrase:
    return tuple(words(text))


def data_rows(name: str) -> list[list[str]]:
    text = (resources_dir() / name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@cache
def expansions() -> dict[Phrase, tuple[Alternative, ...]]:
    """Every phrase the lexicon knows, with what else it may be written as."""
    table: dict[Phrase, dict[Phrase, str]] = {}

    def add(key: str, alt: str, source: str) -> None:
        k, a = phrase(key), phrase(alt)
        if k and a and k != a:
            table.setdefault(k, {}).setdefault(a, source)

    for abbr, full in data_rows("lexicon/abbreviations.tsv"):
        for f in full.split("|"):
            add(abbr, f, "abbreviation")
            add(f, abbr, "abbreviation")
    for name, source in (
        ("lexicon/synonyms.tsv", "synonym"),
        ("lexicon/spellings.tsv", "spelling"),
        ("lexicon/word_forms.tsv", "word form"),
    ):
        for (group,) in data_rows(name):
            members = group.split("|")
            for m in members:
                for other in members:
                    add(m, other, source)
    for lay, clinical in data_rows("lexicon/lay_terms.tsv"):
        for c in clinical.split("|"):
            add(lay, c, "lay term")
    return {k: tuple(Alternative(a, s) for a, s in v.items()) for k, v in table.items()}


@cache
def longest_key() -> int:
    return max(len(k) for k in expansions())


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    aliases: tuple[Phrase, ...]


@cache
def cancer_types() -> tuple[Tag, ...]:
    return tuple(
        Tag(i, label, tuple(phrase(a) for a in aliases.split("|")))
        for i, label, aliases in data_rows("cancer_types.tsv")
    )


@cache
def treatment_data() -> dict:
    return json.loads((resources_dir() / "treatments.json").read_text(encoding="utf-8"))


@cache
def treatments() -> tuple[Tag, ...]:
    return tuple(
        Tag(o["id"], o["name"], tuple(phrase(s) for s in o["synonyms"]))
        for o in treatment_data()["options"]
    )


@cache
def _tag_pattern(tags: tuple[Tag, ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regular expression for all aliases (longest first), and alias -> tag id."""
    owner = {" ".join(a): t.id for t in tags for a in t.aliases}
    alts = sorted(owner, key=len, reverse=True)
    body = "|".join(r"\W+".join(re.escape(w) for w in a.split()) for a in alts)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)"), {a: owner[a] for a in alts}


def tags_in(text: str, tags: tuple[Tag, ...]) -> list[str]:
    """The ids of the tags one of whose aliases occurs in `text` as whole words."""
    pattern, owner = _tag_pattern(tags)
    found = {owner[" ".join(words(m.group()))] for m in pattern.finditer(text.lower())}
    return [t.id for t in tags if t.id in found]


@cache
def known_words() -> frozenset[str]:
    """Every word of the lexicon's phrases and of the cancer types' and treatments' names."""
    phrases = [
        *expansions(),
        *(a.phrase for alts in expansions().values() for a in alts),
        *(a for tag in (*cancer_types(), *treatments()) for a in tag.aliases),
    ]
    return frozenset(w for p in phrases for w in p)


def tag_spans(text: str, tags: tuple[Tag, ...]) -> list[tuple[int, int, str]]:
    """(start, end, tag id) of every alias in `text`, in the text's order."""
    pattern, owner = _tag_pattern(tags)
    return [
        (m.start(), m.end(), owner[" ".join(words(m.group()))]) for m in pattern.finditer(text.lower())
    ]
