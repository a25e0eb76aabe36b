"""The field's vocabulary from resources/: abbreviations, synonyms, lay terms, spellings,
cancer types and treatment options. Used at query time (the index stays plain) and to tag
passages with the cancer types and treatments they speak of.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from search_index.analysis import term_of, words
from search_index.paths import resources_dir

Phrase = tuple[str, ...]  # lower-case surface words
LETTERS = re.compile(r"[^\W\d]+")  # a run of word characters without digits
WORD_RUN = re.compile(r"\w+")
NEGATIONS = ("in", "un", "non-", "non", "im", "ir", "il")
# Non-word characters beyond ASCII (a word character: a letter, a digit, "_"); and the UTF-8
# bytes of a text that holds none of them, each ASCII non-word byte mapped to a space
_WIDE_NON_WORD = re.compile(r"[^\x00-\x7f\w]+")
_NON_WORD_BYTES = bytes(c if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256))


@dataclass(frozen=True)
class Alternative:
    phrase: Phrase
    source: str  # abbreviation | synonym | lay term | spelling | word form


def phrase(text: str) -> Phrase:
    return tuple(words(text))


def data_rows(name: str) -> list[list[str]]:
    text = (resources_dir() / name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def negated(word: str, group: list[str]) -> bool:
    """Whether `word` is another member of `group` with a negation put before it ("incurable":
    "curable"): it means the opposite, so it is never read as that word, nor that word as it."""
    return any(word.startswith(p) and word[len(p) :] in group for p in NEGATIONS)


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
                    if negated(m, members) == negated(other, members):
                        add(m, other, source)
    for lay, clinical in data_rows("lexicon/lay_terms.tsv"):
        for said in _persons(phrase(lay)):
            for c in clinical.split("|"):
                add(" ".join(said), c, "lay term")
    _derive(table, _spelt_otherwise, "spelling")
    _derive(table, _other_number, "word form")
    return {k: tuple(Alternative(a, s) for a, s in v.items()) for k, v in table.items()}


# A patient asks of themselves or of another: "how long will I live", "... will she live".
_PERSONS = (("i", "my"), ("he", "his"), ("she", "her"), ("they", "their"), ("you", "your"))


def _persons(said: Phrase) -> list[Phrase]:
    """A lay term said in the first person, and said of each other person."""
    if not {"i", "my"} & set(said):
        return [said]
    return [tuple(dict(zip(("i", "my"), person)).get(w, w) for w in said) for person in _PERSONS]


def _derive(
    table: dict[Phrase, dict[Phrase, str]], others: Callable[[Phrase], list[Phrase]], source: str
) -> None:
    """Each phrase's other forms (`others`) are also phrases, with everything it has and the
    phrase itself: a form the lexicon lists too keeps its own and gains the phrase's."""
    for key, alts in list(table.items()):
        for other in others(key):
            if other != key:
                mine = table.setdefault(other, {})
                for a, s in (*alts.items(), (key, source)):
                    if a != other:
                        mine.setdefault(a, s)


@cache
def _spellings() -> dict[str, tuple[str, ...]]:
    """A word of spellings.tsv -> its other spellings."""
    groups = [[phrase(m) for m in g.split("|")] for (g,) in data_rows("lexicon/spellings.tsv")]
    # words spelt two ways; "gastro-oesophageal" (two words, one) is spelt by "oesophageal"
    one_word = [[p[0] for p in g] for g in groups if all(len(p) == 1 for p in g)]
    return {w: tuple(o for o in g if o != w) for g in one_word for w in g}


def _spelt_otherwise(key: Phrase) -> list[Phrase]:
    """The phrase with its words spelt the other way ("oesophageal cancer": "esophageal
    cancer"), one word at a time."""
    out = []
    for i, w in enumerate(key):
        out += [(*key[:i], o, *key[i + 1 :]) for o in _spellings().get(w, ())]
    return out


# Endings of adjectives and verbs ("resectable", "esophageal", "localized"): no plural.
_NO_PLURAL = ("ed", "al", "ic", "ble", "ive", "ing", "ant", "ous", "ise", "ize")


def _other_number(key: Phrase) -> list[Phrase]:
    """The phrase with its last word's other number ("side effects": "side effect",
    "hepatectomy": "hepatectomies"), when the index stems both alike (the same word to it) and
    both have four letters or more ("mets" is never "met", the past of "meet")."""
    w = key[-1]
    if not w.isalpha() or len(w) < 4:
        return []
    if w.endswith("ies"):
        other = w[:-3] + "y"
    elif w.endswith("y") and w[-2] not in "aeiou":
        other = w[:-1] + "ies"
    elif w.endswith(("ss", "us", "is", "ses")) or w.endswith(_NO_PLURAL):
        return []  # "metastases" is "metastasis" (listed); "metastatic" has no plural
    else:
        other = w[:-1] if w.endswith("s") else w + "s"
    return [(*key[:-1], other)] if len(other) >= 4 and term_of(other) == term_of(w) else []


def negation_of(word: str) -> Phrase | None:
    """The lexicon's word for `word` negated, or None: a negation put before the word ("not
    resectable": unresectable), before another form of it ("not operated": inoperable), or
    before what the lexicon reads it as ("cannot be removed": removable is resectable to a
    patient, so unresectable)."""
    table = expansions()
    own = [word, *_one_words().get(term_of(word), ())]
    forms = own + [a.phrase[0] for w in own for a in table.get((w,), ()) if len(a.phrase) == 1]
    for form in dict.fromkeys(forms):
        for p in NEGATIONS:
            if (negation := phrase(p + form)) in table:
                return negation
    return None


@cache
def _one_words() -> dict[str, tuple[str, ...]]:
    """An index term -> the lexicon's phrases of one word with that term."""
    out: dict[str, list[str]] = {}
    for key in expansions():
        if len(key) == 1:
            out.setdefault(term_of(key[0]), []).append(key[0])
    return {t: tuple(sorted(ws)) for t, ws in out.items()}


@cache
def abbreviations() -> frozenset[Phrase]:
    """The abbreviations of the lexicon (not what they stand for)."""
    return frozenset(phrase(abbr) for abbr, _ in data_rows("lexicon/abbreviations.tsv"))


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


@lru_cache(maxsize=4096)
def _alternatives(aliases: tuple[str, ...]) -> re.Pattern[str]:
    body = "|".join(r"\W+".join(re.escape(w) for w in a.split()) for a in aliases)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")


def _form(text: str) -> str:
    """Its runs of word characters, joined by single spaces: an alias and any text it matches
    ("transarterial.chemoembolization") have the same."""
    return " ".join(WORD_RUN.findall(text))


@dataclass(frozen=True)
class _Aliases:
    """A set of tags' aliases, ready to look for."""

    pattern: re.Pattern[str]  # every alias, longest first
    owner: dict[str, str]  # an alias's form (see _form) -> its tag id
    # each alias (in the pattern's order) with its words that are runs of letters alone: a
    # text holds such a word whole wherever the alias matches (see word_runs)
    needed: tuple[tuple[str, frozenset[str]], ...]
    by_word: dict[str, tuple[int, ...]]  # such a word -> the aliases (their places) that need it
    always: tuple[int, ...]  # aliases that need none: looked for in every text


# By the tags' identity: the tag tuples are made once (cached), and hashing one hashes every tag.
_ALIASES: dict[int, tuple[tuple[Tag, ...], _Aliases]] = {}


def _aliases(tags: tuple[Tag, ...]) -> _Aliases:
    known = _ALIASES.get(id(tags))
    if known is not None and known[0] is tags:
        return known[1]
    owner = {" ".join(a): t.id for t in tags for a in t.aliases}
    alts = sorted(owner, key=len, reverse=True)
    needed = tuple((a, frozenset(w for w in a.split() if LETTERS.fullmatch(w))) for a in alts)
    by_word: dict[str, list[int]] = {}
    for i, (_, need) in enumerate(needed):
        for w in need:
            by_word.setdefault(w, []).append(i)
    made = _Aliases(
        _alternatives(tuple(alts)),
        {_form(a): owner[a] for a in alts},
        needed,
        {w: tuple(places) for w, places in by_word.items()},
        tuple(i for i, (_, need) in enumerate(needed) if not need),
    )
    _ALIASES[id(tags)] = (tags, made)
    return made


@cache
def _alias_words() -> frozenset[str]:
    return frozenset(w for tags in (cancer_types(), treatments()) for w in _aliases(tags).by_word)


def word_runs(text: str) -> set[str]:
    """The runs of word characters of the lower-cased text (what lies between its non-word
    characters) that are words of the cancer types' and treatments' aliases: every word of an
    alias that is a run of letters lies on one wherever the alias matches. Found by
    bytes.translate and split, in C: a regular expression over every character took most of
    the time the build spent tagging."""
    low = text.lower()
    if not low.isascii():
        low = _WIDE_NON_WORD.sub(" ", low)
    return set(_alias_words().intersection(low.encode().translate(_NON_WORD_BYTES).decode().split()))


def tags_in(text: str, tags: tuple[Tag, ...], runs: set[str] | None = None) -> list[str]:
    """The ids of the tags one of whose aliases occurs in `text` as whole words. `runs`: the
    text's word_runs, when at hand: only the aliases whose words it holds are looked for (the
    others cannot match), which is most of the work saved."""
    aliases = _aliases(tags)
    pattern = aliases.pattern
    if runs is not None:
        places = {i for w in runs for i in aliases.by_word.get(w, ())}.union(aliases.always)
        candidates = tuple(aliases.needed[i][0] for i in sorted(places) if aliases.needed[i][1] <= runs)
        if not candidates:
            return []
        pattern = _alternatives(candidates)
    found = {aliases.owner[_form(m.group())] for m in pattern.finditer(text.lower())}
    return [t.id for t in tags if t.id in found] if found else []


def tag_spans(text: str, tags: tuple[Tag, ...]) -> list[tuple[int, int, str]]:
    """(start, end, tag id) of every alias in `text`, in the text's order."""
    aliases = _aliases(tags)
    return [
        (m.start(), m.end(), aliases.owner[_form(m.group())])
        for m in aliases.pattern.finditer(text.lower())
    ]


@cache
def known_words() -> frozenset[str]:
    """Every word of the lexicon's phrases and of the cancer types' and treatments' names."""
    phrases = [
        *expansions(),
        *(a.phrase for alts in expansions().values() for a in alts),
        *(a for tag in (*cancer_types(), *treatments()) for a in tag.aliases),
    ]
    return frozenset(w for p in phrases for w in p)
