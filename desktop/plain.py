"""Text from documents and file names, shown as text.

Qt guesses whether a tooltip or an auto-format label is rich text (`Qt.mightBeRichText`), and a
title such as `<img src="/dev/zero">` would then be rendered, the image loaded. Every tooltip
that may hold such text goes through `tooltip()`; every label that may hold it is made
`plain()`. (The reader, the result rows and the grid write through QTextCursor.insertText,
which never parses markup.)
"""

from __future__ import annotations

import html
import re
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from search_index.reading.provenance import shortened

Shown = TypeVar("Shown", QLabel, QMessageBox)


TOOLTIP_LINE = 500  # characters of a line a tooltip shows: a title may be any length
TOOLTIP_LINES = 12
_UNBROKEN = re.compile(r"(\S{60})(?=\S)")  # a run a tooltip line cannot wrap in


def tooltip(text: str) -> str:
    """`text` as a tooltip that shows it literally: escaped, inside a paragraph (so it is rich
    text whose only content is the text itself, line breaks kept). A tooltip wraps at about 80
    characters; so that it fits on the screen, each line is cut short at TOOLTIP_LINE characters
    (and the text at TOOLTIP_LINES lines), and a long word may break (a zero-width space)."""
    lines = text.split("\n")
    shown = [shortened(line, TOOLTIP_LINE) for line in lines[:TOOLTIP_LINES]]
    if len(lines) > TOOLTIP_LINES:
        shown.append("…")
    broken = _UNBROKEN.sub("\\1\u200b", "\n".join(shown))
    return "<p style='white-space:pre-wrap'>" + html.escape(broken) + "</p>"


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
