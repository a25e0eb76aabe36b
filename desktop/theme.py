"""Colour themes (light, dark, high contrast), type size (zoom), and the WCAG contrast check.

Every colour the app paints with comes from the current theme, so the check covers them all.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QWidget
from shiboken6 import isValid

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
    TEXT_PAIRS = [
        ("text", "base"),
        ("text", "window"),
        ("muted", "base"),
        ("muted", "window"),
        ("link", "base"),
        ("highlighted_text", "highlight"),
        ("mark_text", "mark"),
        ("text", "hit"),
        ("badge", "base"),
        ("warn", "base"),
        ("text", "button"),
        ("muted", "hit"),
        ("link", "hit"),
    ]

    def contrasts(self) -> dict[tuple[str, str], float]:
        return {(f, b): contrast_ratio(getattr(self, f), getattr(self, b)) for f, b in self.TEXT_PAIRS}


THEMES = {
    "light": Theme(
        "light",
        "Light",
        window="#f6f7f9",
        base="#ffffff",
        text="#1a1a1a",
        muted="#4f545a",
        link="#1a56a0",
        border="#9aa3ad",
        button="#eceef1",
        highlight="#1f5fa8",
        highlighted_text="#ffffff",
        mark="#ffe58a",
        mark_text="#1a1a1a",
        hit="#e3eefb",
        badge="#0b5d33",
        warn="#8a3b00",
        focus="#1f5fa8",
    ),
    "dark": Theme(
        "dark",
        "Dark",
        window="#15171a",
        base="#24282e",
        text="#eceff3",
        muted="#b4bac2",
        link="#8cc4ff",
        border="#5a626c",
        button="#2c3036",
        highlight="#8cc4ff",
        highlighted_text="#0b1520",
        mark="#6b5a12",
        mark_text="#ffffff",
        hit="#22344a",
        badge="#7fdba8",
        warn="#ffb37a",
        focus="#8cc4ff",
    ),
    "high-contrast": Theme(
        "high-contrast",
        "High contrast",
        window="#000000",
        base="#000000",
        text="#ffffff",
        muted="#ffffff",
        link="#ffff00",
        border="#ffffff",
        button="#000000",
        highlight="#00ffff",
        highlighted_text="#000000",
        mark="#ffff00",
        mark_text="#000000",
        hit="#1a1a1a",
        badge="#00ff7f",
        warn="#ffa500",
        focus="#ffff00",
    ),
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


class TickStyle(QProxyStyle):
    """Fusion with tick boxes that grow with the type and are outlined in the text colour.

    Given only to the widgets that hold tick boxes: a style written in Python is called for
    every metric and primitive its widgets draw, and made app-wide it cost the results list
    enough to stutter while typing (13 pauses over one frame per run against 2). For the same
    reason there is no application style sheet (9-16 pauses with one)."""

    INDICATORS = {
        QStyle.PixelMetric.PM_IndicatorWidth,
        QStyle.PixelMetric.PM_IndicatorHeight,
        QStyle.PixelMetric.PM_ExclusiveIndicatorWidth,
        QStyle.PixelMetric.PM_ExclusiveIndicatorHeight,
    }

    def __init__(self, zoom: float) -> None:
        super().__init__(QStyleFactory.create("Fusion"))
        self.zoom = zoom

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802 (Qt's name)
        size = super().pixelMetric(metric, option, widget)
        # Grows a little slower than the type, so a box always fits within its line.
        grow = 1 + 0.6 * max(0.0, self.zoom - 1)
        return round(size * grow) if metric in self.INDICATORS else size

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        """Tick boxes outlined and ticked in the theme's text colour: Fusion's own outline is
        a shade of the window colour, which vanishes on a dark background."""
        if element not in (
            QStyle.PrimitiveElement.PE_IndicatorCheckBox,
            QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck,
        ):
            super().drawPrimitive(element, option, painter, widget)
            return
        theme = current()
        side = min(option.rect.width(), option.rect.height()) - 4
        rect = QRectF(
            option.rect.center().x() - side / 2, option.rect.center().y() - side / 2, side, side
        )
        width = max(1.0, rect.height() / 9)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(theme.color("text"), width))
        painter.setBrush(theme.color("base"))
        painter.drawRoundedRect(rect, 2, 2)
        if option.state & QStyle.StateFlag.State_On:
            painter.setPen(QPen(theme.color("text"), width * 1.6))
            r = rect
            painter.drawPolyline(
                [
                    QPointF(r.left() + r.width() * 0.22, r.top() + r.height() * 0.52),
                    QPointF(r.left() + r.width() * 0.42, r.top() + r.height() * 0.74),
                    QPointF(r.left() + r.width() * 0.8, r.top() + r.height() * 0.28),
                ]
            )
        painter.restore()


def apply(app: QApplication, theme: Theme, zoom: float) -> None:
    """Palette, style and type size for the whole app."""
    global _current, _base_point_size
    _current = theme
    if _base_point_size is None:
        _base_point_size = app.font().pointSizeF() if app.font().pointSizeF() > 0 else 10.0
    palette = QPalette()
    for role, key in (
        (QPalette.ColorRole.Window, "window"),
        (QPalette.ColorRole.Base, "base"),
        (QPalette.ColorRole.AlternateBase, "window"),
        (QPalette.ColorRole.Text, "text"),
        (QPalette.ColorRole.WindowText, "text"),
        (QPalette.ColorRole.Button, "button"),
        (QPalette.ColorRole.ButtonText, "text"),
        (QPalette.ColorRole.Highlight, "highlight"),
        (QPalette.ColorRole.HighlightedText, "highlighted_text"),
        (QPalette.ColorRole.Link, "link"),
        (QPalette.ColorRole.PlaceholderText, "muted"),
        (QPalette.ColorRole.Mid, "border"),
        (QPalette.ColorRole.Dark, "border"),
        (QPalette.ColorRole.ToolTipBase, "base"),
        (QPalette.ColorRole.ToolTipText, "text"),
    ):
        palette.setColor(role, theme.color(key))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):  # disabled text stays readable
        palette.setColor(QPalette.ColorGroup.Disabled, role, theme.color("muted"))
    app.setStyle(QStyleFactory.create("Fusion"))  # draws with the palette in every theme
    tick_style().zoom = zoom
    app.setPalette(palette)
    for widget in list(_fusion_boxes):
        if isValid(widget):  # not a window closed since
            _outline_boxes(widget)
        else:
            _fusion_boxes.discard(widget)
    font = QFont(app.font())
    font.setPointSizeF(_base_point_size * zoom)
    app.setFont(font)
    app.sendPostedEvents()  # widgets take the new font now, before anything is drawn again


_tick_style: TickStyle | None = None


def tick_style() -> TickStyle:
    """One for the whole app, kept for its lifetime (widgets do not own their style)."""
    global _tick_style
    if _tick_style is None:
        _tick_style = TickStyle(1.0)
    return _tick_style


def with_tick_boxes(*widgets: QWidget) -> None:
    for widget in widgets:
        widget.setStyle(tick_style())


_fusion_boxes: weakref.WeakSet[QWidget] = weakref.WeakSet()


def with_fusion_tick_boxes(*widgets: QWidget) -> None:
    """Fusion's own tick boxes, for views redrawn as one types (no Python in their drawing; see
    TickStyle), made to show: Fusion outlines a box in the window colour made darker, which on
    a dark or black background is nearly or quite the background. The view's window colour
    becomes the text colour, so the outline is a shade of that."""
    for widget in widgets:
        _fusion_boxes.add(widget)
        _outline_boxes(widget)


def _outline_boxes(widget: QWidget) -> None:
    palette = QPalette(QApplication.palette())
    palette.setColor(QPalette.ColorRole.Window, _current.color("text"))
    widget.setPalette(palette)
    for child in widget.findChildren(QWidget):  # scroll bars and the like: the app's colours
        child.setPalette(QApplication.palette())


def muted(widget: QWidget) -> None:
    """Secondary text (status lines, sub-headings): the theme's muted colour."""
    widget.setForegroundRole(QPalette.ColorRole.PlaceholderText)


def strong(widget: QWidget) -> None:
    """Bold, at whatever size the type is (only the weight is set, the size is inherited)."""
    font = QFont()
    font.setBold(True)
    widget.setFont(font)


def zoom_step(zoom: float, direction: int) -> float:
    """The next zoom step up (+1) or down (-1); 0 goes back to 100%."""
    if direction == 0:
        return 1.0
    steps = ZOOM_STEPS if direction > 0 else ZOOM_STEPS[::-1]
    for z in steps:
        if (z > zoom + 1e-6) if direction > 0 else (z < zoom - 1e-6):
            return z
    return zoom
