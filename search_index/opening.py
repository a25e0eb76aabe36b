"""Opening a collection, the one way the window and the command line do it.

`open_collection` gives an OpenCollection (search_index/library/handle.py): the user's library
for writing when no other process writes it (`write`), for reading only (`read`: no lock taken,
nothing repaired), or for the waiting-room kiosk (`kiosk`: not a byte written, see read_only.py);
each falls back to the bundled documents, saying why in its `notices`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from search_index.collection import Progress
from search_index.library import OpenCollection
from search_index.library.access import open_library
from search_index.read_only import open_read_only

Access = Literal["write", "read", "kiosk"]


def open_collection(
    directory: Path | None = None, progress: Progress | None = None, *, access: Access = "write"
) -> OpenCollection:
    """The library in `directory` (default: the user's). The kiosk's is the user's library
    only, and comes with its engine open."""
    if access == "kiosk":
        return open_read_only()
    return open_library(directory, progress, write=access == "write")
