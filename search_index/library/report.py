"""What an import did, counted so that the counts add up: every file found is added, skipped
as a duplicate, failed, or not reached (a cancel or a full disk); folders that could not be
looked into are counted apart, since their files were never found."""

from __future__ import annotations

from dataclasses import dataclass, field

ADDED, DUPLICATE, FAILED, NOT_REACHED = "added", "duplicate", "failed", "not imported"
OUTCOMES = (ADDED, DUPLICATE, FAILED, NOT_REACHED)  # what became of a file found


@dataclass
class FileTally:
    """One file's documents: an export holds many, each added, a duplicate or failed."""

    added: int = 0
    duplicates: int = 0
    failed: int = 0

    @property
    def outcome(self) -> str:
        """Added if anything of it was; failed if nothing was and something could not be
        read; a duplicate if all of it is already in the library."""
        if self.added:
            return ADDED
        if self.failed:
            return FAILED
        return DUPLICATE if self.duplicates else NOT_REACHED


def _n(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else many or one + 's'}"


@dataclass
class ImportReport:
    added: list[tuple[str, str]] = field(default_factory=list)  # (file name, title) a document
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)  # (file, title, why)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason): a file,
    # or one record of an export whose other records were read
    folders: list[tuple[str, str]] = field(default_factory=list)  # (folder/, why not looked into)
    tallies: list[FileTally] = field(default_factory=list)  # each file found, in order
    cancelled: bool = False
    stopped: str = ""  # why the import stopped before the end (e.g. a full disk)

    @property
    def files(self) -> int:
        """Files found (in folders or given), whether reached or not."""
        return len(self.tallies)

    def count(self, outcome: str) -> int:
        """Files with this outcome."""
        return sum(t.outcome == outcome for t in self.tallies)

    def summary(self) -> str:
        """ "12 files found: 7 added, 1 skipped as a duplicate, 4 failed", then what the file
        counts do not say: documents when a file held several, records that failed inside a
        file otherwise taken, files not reached, folders not looked into, why it stopped."""
        added, dups, left = self.count(ADDED), self.count(DUPLICATE), self.count(NOT_REACHED)
        parts = [
            f"{added} added",
            f"{dups} skipped as {'a duplicate' if dups == 1 else 'duplicates'}",
            f"{self.count(FAILED)} failed",
        ] + ([f"{left} not imported"] if left else [])
        text = f"{_n(self.files, 'file')} found: {', '.join(parts)}"
        if len(self.added) != added:
            text += f" ({_n(len(self.added), 'document')} added from {_n(added, 'file')})"
        inside = sum(t.failed for t in self.tallies if t.outcome != FAILED)
        if inside:
            text += f"; {_n(inside, 'record')} in the files taken could not be read"
        if self.folders:
            text += f". {_n(len(self.folders), 'folder')} not looked into"
        return text + (
            " (cancelled)" if self.cancelled else f". Stopped: {self.stopped}" if self.stopped else ""
        )
