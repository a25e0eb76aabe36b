"""Whoosh's file lock (fcntl or msvcrt): one writer of a library at a time, across processes."""

from whoosh.util.filelock import FileLock

__all__ = ["FileLock"]
