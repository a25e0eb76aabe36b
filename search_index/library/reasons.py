"""Why the library could not do something, in words for a person rather than a programmer."""

from __future__ import annotations

import errno


class LibraryBusy(RuntimeError):
    """Another Clinic Reference process is writing to this library."""


class LibraryReadOnly(LibraryBusy):
    """The library's folder cannot be written."""


def plain_reason(exc: BaseException) -> str:
    """What went wrong, for a person rather than a programmer."""
    text = str(exc).lower()
    if isinstance(exc, FileNotFoundError):
        return "the file is no longer there"
    if isinstance(exc, IsADirectoryError):
        return "this is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "Clinic Reference is not allowed to read or write it (permissions)"
    if "readonly" in text or "read-only" in text:
        return "the library's folder is read-only, so nothing can be added to it"
    if "full" in text or getattr(exc, "errno", None) == 28:
        return "the disk holding the library is full"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def disk_full(exc: BaseException) -> bool:
    """Whether an error is the disk (or SQLite's file) having no room left."""
    return getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in str(exc).lower()


def full_disk_message() -> str:
    """Why an import stopped on a full disk (the summary counts the files not imported)."""
    return (
        "the disk holding the library is full. What was added is kept, each document whole. "
        "Free some space and import again: what is already in is skipped."
    )
