"""The main window's view settings: type size, colours, and whose words (the toolbar switch)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication, QComboBox, QLabel

from desktop.theme import PATIENT_ZOOM, resolve, zoom_step
from desktop.theme import apply as theme_apply
from desktop.wording import WORDING

WIDE_CHARS = 150  # room for filters, results and a document side by side, in average characters
FILTER_CHARS = 36  # the filters' width beside the results, in average characters


class ViewMixin:
    """Mixed into MainWindow: uses its settings, panes, menus and status bar."""

    def _build_toolbar(self) -> None:
        toolbar = self.addToolBar(self.tr("View"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.back_action)
        toolbar.addAction(self.forward_action)
        toolbar.addSeparator()
        self.audience_actions = [toolbar.addWidget(QLabel(self.tr("Words for:")))]
        self.audience_switch = QComboBox(self)
        self.audience_switch.setObjectName("audienceSwitch")
        self.audience_switch.setAccessibleName(self.tr("Use the words of clinicians or patients"))
        self.audience_switch.addItem(self.tr("Clinicians"), "clinician")
        self.audience_switch.addItem(self.tr("Patients"), "patient")
        self.audience_switch.setCurrentIndex(self.audience_switch.findData(self.settings.audience))
        self.audience_switch.currentIndexChanged.connect(
            lambda _i: self.set_audience(self.audience_switch.currentData())
        )
        self.audience_actions.append(toolbar.addWidget(self.audience_switch))

    # -- view: type size, colours, audience ------------------------------------------------

    def apply_view(self) -> None:
        app = QApplication.instance()
        theme_apply(app, resolve(self.settings.theme), self.settings.zoom)
        search_font = QFont()  # the search box stands out: a fifth larger than the text
        search_font.setPointSizeF(app.font().pointSizeF() * 1.2)
        self.search_pane.box.setFont(search_font)
        for action in self.theme_menu.actions():
            action.setChecked(action.data() == self.settings.theme)
        self.set_audience(self.settings.audience, rerender=False)
        self.reflow(force=True)
        self.rerender()

    def reflow(self, force: bool = False) -> None:
        """Three columns while the type leaves room for them; else the filters go above the
        results, so neither is cut to "Guid…" nor the search box clipped."""
        chars = QFontMetrics(QApplication.font()).averageCharWidth()
        column = self.search_column
        wanted = (
            Qt.Orientation.Vertical if self.width() < WIDE_CHARS * chars else Qt.Orientation.Horizontal
        )
        if column.orientation() == wanted and not force:
            return
        column.setOrientation(wanted)
        if wanted == Qt.Orientation.Vertical:
            column.setSizes([column.height() * 2 // 5, column.height() * 3 // 5])
        else:
            column.setSizes([FILTER_CHARS * chars, max(1, column.width() - FILTER_CHARS * chars)])

    def rerender(self) -> None:
        """Draw again what was drawn with the old colours or type size."""
        self.search_pane.list.itemDelegate().forget_sizes()
        self.search_pane.list.doItemsLayout()
        if self.collection is not None and self.reader.document_id is not None:
            # Scrolled to the hit again, not to the old offset: the lines moved with the type.
            self._display(replace(self.reader.place(), scroll=None))
        elif self.collection is not None:
            self.reader.show_welcome(self.collection.documents())
        self.compare_view.refresh()

    def zoom(self, direction: int) -> None:
        self.settings.zoom = zoom_step(self.settings.zoom, direction)
        self.apply_view()
        self.statusBar().showMessage(self.tr("Type size %d%%") % round(self.settings.zoom * 100), 3000)

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
        self.compare_view.audience.setCurrentIndex(self.compare_view.audience.findData(audience))
        titles = WORDING[audience]
        for i, key in enumerate(("search", "compare", "questions")):
            self.tabs.setTabText(i, titles[key])
        self.questions_view.show_grade()  # the reading grade is for clinicians' eyes only
        self.search_pane.box.setPlaceholderText(titles["placeholder"])
