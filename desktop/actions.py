"""A window's actions: each with its shortcuts, in a menu, and on the window itself so that its
keys work wherever the focus is (and with the menu bar hidden)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget


def add_action(
    window: QWidget,
    text: str,
    slot: Callable[..., object],
    shortcuts: Iterable[str | QKeySequence | QKeySequence.StandardKey] = (),
    menu: QMenu | None = None,
) -> QAction:
    action = QAction(text, window)
    keys: dict[str, QKeySequence] = {}  # each once: a key bound twice is "ambiguous" and does nothing
    for k in (QKeySequence(s) for s in shortcuts):  # a standard key: its first binding only
        keys.setdefault(k.toString(), k)
    action.setShortcuts(list(keys.values()))
    action.triggered.connect(slot)
    window.addAction(action)
    if menu is not None:
        menu.addAction(action)
    return action
