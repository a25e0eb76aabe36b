"""A collection's search engine: its index folder's passages (the arrays, with the rows Whoosh
keeps) and vocabulary, opened and handed to SearchEngine; closing the engine lets them go."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from search_index.index import open_passages
from search_index.ranking import RankingParams
from search_index.search import SearchEngine
from search_index.suggest import Vocabulary


def open_engine(
    index_dir: Path,
    documents: Mapping[str, dict] | None = None,
    params: RankingParams | None = None,
) -> SearchEngine:
    passages, rows = open_passages(index_dir)
    return SearchEngine(passages, Vocabulary(index_dir), documents, params, on_close=rows.close)
