"""What ranking needs of an index of passages: the seam between the search and its storage.

The arrays written beside the Whoosh index (postings.ArrayIndex, with the rows Whoosh keeps;
opened by engine.open_engine) are the one the app uses; tests/test_backends.py holds the suite
any implementation must pass, and a plain one of dicts it is checked against. A server engine
for a hospital-wide library would be another.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from search_index.neighbours import Graph


class PassageIndex(Protocol):
    n: int  # passages, numbered 0..n-1 (taken-out ones included, not live)
    fields: tuple[str, ...]  # the searched fields that hold any word
    average: dict[str, float]  # mean length of each field over the live passages (1.0 if 0)
    live: np.ndarray  # (n,) bool
    numeric: np.ndarray  # (terms,) bool: the term is a figure
    graph: Graph | None  # each passage's nearest neighbours, if known

    def lengths(self, fieldname: str) -> np.ndarray: ...
    def postings(self, fieldname: str, term: str) -> tuple[np.ndarray, np.ndarray]: ...
    def df(self, term: str) -> int: ...
    def term_id(self, term: str) -> int: ...
    def term(self, i: int) -> str: ...
    def term_ids(self, docnum: int) -> np.ndarray: ...
    def field_term_ids(self, docnum: int, fieldname: str) -> np.ndarray: ...
    # several passages' field_term_ids one after another, and the length of each
    def field_sequences(self, docs: np.ndarray, fieldname: str) -> tuple[np.ndarray, np.ndarray]: ...
    def expand_prefix(self, fieldname: str, prefix: str, limit: int) -> list[str]: ...
    def facet_values(self, fieldname: str) -> list[str]: ...
    def stored(self, docnum: int) -> dict: ...
    def touch(self, cancelled: Callable[[], bool]) -> int: ...  # read ahead; bytes read
