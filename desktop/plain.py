"""Text from documents and file names, shown as text.

Qt guesses whether a tooltip or an auto-format label is rich text (`Qt.mightBeRichText`), and a
title such as `<img src="/dev/zero">` would then be rendered, the image loaded. Every tooltip
that may hold such text goes through `tooltip()`; every label that may hold it is made
`plain()`. (The reader, the result rows and the grid write through QTextCursor.insertText,
which never parses markup.)
"""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Shown = TypeVar("Shown", QLabel, QMessageBox)


def tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally: escaped, inside a paragraph (so it is rich
    text whose only content is the text itself, line breaks kept)."""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


def shortened(text: str, limit: int) -> str:
    """`text` whole when it has at most `limit` characters, else cut after a word within them,
    with "…" (a title may be any length: an imported file's is whatever its heading says)."""
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit)
    return text[: space if space > limit // 2 else limit].rstrip() + "…"


def plain(widget: Shown) -> Shown:
    """The label or message box shows its text as typed, never as markup."""
    widget.setTextFormat(Qt.TextFormat.PlainText)
    return widget


def tell(
    parent: QWidget, icon: QMessageBox.Icon, text: str, name: str, title: str = "Clinic Reference"
) -> QMessageBox:
    """A message with an OK button, its text as typed, open without blocking the window behind
    (its object name for tests to find it by)."""
    box = plain(QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent))
    box.setObjectName(name)
    box.open()
    return box
