"""The question bank as a checkable tree: heading (topic or treatment) > question, ticked when
the question is on the user's list; a proxy keeps the questions holding the words typed."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel

from desktop.plain import tooltip
from search_index.questions.bank import Question, search_bank

QUESTION_ROLE = Qt.ItemDataRole.UserRole  # a question's id; headings hold none
_Index = QModelIndex | QPersistentModelIndex


class QuestionBankModel(QStandardItemModel):
    """Rebuilt when the grouping changes; `ticked` says which question was ticked or unticked."""

    ticked = Signal(str, bool)  # question id, checked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._updating = False
        self.itemChanged.connect(self._on_item_changed)

    def set_groups(self, groups: dict[str, list[Question]], chosen: set[str]) -> None:
        """`groups`: heading -> its questions, in order; `chosen`: the ids on the list."""
        self._updating = True
        self.clear()
        for title, members in groups.items():
            head = QStandardItem(title)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: readable, not choosable
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            for q in members:
                head.appendRow(self._question(q, q.id in chosen))
            self.appendRow(head)
        self._updating = False

    def _question(self, q: Question, checked: bool) -> QStandardItem:
        item = QStandardItem(q.text)
        item.setData(q.id, QUESTION_ROLE)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        source = "; ".join(s.title for s in q.sources)
        item.setToolTip(
            tooltip(self.tr("From: %s") % source if source else self.tr("A question many people ask"))
        )
        return item

    def show_chosen(self, chosen: set[str]) -> None:
        """Tick the questions on the list, untick the others (no `ticked` signal)."""
        self._updating = True
        for row in range(self.rowCount()):
            head = self.item(row)
            for i in range(head.rowCount()):
                child = head.child(i)
                state = (
                    Qt.CheckState.Checked
                    if child.data(QUESTION_ROLE) in chosen
                    else Qt.CheckState.Unchecked
                )
                if child.checkState() != state:
                    child.setCheckState(state)
        self._updating = False

    def _on_item_changed(self, item: QStandardItem) -> None:
        qid = item.data(QUESTION_ROLE)
        if not self._updating and qid:
            self.ticked.emit(qid, item.checkState() == Qt.CheckState.Checked)


class QuestionFilter(QSortFilterProxyModel):
    """The questions holding every word typed (the bank's own search), under their headings;
    a heading with none of them goes. Grouped by treatment, the headings come in the order of
    their first question shown, as the bank's own grouping of the questions found orders them."""

    def __init__(self, bank_model: QuestionBankModel, parent=None) -> None:
        super().__init__(parent)
        self.setSourceModel(bank_model)
        self.setRecursiveFilteringEnabled(True)  # a heading stays while a question in it does
        self.bank: list[Question] = []
        self._shown: set[str] | None = None  # None: every question
        self._position: dict[str, int] = {}

    def set_words(self, bank: list[Question], text: str, by_first_shown: bool) -> None:
        self.bank = bank
        self._position = {q.id: i for i, q in enumerate(bank)}
        self._shown = {q.id for q in search_bank(bank, text)} if text.strip() else None
        self.sort(0 if by_first_shown else -1)  # -1: the source model's order
        self.invalidate()  # filter and order again (sort() alone skips an unchanged column)

    def lessThan(self, left: _Index, right: _Index) -> bool:
        if left.parent().isValid():  # questions keep the bank's order
            return left.row() < right.row()
        return self._first_shown(left) < self._first_shown(right)

    def _first_shown(self, heading: _Index) -> int:
        model = self.sourceModel()
        ids = (model.index(i, 0, heading).data(QUESTION_ROLE) for i in range(model.rowCount(heading)))
        shown = (self._position[q] for q in ids if self._shown is None or q in self._shown)
        return min(shown, default=len(self.bank))

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        index = self.sourceModel().index(source_row, 0, source_parent)
        qid = index.data(QUESTION_ROLE)
        if not qid:
            return self._shown is None  # a heading stays only through its questions
        return self._shown is None or qid in self._shown
