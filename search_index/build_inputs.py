"""What a built collection is made from, listed once: the Makefile, the staleness check and the
packaged app's fingerprint all read this (`python -m search_index.build_inputs` prints it).

The whole core and every shipped data file count. A hand-kept list of the modules that read and
index documents went stale silently whenever a module joined the build (the extraction of
treatment statements, the lexicons), and `make package` then shipped what old code had extracted.
A spare rebuild after an unrelated change costs seconds; a stale collection costs trust.

Standard library only: the Makefile runs it before the virtual environment exists.
"""

from __future__ import annotations

import sys
from pathlib import Path

INPUT_FOLDERS = ("search_index", "resources")
_SKIPPED = {"__pycache__"}


def build_inputs(root: Path) -> list[Path]:
    """Every file under the input folders of `root`, sorted (bytecode caches left out)."""
    files = []
    for folder in INPUT_FOLDERS:
        for p in (root / folder).rglob("*"):
            if p.is_file() and not _SKIPPED.intersection(p.relative_to(root).parts):
                files.append(p)
    return sorted(files)


if __name__ == "__main__":
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent
    print("\n".join(str(p.relative_to(root)) for p in build_inputs(root)))
