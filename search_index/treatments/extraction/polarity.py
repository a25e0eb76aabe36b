"""Whether a sentence says liver metastases blunt a treatment's benefit."""

from __future__ import annotations

from search_index.treatments.extraction.cues import BENEFIT, cues

_LM = cues(r"liver metastas[ie]s", r"LMs?\b", r"hepatic metastases")
_NEGATIVE = cues(
    r"limits?\b",
    r"dampen",
    r"worse",
    r"less effective",
    r"hinder",
    r"poorer",
    r"reduce the effectiveness",
    r"resistance",
)
# Whether liver metastases keep the benefit needs a comparison with patients without them: a
# benefit within patients with liver metastases alone says nothing of it.
_KEPT = cues(
    r"do not diminish",
    r"just as much",
    r"not significantly different",
    r"still works well",
    r"both with and without",
    r"regardless of liver",
    r"consistent across",
)
_WITHOUT = cues(r"without (?:liver metastas|LMs?\b)", r"than those without", r"in the absence of")
# Another question than the benefit's: a worse prognosis, or a mechanism (an immune niche), unless
# the sentence says the treatment's effectiveness or benefit suffers.
_OTHER_QUESTION = cues(r"prognosis", r"environment", r"niche", r"worse responses")
_EFFECT = cues(r"effectiveness", r"benefit")


def polarity_of(sentence: str) -> str:
    """On whether liver metastases blunt the benefit: "kept", "reduced" or "" (the sentence
    does not say)."""
    if not _LM.search(sentence):
        return ""
    if _KEPT.search(sentence):
        return "kept"
    if _OTHER_QUESTION.search(sentence) and not _EFFECT.search(sentence):
        return ""
    if _NEGATIVE.search(sentence) or (_WITHOUT.search(sentence) and BENEFIT.search(sentence)):
        return "reduced"
    return ""
