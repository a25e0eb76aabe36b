"""A collection's search engine: its index folder's passages (the arrays, with the rows Whoosh
keeps) and vocabulary, opened and handed to SearchEngine, held (generations.Hold) until closing
the engine lets them go."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from search_index.generations import Hold
from search_index.index import open_passages
from search_index.ranking import RankingParams
from search_index.search import SearchEngine
from search_index.suggest import Vocabulary


def open_engine(
    index_dir: Path,
    documents: Mapping[str, dict] | None = None,
    params: RankingParams | None = None,
    *,
    scratch_at_home: bool = True,
) -> SearchEngine:
    hold = Hold(index_dir)  # the library's writer removes no generation a reader holds
    rows = None

    def close() -> None:
        if rows is not None:
            rows.close()
        hold.release()

    try:
        passages, rows = open_passages(index_dir, scratch_at_home)
        return SearchEngine(passages, Vocabulary(index_dir), documents, params, on_close=close)
    except BaseException:  # a vocabulary that cannot be read lets go of what was opened too
        close()
        raise
