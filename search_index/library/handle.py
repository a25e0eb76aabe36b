"""An open collection: what the window and the command line hold while they use one.

Its store (read side), its search engine, the library's writer when this process holds it, and
the engine's warm-up; `close()` lets all of them go. Made by `search_index.opening`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from search_index.collection import Collection
from search_index.library.writer import Library
from search_index.search import SearchEngine


class OpenCollection:
    def __init__(
        self,
        collection: Collection,
        library: Library | None = None,
        notices: list[str] | None = None,
        watched: Path | None = None,
    ) -> None:
        self.collection = collection
        self.library = library  # None when this process may not write (another one does)
        self.notices = notices or []  # what the opening had to settle for, in plain words
        # The library's folder when it is read without being written (its writer may change it).
        self.watched = watched
        self._stopping = threading.Event()

    @cached_property
    def engine(self) -> SearchEngine:
        """The search engine over this collection's index, opened on first use."""
        return self.collection.search_engine()

    @property
    def directory(self) -> Path:
        return self.collection.directory

    def with_engine(self, *, keep_writer: bool = False) -> OpenCollection:
        """This handle with its engine open (for a worker to do before handing it over), or
        closed, and the error raised, when the index cannot be read."""
        try:
            self.engine  # noqa: B018 - opened here, off the caller's thread
        except BaseException:
            self.close(keep_writer=keep_writer)
            raise
        return self

    def reopened(self) -> OpenCollection:
        """The same collection read again after a change, sharing this one's writer: close
        this one with `keep_writer=True` once nothing uses it."""
        fresh = OpenCollection(Collection(self.directory), self.library, watched=self.watched)
        return fresh.with_engine(keep_writer=True)  # a failure here leaves the writer as it was

    def warm_up(self, cancelled: Callable[[], bool] = lambda: False) -> int:
        """Read the engine's arrays once (in a worker); stops early once `stop()` is called."""
        return self.engine.warm_up(lambda: self._stopping.is_set() or cancelled())

    def stop(self) -> None:
        """Stop the background work at its next safe point (from any thread)."""
        self._stopping.set()

    def close(self, *, keep_writer: bool = False) -> None:
        self.stop()
        if "engine" in self.__dict__:  # opened; let go, so that its arrays are unmapped too
            self.__dict__.pop("engine").close()
        self.collection.close()
        if self.library is not None and not keep_writer:
            self.library.close()

    def __enter__(self) -> OpenCollection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
