"""Help → Keyboard shortcuts: every shortcut of the window, and the keys of each pane."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout

PANE_KEYS = [
    ("Search box", "Up / Down", "Move through the results"),
    ("Search box", "Enter", "Open the chosen result"),
    ("Results", "Enter", "Open the result"),
    ("Reader", "Ctrl+F", "Find in the document"),
    ("Find bar", "Enter, F3 / Shift+F3", "Next / previous match"),
    ("Find bar", "Esc", "Close the find bar"),
    ("Anywhere", "Tab / Shift+Tab", "Move between controls"),
    ("Compare: options", "Space", "Tick or untick an option"),
    ("My questions", "Ctrl+Up / Ctrl+Down", "Move the question up or down"),
    ("My questions", "Delete", "Remove the question"),
    ("My questions", "F2", "Edit the question"),
    ("My questions", "Ctrl+Z / Ctrl+Y", "Undo / redo"),
    ("My questions", "Space", "Tick or untick one of your top three"),
]


class ShortcutsDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        rows = []
        for action in window.actions():
            keys = ", ".join(
                k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()
            )
            if keys:
                rows.append(("Window", keys, action.text().replace("&", "")))
        rows += PANE_KEYS
        self.table = QTableWidget(len(rows), 3, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Where"), self.tr("Keys"), self.tr("What it does")]
        )
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(640, 520)
