"""A library's index as generations: every change writes a new folder (index.<n>/, begun from
the current one) and then names it in a small pointer file, replaced in one step. Readers open
the folder the pointer names.

Windows forbids renaming or deleting a folder that holds files a process has open, and the
window's engine, a kiosk or another window may be reading the current index at any moment: so
no folder a reader may hold is ever renamed, deleted or written into. An old generation is
removed once nothing holds it (readers take a shared lock on its folder where the system has
such locks; on Windows their open files refuse the rename that removal begins with); one still
held is tried again at the writer's next change or opening. A kill at any moment leaves the
pointer naming a whole generation; what the killed change was writing is removed the same way.

A collection without a pointer (the bundled one, or a library of an earlier version) has its
index in a plain index/ folder; a library's first change writes a generation and the pointer.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

INDEX_DIR = "index"
POINTER = f"{INDEX_DIR}.current"  # the name of the current generation's folder
_PREFIX = f"{INDEX_DIR}."
_NONE = f"{INDEX_DIR}.0"  # what a pointer names when the index is to be built (none is numbered 0)
_GONE = ".gone"  # a generation moved aside to be deleted
# Copied, not linked: replaced in place (suggest.py) while a reader may have it open.
COPIED = frozenset({"vocabulary.json"})
T = TypeVar("T")


def current(directory: Path) -> Path:
    """The index folder a reader opens: the one the pointer names, else a plain index/."""
    try:
        name = (directory / POINTER).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return directory / INDEX_DIR
    return directory / (name if _number(name) is not None else _NONE)


def _number(name: str) -> int | None:
    n = name[len(_PREFIX) :]
    return int(n) if name.startswith(_PREFIX) and n.isdigit() else None


def opened(directory: Path, open_index: Callable[[Path], T], tries: int = 5) -> T:
    """`open_index` of the current generation; if that fails while the pointer moved on (the
    writer published another and removed this one between the reading and the opening), of
    the next."""
    while True:
        folder = current(directory)
        try:
            return open_index(folder)
        except Exception:
            tries -= 1
            if not tries or current(directory) == folder:
                raise


class Hold:
    """A reader's hold on an index folder, until `release`: a shared lock on the folder, which
    keeps the writer from removing it. On Windows, the reader's open files hold it."""

    def __init__(self, folder: Path) -> None:
        self._fd: int | None = None
        if fcntl is None:
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)
            if os.stat(folder).st_ino != os.fstat(fd).st_ino:  # moved aside while we waited
                raise FileNotFoundError(folder)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # lets the lock go
            self._fd = None


def begin(directory: Path) -> Path:
    """A new, empty generation, numbered past every one there (published or left by a kill)."""
    numbers = [_number(p.name) for p in directory.glob(f"{_PREFIX}*")]
    numbers.append(_number(current(directory).name))
    folder = directory / f"{_PREFIX}{max((n for n in numbers if n is not None), default=0) + 1}"
    folder.mkdir()
    return folder


def carry(previous: Path, folder: Path) -> None:
    """The files of the generation a change begins from, for Whoosh to commit onto: Whoosh's
    own are never changed once written, so they are linked (copied where the disk has no links);
    the arrays are not (the change writes them anew, extending the previous ones)."""
    for path in previous.iterdir():
        if not path.is_file() or path.name.startswith(".") or path.name.endswith("_WRITELOCK"):
            continue
        if path.name not in COPIED:
            try:
                os.link(path, folder / path.name)
                continue
            except OSError:
                pass
        shutil.copyfile(path, folder / path.name)


def publish(directory: Path, folder: Path | None) -> None:
    """Name `folder` (None: no index, to be built) as the current generation, in one step;
    then remove the generations nothing holds."""
    tmp = directory / f".{POINTER}.new"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(folder.name if folder is not None else _NONE)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, directory / POINTER)  # a closed file: replaced even while readers read
    sweep(directory)


def sweep(directory: Path) -> None:
    """Remove every index folder but the current one, unless a reader holds it (then it is
    tried again next time); only the library's writer calls this, and nothing it meets stops
    it (a change is published whatever is left behind)."""
    if not (directory / POINTER).exists():
        return  # a plain index/ is the current one
    keep = current(directory)
    for path in directory.iterdir():
        if path == keep or not path.is_dir():
            continue
        if path.name.startswith(f".{_PREFIX}") and path.name.endswith(_GONE):
            shutil.rmtree(path, ignore_errors=True)
        elif path.name == INDEX_DIR or _number(path.name) is not None:
            _remove_unless_held(path)


def _remove_unless_held(folder: Path) -> None:
    fd = None
    try:
        if fcntl is not None:
            fd = os.open(folder, os.O_RDONLY)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # refused while a reader holds it
        aside = folder.with_name(f".{folder.name}{_GONE}")
        shutil.rmtree(aside, ignore_errors=True)
        os.rename(folder, aside)  # refused on Windows while a reader has a file open in it
        shutil.rmtree(aside, ignore_errors=True)  # what is left is removed next time
    except OSError:  # held (BlockingIOError, PermissionError), or gone already
        pass
    finally:
        if fd is not None:
            os.close(fd)
