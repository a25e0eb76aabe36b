"""Reading what the user typed: words, "phrases", prefix*, AND / OR / NOT / -word, filters
(kind:, audience:, cancer:, treatment:, year:), and what the lexicon says each word may also be.

A query that cannot be read as written is read as plain words, and the plan says so; brackets
in prose ("the spots (on the liver)") are read quietly, as plain words are.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from search_index.analysis import STOP, term_of, terms, words
from search_index.concepts import Concept, QueryPlan, abbreviation
from search_index.filter_values import FILTERS, accepted
from search_index.lexicon import (
    Alternative,
    Phrase,
    abbreviations,
    expansions,
    longest_key,
    negation_of,
)
from search_index.resources import common_words

# Words of a question as a patient asks it ("is my liver cancer curable", "can I ...").
LAY_CUES = frozenset("i me my am is are can could will would should does do how what why when".split())
# Words between two concepts that only say how they relate ("TACE vs TARE"), and a patient's
# verb that only frames the question ("does chemo make you ..."): syntax, never searched.
COMPARISONS = frozenset(("vs", "vs.", "versus", "v."))  # not "v" alone: a name's ("Pol V")
LAY_FILLER = frozenset(("make", "makes"))
# Pronouns and auxiliaries: beside other words they say nothing about which passage answers
# ("my father has liver cancer", "is he going to die"); alone, they are what was asked.
QUIET = frozenset(
    "he she his her hers him himself herself they them their theirs we us our you your it its "
    "has had having was were been being am is are be does did doing".split()
)
# Words that say "not" before a word ("not resectable", "cannot be removed"), and any ending n't
NEGATION_CUES = frozenset(("not", "cannot", "never"))
# A prefix written with a hyphen makes one word with what follows ("pre-operative",
# "non-resectable"): its parts count only together, never the bare word (often the opposite).
PREFIXES = frozenset("pre post neo non anti re un co sub inter intra peri extra multi semi self".split())
# Typographic characters read as what they stand for: curly quotes as the phrase syntax's, the
# hyphens and dashes of word processors as "-"; zero-width characters and soft hyphens dropped.
_TYPOGRAPHIC = str.maketrans(
    dict.fromkeys("“”„‟«»", '"')
    | dict.fromkeys("‘’‚‛", "'")
    | dict.fromkeys("‐‑‒–−", "-")
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None)
    | dict.fromkeys("—―/", " ")  # "liver—metastases", "resection/ablation": two words
)
_ELLIPSIS = re.compile(r"\.{2,}")  # "liver...metastases" ("…" is "..." once normalised)
_PLURAL = re.compile(r"(?<=\w)\(s\)")  # "chaperone(s)": the word, not a bracket and an "s"
# A possessive or a contraction's ending ("liver's", "I'm", "don't"): not a word of its own.
_CLITIC = re.compile(r"(?<=\w)(?:'(?:s|m|re|ve|ll|d)|n't)$", re.I)
# whose stem is not what is left once n't is gone ("can't" is not "ca")
_NEGATED = {"can't": "can", "cannot": "can", "won't": "will", "shan't": "shall", "ain't": "is"}
# One word written in parts joined by "-" or "+" ("chemo-immunotherapy", "chemo+immunotherapy")
_COMPOUND = re.compile(r"[^\W\d_]+(?:[-+][^\W\d_]+)+")
_EDGE = re.compile(r"^[^\w*]+|[^\w*]+$")  # punctuation around a word ("surgery.", "(liver")
_TOKEN = re.compile(
    r'\s*(?:(?P<neg>-(?![\d.]+(?![\w-])))?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"|'
    r'(?P<word>[^\s"()]+))|(?P<paren>[()])|(?P<stray>"))'
)


class Malformed(ValueError):
    pass


def parse(text: str) -> QueryPlan:
    text = normalised(text)
    try:
        return _parse(text)
    except Malformed as exc:
        plan = _parse(re.sub(r'[()"]', " ", text), syntax=False)
        plan.text = text
        plan.notices.insert(0, f"{exc} The search was read as plain words.")
        return plan


def normalised(text: str) -> str:
    """`text` as the syntax reads it: compatibility forms as their plain letters (full-width
    "ＦＯＬＦＯＸ"), typographic quotes and hyphens as typed ones, invisible characters gone."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    return _PLURAL.sub("", _ELLIPSIS.sub(" ", text))


def _parse(text: str, syntax: bool = True) -> QueryPlan:
    plan = QueryPlan(text)
    units: list[Concept | str] = []  # concepts and the operators between them
    after_filter = False  # the last thing read was a filter
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        if m.group("stray"):
            raise Malformed("A quotation mark is not closed.")
        if m.group("paren"):  # in prose, quietly; beside operators, the notice
            if syntax and re.search(r"\b(?:AND|OR|NOT)\b", text):
                raise Malformed("Brackets are not supported.")
            continue
        word, quoted, fld = m.group("word"), m.group("quoted"), m.group("field")
        if syntax and not fld and word and word.endswith(":") and word[:-1].lower() in FILTERS:
            pos = _add_spaced_filter(plan, word[:-1].lower(), text, pos)  # "kind: pubmed"
            continue
        value = quoted if quoted is not None else _bare(word)
        if syntax and quoted is None and value.endswith("*") and len(value.rstrip("*")) < 2:
            plan.notices.append(f"“{value}” was left out: type two letters or more before *.")
            continue
        if fld and fld.lower() in FILTERS and syntax:
            # An operator beside a filter is the filter's: NOT leaves its value out; AND and OR
            # say what filters always do (other facets must all hold, values of one are any).
            negated = bool(m.group("neg")) or (bool(units) and units[-1] == "NOT")
            if units and units[-1] in ("AND", "OR", "NOT"):
                units.pop()
            _add_filter(plan, fld.lower(), value, plan.exclusions if negated else plan.filters)
            after_filter = True
            continue
        if fld:  # "something:else" that is no filter: read it as words
            value = f"{fld} {value}"
        if syntax and not m.group("neg") and quoted is None and value in ("AND", "OR", "NOT"):
            if not (after_filter and value != "NOT"):
                units.append(value)
            continue
        after_filter = False
        concept = _concept(value, quoted is not None, syntax)
        if concept is None:
            continue
        # a minus inside a token is a hyphen ("(H2A)-histone"), not a word left out
        negated = bool(m.group("neg")) and (m.start("neg") == 0 or text[m.start("neg") - 1].isspace())
        concept.excluded = negated and syntax
        concept.typed = word or ""
        units.append(concept)
    _apply_operators(units)
    lay = bool(LAY_CUES & set(words(text)))
    plan.concepts = _concepts([u for u in units if isinstance(u, Concept)], plan, lay)
    if syntax and not plan.concepts and not plan.filters and not plan.exclusions and units:
        raise Malformed("Nothing to search for.")
    plan.lay = lay or any(a.source == "lay term" for c in plan.concepts for a, _ in c.alternatives)
    return plan


def _concepts(typed: list[Concept], plan: QueryPlan, lay: bool) -> list[Concept]:
    """What the typed concepts ask for: less filler, known phrases joined, expanded, once."""
    # (pronouns leave after the lexicon's phrases are joined: "spots on his liver" is one)
    concepts = _without_quiet(_join_lexicon_phrases(_negations(_without_filler(typed, lay))))
    for c in concepts:
        c.together = c.together or (c.excluded and c.kind == "words")  # NOT the word, not parts
        if c.kind in ("word", "words") or (c.excluded and c.kind == "phrase"):
            _expand(c, plan)
    return _once(concepts)


def _bare(word: str) -> str:
    """A typed word without the punctuation around it and a possessive's or contraction's
    ending ("liver's": liver; "can't": can)."""
    word = _EDGE.sub("", word)
    return _CLITIC.sub("", _NEGATED.get(word.lower(), word))


def _concept(value: str, quoted: bool, syntax: bool) -> Concept | None:
    if quoted:
        t = tuple(terms(value))
        return Concept(value, t, "phrase", required=True) if t else None
    if syntax and value.endswith("*") and len(value.rstrip("*")) >= 2:
        stem = value.rstrip("*").lower()
        return Concept(value.rstrip("*"), (stem,), "prefix")
    ws = [w for w in words(value)]
    if not ws:
        return None
    if len(ws) > 1:  # "PD-1", "ns-NSCLC", "neo-adjuvant": one typed token, several words
        number = ws[0].isdigit() and not any(w.isdigit() for w in ws[1:])  # "5-FU", not "20-40"
        together = ws[0] in PREFIXES or number or ws[1:] == ["line"]
        apart = tuple(ws) not in expansions() and not together
        return Concept(value, tuple(terms(value)), "words", apart=apart, together=together)
    if ws[0] in STOP:
        return Concept(value, (), "word")  # kept only so "liver spots on the liver" can join
    return Concept(value, (term_of(ws[0]),), "word")


def _apply_operators(units: list[Concept | str]) -> None:
    for i, u in enumerate(units):
        if not isinstance(u, str):
            continue
        before = units[i - 1] if i > 0 else None
        after = units[i + 1] if i + 1 < len(units) else None
        if not isinstance(after, Concept) or (u != "NOT" and not isinstance(before, Concept)):
            where = "after it" if u == "NOT" else "before and after it"
            raise Malformed(f"“{u}” needs a word {where}.")
        if u == "AND":
            before.required = after.required = True  # type: ignore[union-attr]
        elif u == "NOT":
            after.excluded = True


def _without_filler(concepts: list[Concept], lay: bool) -> list[Concept]:
    """The concepts less a comparison word between two of them, and, in a patient's question,
    the verbs that only frame it."""
    out = []
    for i, c in enumerate(concepts):
        typed = c.typed.lower() if c.kind == "word" and not (c.required or c.excluded) else ""
        # a lower-case "v" between two concepts is "versus" ("resection v ablation")
        comparison = (typed in COMPARISONS or c.typed == "v") and 0 < i < len(concepts) - 1
        if not (comparison or (lay and typed in LAY_FILLER)):
            out.append(c)
    return out


def _negations(concepts: list[Concept]) -> list[Concept]:
    """A word said not to be so ("not resectable", "can't be operated on", "cannot be
    removed") read as the lexicon's word for that, where it has one (unresectable,
    inoperable): the negation and the words between (be, is) go with it."""
    out: list[Concept] = []
    i = 0
    while i < len(concepts):
        j = _negated_word(concepts, i)
        negated = negation_of(words(concepts[j].text)[0]) if j is not None else None
        if j is not None and negated:
            text, kind = " ".join(negated), "word" if len(negated) == 1 else "words"
            out.append(Concept(text, tuple(terms(text)), kind, concepts[j].required, typed=text))
            i = j + 1
        else:
            out.append(concepts[i])
            i += 1
    return out


def _negated_word(concepts: list[Concept], i: int) -> int | None:
    """Where the word is that the i-th concept, a negation, says is not so, or None."""
    if not _negation(concepts[i]):
        return None
    j = next((j for j in range(i + 1, len(concepts)) if not _between(concepts[j])), None)
    return j if j is not None and concepts[j].kind == "word" and not concepts[j].excluded else None


def _negation(c: Concept) -> bool:
    """A word typed that says "not" ("not", "cannot", "never", "can't", "isn't")."""
    typed = c.typed.lower()
    return c.kind == "word" and not c.excluded and (typed in NEGATION_CUES or typed.endswith("n't"))


def _between(c: Concept) -> bool:
    """A word between a negation and what it negates that says nothing ("be", "is", "been")."""
    return c.kind == "word" and not c.excluded and (not c.terms or _quiet(c))


def _without_quiet(concepts: list[Concept]) -> list[Concept]:
    """The concepts less pronouns and auxiliaries, unless they are all there is."""
    meaning = [c for c in concepts if not _quiet(c)]
    return meaning if meaning else concepts


def _quiet(c: Concept) -> bool:
    """A pronoun or an auxiliary typed as a plain word (not "HER" in capitals)."""
    plain = c.kind == "word" and not (c.required or c.excluded) and not c.text.isupper()
    return plain and c.text.lower() in QUIET


def _once(concepts: list[Concept]) -> list[Concept]:
    """Each concept once, counted as often as typed (a paragraph pasted twice is read once,
    and ranks as once)."""
    seen: dict[tuple, Concept] = {}
    for c in concepts:
        key = (c.kind, tuple(c.variants()), c.excluded, c.required)
        if key in seen:
            seen[key].repeats += 1
        else:
            seen[key] = c
    return list(seen.values())


def _join_lexicon_phrases(concepts: list[Concept]) -> list[Concept]:
    """Plain words in a row that the lexicon knows as one phrase ("liver mets") become one."""
    out: list[Concept] = []
    table, longest = expansions(), longest_key()
    i = 0
    while i < len(concepts):
        joined = None
        for n in range(min(longest, len(concepts) - i), 1, -1):
            run = concepts[i : i + n]
            if all(c.kind == "word" and not c.excluded for c in run):
                key = tuple(w for c in run for w in words(c.text))
                if key in table:
                    text = " ".join(c.text for c in run)
                    joined = Concept(
                        text, tuple(terms(text)), "words", required=any(c.required for c in run)
                    )
                    break
        if joined:
            out.append(joined)
            i += n
        else:
            if concepts[i].terms or concepts[i].kind != "word":
                out.append(concepts[i])
            i += 1
    return out


def _expand(c: Concept, plan: QueryPlan) -> None:
    """The concept's alternatives: what the lexicon knows of it, or, for a word typed in parts
    that the lexicon does not know so ("chemo-immunotherapy"), its joined form (the same
    word) and what the lexicon knows of that."""
    known = expansions().get(tuple(words(c.text)), ())
    if _common_word(c, plan):  # "net benefit": not NET, neuroendocrine tumour
        known = tuple(a for a in known if a.source != "abbreviation")
    # Nor the other way round: the index keeps no capitals, so "net" would find "net benefit".
    known = tuple(a for a in known if not _common_abbreviation(a))
    if c.kind != "word" and (_COMPOUND.fullmatch(c.text) or c.together) and (c.excluded or not known):
        also_written(c, ("".join(words(c.text)),))
    elif not c.excluded:
        _add(c, known)


def _common_word(c: Concept, plan: QueryPlan) -> bool:
    """Whether the concept is a common English word that the lexicon also knows as an
    abbreviation, not typed as one (in capitals, without caps lock on): the word, not the
    abbreviation ("net" and "Net" are net; "NET" is NET)."""
    typed = tuple(words(c.text))
    return typed in abbreviations() and c.text.lower() in common_words() and not abbreviation(c, plan)


def _common_abbreviation(a: Alternative) -> bool:
    return a.source == "abbreviation" and len(a.phrase) == 1 and a.phrase[0] in common_words()


def also_written(c: Concept, form: Phrase) -> None:
    """Another way the concept's word is written ("chemo-immunotherapy": chemoimmunotherapy;
    "firstline": first line), and what the lexicon knows of that (unless it is left out: only
    its own forms are)."""
    _add(c, [Alternative(form, "spelling"), *([] if c.excluded else expansions().get(form, ()))])


def _add(c: Concept, alts: Iterable[Alternative]) -> None:
    """The alternatives, each once, as terms, unless they are what was typed."""
    seen = {c.terms, *(t for _, t in c.alternatives)}
    for alt in alts:
        t = tuple(terms(" ".join(alt.phrase)))
        if t and t not in seen:
            seen.add(t)
            c.alternatives.append((alt, t))


def _add_filter(plan: QueryPlan, name: str, value: str, into: dict[str, set[str]]) -> None:
    """The filter typed as `name:value` (into the plan's filters, or its exclusions), or a
    notice of why it was left out."""
    values, known = accepted(name, value)
    if not values:
        said = "has no value" if not value.strip() else "was not understood"
        plan.notices.append(f"“{name}:{value}” {said} and was left out (known: {known}).")
        return
    into.setdefault(FILTERS[name], set()).update(values)


def _add_spaced_filter(plan: QueryPlan, name: str, text: str, pos: int) -> int:
    """A filter typed with a space before its value ("kind: pubmed"): the next word is its
    value if it is one of the filter's (else a word of its own, and the filter has no value).
    Returns where reading goes on."""
    m = _TOKEN.match(text, pos)
    value = m and not m.group("neg") and not m.group("field") and (m.group("word") or m.group("quoted"))
    if m and value and accepted(name, value)[0]:
        _add_filter(plan, name, value, plan.filters)
        return m.end()
    _add_filter(plan, name, "", plan.filters)
    return pos
