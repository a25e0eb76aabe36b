"""A store's committed contents as bytes, read without writing a byte: the database file with
the committed frames of its write-ahead log laid over it, as SQLite itself would read them.

SQLite cannot read a log without its index (`-shm`), which a reader creates or stamps, and it
only lays the log over the file in a connection that may write. A window killed, or closed after
a window that only read, leaves such a log behind; the kiosk still reads what it holds, and
changes nothing (see read_only.py). The format is SQLite's (https://sqlite.org/fileformat.html,
"The WAL File Format"): a 32-byte header, then frames of a 24-byte header and a page each; a frame
counts if its salts are the header's and the running checksum holds, and the log's contents are
those up to its last such frame that ends a transaction.
"""

from __future__ import annotations

import struct
from pathlib import Path

WAL_MAGIC = 0x377F0682  # or ...83: the low bit set, the checksums are of big-endian words
HEADER, FRAME_HEADER = 32, 24


def _checksum(data: bytes, s0: int, s1: int, big_endian: bool) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1


def committed_pages(log: bytes) -> tuple[dict[int, bytes], int] | None:
    """The pages (by number, from 1) the log's committed transactions wrote, and the database's
    size in pages after the last of them; None if the log holds no committed transaction."""
    if len(log) < HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c0, c1 = struct.unpack(">8I", log[:HEADER])
    if magic & ~1 != WAL_MAGIC:
        return None
    big_endian = bool(magic & 1)
    s = _checksum(log[:24], 0, 0, big_endian)
    if s != (c0, c1):
        return None
    pages: dict[int, bytes] = {}  # of committed transactions only
    pending: dict[int, bytes] = {}
    size = 0
    at = HEADER
    while at + FRAME_HEADER + page_size <= len(log):
        number, size_after, f1, f2, k0, k1 = struct.unpack(">6I", log[at : at + FRAME_HEADER])
        page = log[at + FRAME_HEADER : at + FRAME_HEADER + page_size]
        if (f1, f2) != (salt1, salt2):
            break
        s = _checksum(log[at : at + 8], *s, big_endian)
        s = _checksum(page, *s, big_endian)
        if s != (k0, k1):
            break
        pending[number] = page
        if size_after:  # a transaction's last frame: what it wrote now counts
            pages.update(pending)
            pending, size = {}, size_after
        at += FRAME_HEADER + page_size
    return (pages, size) if size else None


def store_image(store: Path) -> bytearray:
    """The store's committed contents, as one database file (its pages in legacy journal mode:
    an image to deserialize into a connection in memory). Nothing is written, locked or made."""
    image = bytearray(store.read_bytes())
    log = Path(f"{store}-wal")
    found = committed_pages(log.read_bytes()) if log.exists() else None
    if found is not None:
        pages, size = found
        page_size = len(next(iter(pages.values())))
        del image[size * page_size :]
        image.extend(bytes(size * page_size - len(image)))
        for number, page in pages.items():
            if number <= size:
                image[(number - 1) * page_size : number * page_size] = page
    if len(image) >= 20:
        image[18:20] = b"\x01\x01"  # not WAL: an image in memory has no log
    return image  # (not copied again: a library may be hundreds of megabytes)
