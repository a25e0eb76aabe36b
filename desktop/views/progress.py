"""The progress dialog of long work on the library (import, re-read, rebuild): how far it is,
with Cancel, which the work honours between two documents."""

from __future__ import annotations

from PySide6.QtWidgets import QProgressDialog, QWidget


def progress_dialog(parent: QWidget, title: str, label: str, name: str) -> QProgressDialog:
    """Shown at once, and open until the work is done (the caller closes it)."""
    dialog = QProgressDialog(label, parent.tr("Cancel"), 0, 0, parent)
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setMinimumDuration(0)
    dialog.setMinimumWidth(460)  # room for a long file name
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_progress(dialog: QProgressDialog, done: int, total: int, text: str) -> None:
    dialog.setMaximum(total)
    dialog.setValue(done)
    dialog.setLabelText(text)
