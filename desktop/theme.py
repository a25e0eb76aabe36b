"""Colour themes (light, dark, high contrast), type size (zoom), and the WCAG contrast check.

Every colour the app paints with comes from the current theme, so the check covers them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from search_index.paths import resources_dir

ZOOM_STEPS = [0.8, 0.9, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5]
PATIENT_ZOOM = 1.3  # large type by default in patient view and the kiosk


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    window: str
    base: str  # text fields, lists, the reader
    text: str
    muted: str  # secondary text: sections, dates, badges' labels
    link: str
    border: str
    button: str
    highlight: str  # selection
    highlighted_text: str
    mark: str  # matched words
    mark_text: str
    hit: str  # the passage that was hit
    badge: str  # evidence badges
    warn: str  # disagreement notes
    focus: str

    def color(self, role: str) -> QColor:
        return QColor(getattr(self, role))

    # The pairs of (foreground, background) the app draws text with.
    TEXT_PAIRS = [("text", "base"), ("text", "window"), ("muted", "base"), ("muted", "window"),
                  ("link", "base"), ("highlighted_text", "highlight"), ("mark_text", "mark"),
                  ("text", "hit"), ("badge", "base"), ("warn", "base"), ("text", "button"),
                  ("muted", "hit"), ("link", "hit")]

    def contrasts(self) -> dict[tuple[str, str], float]:
        return {(f, b): contrast_ratio(getattr(self, f), getattr(self, b))
                for f, b in self.TEXT_PAIRS}


THEMES = {
    "light": Theme("light", "Light", window="#f6f7f9", base="#ffffff", text="#1a1a1a",
                   muted="#4f545a", link="#1a56a0", border="#9aa3ad", button="#eceef1",
                   highlight="#cfe0f5", highlighted_text="#111111", mark="#ffe58a",
                   mark_text="#1a1a1a", hit="#e3eefb", badge="#0b5d33", warn="#8a3b00",
                   focus="#1f5fa8"),
    "dark": Theme("dark", "Dark", window="#1e2125", base="#16181b", text="#eceff3",
                  muted="#b4bac2", link="#8cc4ff", border="#5a626c", button="#2c3036",
                  highlight="#2f4f75", highlighted_text="#ffffff", mark="#6b5a12",
                  mark_text="#ffffff", hit="#22344a", badge="#7fdba8", warn="#ffb37a",
                  focus="#8cc4ff"),
    "high-contrast": Theme("high-contrast", "High contrast", window="#000000", base="#000000",
                           text="#ffffff", muted="#ffffff", link="#ffff00", border="#ffffff",
                           button="#000000", highlight="#00ffff", highlighted_text="#000000",
                           mark="#ffff00", mark_text="#000000", hit="#1a1a1a",
                           badge="#00ff7f", warn="#ffa500", focus="#ffff00"),
}


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""
    def luminance(c: str) -> float:
        color = QColor(c)
        channels = []
        for v in (color.redF(), color.greenF(), color.blueF()):
            channels.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        r, g, b_ = channels
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


_current: Theme = THEMES["light"]
_base_point_size: float | None = None


def current() -> Theme:
    return _current


def system_prefers_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark


def resolve(name: str) -> Theme:
    if name == "auto":
        return THEMES["dark" if system_prefers_dark() else "light"]
    return THEMES.get(name, THEMES["light"])


def apply(app: QApplication, theme: Theme, zoom: float) -> None:
    """Palette, style sheet and type size for the whole app."""
    global _current, _base_point_size
    _current = theme
    if _base_point_size is None:
        _base_point_size = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    palette = QPalette()
    for role, key in ((QPalette.ColorRole.Window, "window"), (QPalette.ColorRole.Base, "base"),
                      (QPalette.ColorRole.AlternateBase, "window"),
                      (QPalette.ColorRole.Text, "text"), (QPalette.ColorRole.WindowText, "text"),
                      (QPalette.ColorRole.Button, "button"),
                      (QPalette.ColorRole.ButtonText, "text"),
                      (QPalette.ColorRole.Highlight, "highlight"),
                      (QPalette.ColorRole.HighlightedText, "highlighted_text"),
                      (QPalette.ColorRole.Link, "link"),
                      (QPalette.ColorRole.PlaceholderText, "muted"),
                      (QPalette.ColorRole.ToolTipBase, "base"),
                      (QPalette.ColorRole.ToolTipText, "text")):
        palette.setColor(role, theme.color(key))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size * zoom)
    app.setFont(font)
    template = (resources_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    app.setStyleSheet(template.format(**{k: getattr(theme, k) for k in theme.__dataclass_fields__
                                         if k not in ("name", "label")},
                                      base_pt=f"{_base_point_size * zoom:.1f}",
                                      indicator=round(_base_point_size * zoom * 1.25),
                                      big=f"{_base_point_size * zoom * 1.2:.1f}"))


def zoom_step(zoom: float, direction: int) -> float:
    """The next zoom step up (+1) or down (-1); 0 goes back to 100%."""
    if direction == 0:
        return 1.0
    steps = ZOOM_STEPS if direction > 0 else ZOOM_STEPS[::-1]
    for z in steps:
        if (z > zoom + 1e-6) if direction > 0 else (z < zoom - 1e-6):
            return z
    return zoom
