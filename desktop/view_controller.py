"""The window's view settings: type size, colours, and whose words (the toolbar switch); and
the search column's layout, three columns while the type leaves room for them."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
)

from desktop.actions import add_action
from desktop.application import application
from desktop.settings import Settings
from desktop.theme import PATIENT_ZOOM, THEMES, resolve, zoom_step
from desktop.theme import apply as theme_apply

WIDE_CHARS = 150  # room for filters, results and a document side by side, in average characters
FILTER_CHARS = 36  # the filters' width beside the results, in average characters


class ViewController(QObject):
    """Owns the words switch and the colours menu; tells the window what changed."""

    audienceChanged = Signal(str)  # whose words: the window relabels what it shows
    viewChanged = Signal()  # colours or type size: the window draws again what it drew
    message = Signal(str, int)  # for the status bar, and for how long (ms)

    def __init__(
        self, window: QMainWindow, settings: Settings, search_box: QLineEdit, column: QSplitter
    ) -> None:
        super().__init__(window)
        self.window, self.settings = window, settings
        self.search_box, self.column = search_box, column
        self.audience_switch = QComboBox(window)
        self.audience_switch.setObjectName("audienceSwitch")
        self.audience_switch.setAccessibleName(self.tr("Use the words of clinicians or patients"))
        self.audience_switch.addItem(self.tr("Clinicians"), "clinician")
        self.audience_switch.addItem(self.tr("Patients"), "patient")
        self.audience_switch.setCurrentIndex(self.audience_switch.findData(settings.audience))
        self.audience_switch.currentIndexChanged.connect(
            lambda _i: self.set_audience(self.audience_switch.currentData())
        )
        self.audience_actions: list[QAction] = []
        self.theme_menu: QMenu | None = None

    def build_toolbar(self, toolbar: QToolBar) -> None:
        self.audience_actions = [
            toolbar.addWidget(QLabel(self.tr("Words for:"))),
            toolbar.addWidget(self.audience_switch),
        ]

    def build_menu(self, view: QMenu) -> None:
        window = self.window
        add_action(
            window,
            self.tr("Zoom &in"),
            lambda: self.zoom(1),
            [QKeySequence.StandardKey.ZoomIn, "Ctrl+="],
            view,
        )
        add_action(
            window, self.tr("Zoom &out"), lambda: self.zoom(-1), [QKeySequence.StandardKey.ZoomOut], view
        )
        add_action(window, self.tr("&Actual size"), lambda: self.zoom(0), ["Ctrl+0"], view)
        view.addSeparator()
        themes = view.addMenu(self.tr("&Colours"))
        for name, label in (
            ("auto", self.tr("Follow the system")),
            *((t.name, t.label) for t in THEMES.values()),
        ):
            action = themes.addAction(label, partial(self.set_theme, name))
            action.setCheckable(True)
            action.setChecked(self.settings.theme == name)
            action.setData(name)
        self.theme_menu = themes

    def hide_audience_switch(self) -> None:
        """The kiosk: patients' words only, with no way to the clinicians'."""
        for action in self.audience_actions:
            action.setVisible(False)

    def apply_view(self) -> None:
        app = application()
        theme_apply(app, resolve(self.settings.theme), self.settings.zoom)
        search_font = QFont()  # the search box stands out: a fifth larger than the text
        search_font.setPointSizeF(app.font().pointSizeF() * 1.2)
        self.search_box.setFont(search_font)
        if self.theme_menu is not None:
            for action in self.theme_menu.actions():
                action.setChecked(action.data() == self.settings.theme)
        self.set_audience(self.settings.audience, rerender=False)
        self.reflow(force=True)
        self.viewChanged.emit()

    def reflow(self, force: bool = False) -> None:
        """Three columns while the type leaves room for them; else the filters go above the
        results, so neither is cut to "Guid…" nor the search box clipped."""
        chars = QFontMetrics(QApplication.font()).averageCharWidth()
        column = self.column
        wanted = (
            Qt.Orientation.Vertical
            if self.window.width() < WIDE_CHARS * chars
            else Qt.Orientation.Horizontal
        )
        if column.orientation() == wanted and not force:
            return
        column.setOrientation(wanted)
        if wanted == Qt.Orientation.Vertical:
            column.setSizes([column.height() * 2 // 5, column.height() * 3 // 5])
        else:
            column.setSizes([FILTER_CHARS * chars, max(1, column.width() - FILTER_CHARS * chars)])

    def zoom(self, direction: int) -> None:
        self.settings.zoom = zoom_step(self.settings.zoom, direction)
        self.apply_view()
        self.message.emit(self.tr("Type size %d%%") % round(self.settings.zoom * 100), 3000)

    def set_theme(self, name: str) -> None:
        self.settings.theme = name
        self.apply_view()

    def set_audience(self, audience: str, rerender: bool = True) -> None:
        """Clinician or patient words: option names, rows and spelled-out abbreviations in the
        comparison, and the app's own wording; patients get large type by default."""
        changed = audience != self.settings.audience
        self.settings.audience = audience
        if changed and audience == "patient" and self.settings.zoom < PATIENT_ZOOM:
            self.settings.zoom = PATIENT_ZOOM
            if rerender:
                self.apply_view()
                return
        if self.audience_switch.currentData() != audience:
            self.audience_switch.setCurrentIndex(self.audience_switch.findData(audience))
        self.audienceChanged.emit(audience)
