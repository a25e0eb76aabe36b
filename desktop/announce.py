"""Tell screen readers that a status line changed (result counts, search status)."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel


def announce(label: QLabel, prefix: str, text: str) -> None:
    """Show `text` in `label` and have assistive technology read it out."""
    label.setText(text)
    label.setAccessibleName(f"{prefix}: {text}")
    QAccessible.updateAccessibility(QAccessibleEvent(label, QAccessible.Event.NameChanged))
