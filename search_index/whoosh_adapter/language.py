"""Whoosh's English: the Porter stemmer and stop words the analysis is built on.

`stem` is Whoosh's stemmer (`whoosh_stem`, which the tests hold it to) with each rule's regular
expression tried only on the words that end as the rule needs: most words end as none do, and
the expressions (a lazy prefix before a list of suffixes) were most of the time a build spent
stemming.
"""

import re

from whoosh.analysis import STOP_WORDS
from whoosh.lang import porter
from whoosh.lang.porter import stem as whoosh_stem

__all__ = ["STOP_WORDS", "stem", "whoosh_stem"]


def _suffixes(rule: re.Pattern[str]) -> tuple[str, ...]:
    """The suffixes a rule "^(.+?)(a|b|...)$" ends with."""
    return tuple(rule.pattern.removeprefix("^(.+?)(").removesuffix(")$").split("|"))


_STEP2, _STEP3, _STEP4 = map(_suffixes, (porter._step2, porter._step3, porter._step4_1))
_STEP4_ION = ("sion", "tion")  # (_step4_2: "^(.+?)(s|t)(ion)$")


def stem(w: str) -> str:
    """whoosh_stem(w), step by step as Whoosh takes them."""
    if len(w) < 3:
        return w
    first_is_y = w[0] == "y"
    if first_is_y:
        w = "Y" + w[1:]
    if w.endswith("s"):  # step 1a
        if w.endswith(("sses", "ies")):
            w = w[:-2]
        elif w[-2] != "s":
            w = w[:-1]
    if w.endswith("eed"):  # step 1b
        if porter._mgr0.match(w[:-3]):
            w = w[:-1]
    elif w.endswith(("ed", "ing")):
        m = porter._ed_ing.match(w)
        if m and porter._s_v.match(m.group(1)):
            w = m.group(1)
            if porter._at_bl_iz.match(w):
                w += "e"
            elif porter._step1b.match(w):
                w = w[:-1]
            elif porter._c_v.match(w):
                w += "e"
    if w.endswith("y") and porter._s_v.match(w[:-1]):  # step 1c
        w = w[:-1] + "i"
    w = _replaced(w, _STEP2, porter._step2, porter._step2list)
    w = _replaced(w, _STEP3, porter._step3, porter._step3list)
    m = porter._step4_1.match(w) if w.endswith(_STEP4) else None  # step 4
    if m:
        if porter._mgr1.match(m.group(1)):
            w = m.group(1)
    elif w.endswith(_STEP4_ION):
        m = porter._step4_2.match(w)
        if m and porter._mgr1.match(m.group(1) + m.group(2)):
            w = m.group(1) + m.group(2)
    if w.endswith("e"):  # step 5
        m = porter._step5.match(w)
        if m:
            s = m.group(1)
            if porter._mgr1.match(s) or (porter._meq1.match(s) and not porter._c_v.match(s)):
                w = s
    if w.endswith("ll") and porter._mgr1.match(w):
        w = w[:-1]
    if first_is_y:
        w = "y" + w[1:]
    return w


def _replaced(
    w: str, suffixes: tuple[str, ...], rule: re.Pattern[str], replacement: dict[str, str]
) -> str:
    """Steps 2 and 3: the suffix replaced, where the stem before it has a consonant sequence."""
    if w.endswith(suffixes):
        m = rule.match(w)
        if m and porter._mgr0.match(m.group(1)):
            return m.group(1) + replacement[m.group(2)]
    return w
