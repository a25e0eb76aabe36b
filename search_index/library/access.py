"""Opening the user's library: for writing when no other process writes it, else for reading
only; and the bundled documents alone when it cannot be opened at all. (Through
`search_index.opening.open_collection`, which also opens it for the kiosk.)"""

from __future__ import annotations

from pathlib import Path

from search_index import paths
from search_index.collection import Collection, Progress, bundled_collection
from search_index.library.handle import OpenCollection
from search_index.library.reasons import LibraryBusy, LibraryReadOnly, plain_reason
from search_index.library.writer import Library
from search_index.schema import STORE_FILE
from search_index.whoosh_adapter.index import open_index

LIBRARY_DIR = "library"


def library_dir() -> Path:
    return paths.user_data_dir() / LIBRARY_DIR


def open_library(
    directory: Path | None = None, progress: Progress | None = None, *, write: bool = True
) -> OpenCollection:
    """The library for reading, and for writing when `write` and no other process writes to
    it. Opened only to read, it takes no lock and writes nothing to the library, nor repairs
    it: a library not made yet reads as the bundled collection (which is built into the user's
    folder first if the app's own is missing or out of date: see bundled_collection)."""
    directory = directory or library_dir()
    bundled = bundled_collection(progress)
    if not write:
        if not (directory / STORE_FILE).exists():
            return OpenCollection(bundled, None, [])
        return _read_only(directory, bundled, [])
    try:
        library = Library(directory, bundled, progress)
    except LibraryBusy as exc:
        notice = (
            f"The library's folder cannot be written, so documents cannot be added or removed ({exc})."
            if isinstance(exc, LibraryReadOnly)
            else "Another Clinic Reference window is using this profile's library: this one "
            "can search and read it but not add or remove documents; it shows their "
            "changes as they are made."
        )
        return _read_only(directory, bundled, [notice])
    except Exception as exc:  # the library cannot be made or opened: the bundled one always can
        return OpenCollection(
            bundled,
            None,
            [
                f"The library in {directory} could not be opened ({plain_reason(exc)}); showing "
                "the bundled documents only, and nothing can be added until that is put right."
            ],
        )
    bundled.close()
    return OpenCollection(Collection(directory), library, library.notices)


def _read_only(directory: Path, bundled: Collection, notices: list[str]) -> OpenCollection:
    """The library opened without writing; damaged, it is repaired by the next writer, and
    meanwhile the bundled documents are shown."""
    try:
        collection = Collection(directory)
    except Exception as exc:
        return OpenCollection(
            bundled,
            None,
            [
                *notices,
                f"The library in {directory} could not be read "
                f"({plain_reason(exc)}); showing the bundled "
                "documents only.",
            ],
        )
    try:
        open_index(collection.index_dir).close()
    except Exception:
        collection.close()
        return OpenCollection(
            bundled,
            None,
            [
                *notices,
                "The library's search index could not be read; "
                "showing the bundled documents only until a "
                "window that can write the library (or "
                "`clinic-reference library`) rebuilds it.",
            ],
        )
    bundled.close()
    return OpenCollection(collection, None, notices, watched=directory)
