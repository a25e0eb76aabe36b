"""Reading what the user typed: words, "phrases", prefix*, AND / OR / NOT / -word, filters
(kind:, audience:, cancer:, treatment:, year:), and what the lexicon says each word may also be.

A query that cannot be read as written is read as plain words, and the plan says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from search_index.analysis import STOP, term_of, terms, words
from search_index.lexicon import Alternative, cancer_types, expansions, longest_key, treatments
from search_index.reading.model import GUIDELINE, JOURNAL, KIND_LABELS, PUBMED, QA_PAGE, TEXT

Term = str | tuple[str, ...]  # an index term, or the forms of one word counted as one
EXPANDED_WEIGHT = 0.5  # an expansion counts half as much as what was typed,
SAME_WORD = ("spelling", "word form")  # except another spelling or form of the same word

KIND_ALIASES = {
    "pubmed": {PUBMED},
    "abstract": {PUBMED, JOURNAL},  # both kinds are abstracts
    "journal": {JOURNAL},
    "article": {JOURNAL},
    "guideline": {GUIDELINE},
    "guidelines": {GUIDELINE},
    "summary": {GUIDELINE},
    "qa": {QA_PAGE},
    "patient": {QA_PAGE},
    "faq": {QA_PAGE},
    "text": {TEXT},
    "note": {TEXT},
}
# A kind may also be named by its own name or as the filter pane shows it ("Patient Q&A").
KIND_NAMES = {k: {k} for k in KIND_LABELS} | {
    re.sub(r"\W+", "_", label.lower()).strip("_"): {k} for k, label in KIND_LABELS.items()
}
# The filters the syntax reads, by the name typed, and the facet each fills (matching.py):
# `type:` was the first name of `kind:`, and still reads it.
FILTERS = {f: f for f in ("kind", "audience", "cancer", "treatment", "year")} | {"type": "kind"}
# Words of a question as a patient asks it ("is my liver cancer curable", "can I ...").
LAY_CUES = frozenset("i me my am is are can could will would should does do how what why when".split())
# Words between two concepts that only say how they relate ("TACE vs TARE"), and a patient's
# verb that only frames the question ("does chemo make you ..."): syntax, never searched.
COMPARISONS = frozenset(("vs", "vs.", "versus", "v."))  # not "v" alone: a name's ("Pol V")
LAY_FILLER = frozenset(("make", "makes"))
# Typographic characters read as what they stand for: curly quotes as the phrase syntax's, the
# hyphens and dashes of word processors as "-"; zero-width characters and soft hyphens dropped.
_TYPOGRAPHIC = str.maketrans(
    dict.fromkeys("“”„‟«»", '"')
    | dict.fromkeys("‘’‚‛", "'")
    | dict.fromkeys("‐‑‒–−", "-")
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", None)
)
# One word written in parts joined by "-" or "+" ("chemo-immunotherapy", "chemo+immunotherapy")
_COMPOUND = re.compile(r"[^\W\d_]+(?:[-+][^\W\d_]+)+")
_EDGE = re.compile(r"^[^\w*]+|[^\w*]+$")  # punctuation around a word ("surgery.", "(liver")
_TOKEN = re.compile(
    r'\s*(?:(?P<neg>-(?![\d.]))?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<quoted>[^"]*)"|'
    r'(?P<word>[^\s"()]+))|(?P<paren>[()])|(?P<stray>"))'
)


class Malformed(ValueError):
    pass


@dataclass
class Concept:
    """One thing the user asked for: a word, a known phrase, a "quoted phrase" or a prefix*."""

    text: str
    terms: tuple[str, ...]
    kind: str = "word"  # word | words (a lexicon phrase) | phrase (quoted, exact) | prefix
    required: bool = False
    excluded: bool = False
    alternatives: list[tuple[Alternative, tuple[str, ...]]] = field(default_factory=list)
    # The words of one typed token count each on its own ("E2f-1", "4-PBA"), unless it is one
    # word written in parts ("neo-adjuvant") or a phrase the lexicon knows ("side-effects").
    apart: bool = False
    typed: str = ""  # the token as typed, punctuation and all ("vs.")

    def variants(self) -> list[tuple[tuple[str, ...], float]]:
        """(terms, weight): what was typed at full weight, each alternative at less."""
        out = [(self.terms, 1.0)] if self.terms else []
        out += [
            (t, 1.0 if a.source in SAME_WORD else EXPANDED_WEIGHT) for a, t in self.alternatives if t
        ]
        return out

    def scored(self) -> Sequence[tuple[tuple[Term, ...], float]]:
        """As variants(), but the forms of one word ("curable", "cure", "curative") as one
        term: a passage that holds any of them holds the word, as if the stemmer had joined
        them, so the rarest form does not outrank the word itself."""
        same = [t[0] for a, t in self.alternatives if a.source in SAME_WORD and len(t) == 1]
        if not self.terms or not same:
            return self.variants()
        rest = [(t, w) for t, w in self.variants()[1:] if len(t) > 1 or t[0] not in same]
        # A word typed in parts ("plant-based"): its joined form ("plantbased") counts as each
        # part, so that the rarer joined form does not outrank the word either.
        forms: tuple[Term, ...] = tuple(tuple(sorted({t, *same})) for t in self.terms)
        return [(forms, 1.0), *rest]


@dataclass
class QueryPlan:
    text: str
    concepts: list[Concept] = field(default_factory=list)
    filters: dict[str, set[str]] = field(default_factory=dict)  # facet -> accepted values
    exclusions: dict[str, set[str]] = field(default_factory=dict)  # facet -> values left out
    notices: list[str] = field(default_factory=list)
    lay: bool = False  # asked in a patient's words: answers and results before methods

    @property
    def positive(self) -> list[Concept]:
        return [c for c in self.concepts if not c.excluded]

    @property
    def uses_syntax(self) -> bool:
        return any(c.required or c.excluded or c.kind in ("phrase", "prefix") for c in self.concepts)

    def explain(self) -> str:
        """How the search was read, for the expert who wants to know why a passage matched."""
        parts = []
        for c in self.concepts:
            shown = f'"{c.text}"' if c.kind == "phrase" else c.text
            if c.kind == "prefix":
                shown += "*"
            if c.alternatives:
                shown += " (also " + ", ".join(" ".join(a.phrase) for a, _ in c.alternatives) + ")"
            prefix = "NOT " if c.excluded else "must have " if c.required else ""
            parts.append(prefix + shown)
        for negated, chosen in (("", self.filters), ("NOT ", self.exclusions)):
            for facet, values in chosen.items():
                labels = " or ".join(sorted(KIND_LABELS.get(v, v) for v in values))
                parts.append(f"{negated}{facet}: {labels}")
        return " · ".join(parts)


def parse(text: str) -> QueryPlan:
    text = normalised(text)
    try:
        return _parse(text)
    except Malformed as exc:
        plan = _parse(" ".join(words(text)), syntax=False)
        plan.text = text
        plan.notices.insert(0, f"{exc} The search was read as plain words.")
        return plan


def normalised(text: str) -> str:
    """`text` as the syntax reads it: compatibility forms as their plain letters (full-width
    "ＦＯＬＦＯＸ"), typographic quotes and hyphens as typed ones, invisible characters gone."""
    return unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)


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
        if m.group("paren"):
            raise Malformed("Brackets are not supported.")
        word, quoted, fld = m.group("word"), m.group("quoted"), m.group("field")
        if syntax and not fld and word and word.endswith(":") and word[:-1].lower() in FILTERS:
            _add_filter(plan, word[:-1].lower(), "", plan.filters)  # "kind:" with no value
            continue
        value = quoted if quoted is not None else _EDGE.sub("", word)
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
        concept.excluded = bool(m.group("neg")) and syntax
        concept.typed = word or ""
        units.append(concept)
    _apply_operators(units)
    lay = bool(LAY_CUES & set(words(text)))
    plan.concepts = _join_lexicon_phrases(
        _without_filler([u for u in units if isinstance(u, Concept)], lay)
    )
    for c in plan.concepts:
        if c.kind in ("word", "words") and not c.excluded:  # NOT x excludes x as typed
            _expand(c)
    if syntax and not plan.concepts and not plan.filters and not plan.exclusions and units:
        raise Malformed("Nothing to search for.")
    plan.lay = lay or any(a.source == "lay term" for c in plan.concepts for a, _ in c.alternatives)
    return plan


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
        return Concept(value, tuple(terms(value)), "words", apart=tuple(ws) not in expansions())
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
        comparison = typed in COMPARISONS and 0 < i < len(concepts) - 1
        if not (comparison or (lay and typed in LAY_FILLER)):
            out.append(c)
    return out


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


def _expand(c: Concept) -> None:
    """The concept's alternatives: what the lexicon knows of it, or, for a word typed in parts
    that the lexicon does not know so ("chemo-immunotherapy"), its joined form (the same
    word) and what the lexicon knows of that."""
    table = expansions()
    alts = list(table.get(tuple(words(c.text)), ()))
    if c.kind == "words" and _COMPOUND.fullmatch(c.text) and not alts:
        joined = "".join(words(c.text))
        alts = [Alternative((joined,), "spelling"), *alts, *table.get((joined,), ())]
    seen = {c.terms}
    for alt in alts:
        t = tuple(terms(" ".join(alt.phrase)))
        if t and t not in seen:
            seen.add(t)
            c.alternatives.append((alt, t))


def _add_filter(plan: QueryPlan, name: str, value: str, into: dict[str, set[str]]) -> None:
    """The filter typed as `name:value` (into the plan's filters, or its exclusions), or a
    notice of why it was left out."""
    facet = FILTERS[name]
    v = value.strip().lower().replace(" ", "_").replace("-", "_")
    accepted: set[str] = set()
    if facet == "kind":
        accepted = _kinds(re.sub(r"\W+", "_", v).strip("_"))
        known = ", ".join(sorted(KIND_ALIASES))
    elif facet == "audience":
        accepted = {v} if v in ("patient", "clinician") else set()
        known = "patient, clinician"
    elif facet in ("cancer", "treatment"):
        tags = cancer_types() if facet == "cancer" else treatments()
        spaced = value.strip().lower()
        accepted = {
            t.id
            for t in tags
            if v == t.id or tuple(words(spaced)) in t.aliases or spaced == t.label.lower()
        }
        known = ", ".join(t.id for t in tags)
    else:  # year: 2024, 2020-2025, >=2024, <2020
        accepted = _years(value)
        known = "a year such as 2024, a range such as 2020-2025, or >=2024"
    if not accepted:
        said = "has no value" if not value.strip() else "was not understood"
        plan.notices.append(f"“{name}:{value}” {said} and was left out (known: {known}).")
        return
    into.setdefault(facet, set()).update(accepted)


def _kinds(v: str) -> set[str]:
    """The kinds `v` names: an alias, a kind's name or label, or a label's first words
    ("clinical summary"); a plural as its singular."""
    names = KIND_ALIASES | KIND_NAMES
    for name in (v, v.removesuffix("s")):
        if name in names:
            return names[name]
    return {k for n, kinds in KIND_NAMES.items() if v and n.startswith(v + "_") for k in kinds}


def _years(value: str) -> set[str]:
    m = re.fullmatch(r"(\d{4})(?:-(\d{4}))?|(>=|<=|>|<)(\d{4})", value.strip())
    if not m:
        return set()
    if m.group(1):
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
    else:
        op, y = m.group(3), int(m.group(4))
        lo, hi = {">=": (y, 2100), ">": (y + 1, 2100), "<=": (1900, y), "<": (1900, y - 1)}[op]
    return {str(y) for y in range(lo, hi + 1)} if lo <= hi else set()
