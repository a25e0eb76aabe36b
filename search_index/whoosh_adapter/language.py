"""Whoosh's English: the Porter stemmer and stop words the analysis is built on."""

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem

__all__ = ["STOP_WORDS", "stem"]
