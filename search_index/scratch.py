"""Scratch left by a build or a write that was killed before it swapped its result in: a
half-built index, an old one not yet deleted, half-written arrays or word lists. The process
that next writes there deletes it; without a lock, only what a process no longer running left."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path


def clear(paths: Iterable[Path]) -> list[str]:
    """Delete each folder or file that exists; returns the names deleted."""
    gone = []
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists() or path.is_symlink():
            path.unlink(missing_ok=True)
        else:
            continue
        gone.append(path.name)
    return gone


def left_by_the_dead(folder: Path, prefix: str) -> list[Path]:
    """`folder`'s entries named `prefix` + `-<pid>` (as ".collection.building-4242") whose
    process is no longer running."""
    found = []
    for path in folder.glob(f"{prefix}*-*"):
        what, _, pid = path.name.rpartition("-")
        if what.startswith(prefix) and pid.isdigit() and not running(int(pid)):
            found.append(path)
    return found


def running(pid: int) -> bool:
    """Whether a process of that id runs (where that cannot be asked safely, it is said to)."""
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would send CTRL_C_EVENT on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
