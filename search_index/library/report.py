"""What an import did, counted so that the counts add up: every file found is added, skipped
as a duplicate, failed, or not reached (a cancel or a full disk); folders that could not be
looked into are counted apart, since their files were never found."""

from __future__ import annotations

from dataclasses import dataclass, field

ADDED, DUPLICATE, FAILED, NOT_REACHED = "added", "duplicate", "failed", "not_imported"
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
        counts do not say: files not reached, the documents when a file (an export) held
        several, folders not looked into, and why the import stopped."""
        left = self.count(NOT_REACHED)
        files = [self.count(ADDED), self.count(DUPLICATE), self.count(FAILED)]
        text = f"{_n(self.files, 'file')} found: {_outcomes(*files)}"
        text += f", {left} not imported" if left else ""
        if any(t.added + t.duplicates + t.failed > 1 for t in self.tallies):
            docs = _outcomes(len(self.added), len(self.duplicates), len(self.failed))
            text += f"; of the documents in them, {docs}"
        if self.folders:
            text += f". {_n(len(self.folders), 'folder')} not looked into"
        if self.cancelled:
            return f"{text} (cancelled)"
        return f"{text}. Stopped: {self.stopped}" if self.stopped else text


def _outcomes(added: int, duplicates: int, failed: int) -> str:
    return (
        f"{added} added, {duplicates} skipped as {'a duplicate' if duplicates == 1 else 'duplicates'}"
        f", {failed} failed"
    )
