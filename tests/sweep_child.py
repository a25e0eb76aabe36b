"""The control sweep's child process: the real main window with content in it, then one control
pressed through the control itself (click(), trigger()), whatever opens dismissed.

tests/test_control_sweep.py runs `child` in a process of its own for each control, forked from a
server that has imported the app once (multiprocessing's forkserver: a fresh process per control
without paying the imports each time), with cwd, HOME, TMPDIR and the user data in a fresh
folder. It judges how the process ended: a signal, a traceback ("RAISED"), a hang, or files
written outside the user data folder (the child prints what was there before the press, so
start-up's own files are not counted).
"""

from __future__ import annotations

import faulthandler
import json
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
    QWidgetAction,
)

import desktop.app  # noqa: E402  (imported once, in the server the children fork from)

SEARCH = "liver metastases immunotherapy"
OPTIONS_TICKED = 3
QUESTIONS_ADDED = 3
OWN_QUESTION = "Can I keep working during treatment?"


def _raised(kind, value, tb) -> None:
    sys.stderr.write("RAISED\n" + "".join(traceback.format_exception(kind, value, tb)))
    sys.stderr.flush()
    os._exit(70)


def _unraisable(info) -> None:
    _raised(info.exc_type, info.exc_value, info.exc_traceback)


def wait_until(condition, timeout_s: float = 20.0) -> bool:
    end = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > end:
            return False
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.005)
    return True


KIOSK_PIN = "2468"


def settle(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        time.sleep(0.005)


def open_window(mode: str):
    from desktop.app import create_application, kiosk_window
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    app = create_application([])
    if mode == "kiosk":  # a kiosk starts only once a clinician has set the PIN that leaves it
        from desktop.kiosk import hash_pin

        on_disk = Settings()
        on_disk.kiosk_pin_hash = hash_pin(KIOSK_PIN)
        on_disk.sync()
        window = kiosk_window()
        window.showFullScreen()
    else:
        window = MainWindow(Settings(), TaskRunner())
        window.show()
    ready: list[bool] = []
    window.collectionReady.connect(lambda: ready.append(True))
    window.load_collection()
    if not wait_until(lambda: ready):
        raise SystemExit("the collection did not open")
    return app, window


def fill(window) -> None:
    """Content as a person leaves it: a search typed and a hit opened, options ticked in Compare,
    questions in My questions."""
    pane = window.search_pane
    shown: list = []
    pane.resultsShown.connect(shown.append)
    pane.box.setFocus()
    QTest.keyClicks(pane.box, SEARCH)
    wait_until(lambda: shown and shown[-1].query == SEARCH)
    pane.box.completer().popup().hide()
    QTest.keyClick(pane.box, Qt.Key.Key_Return)  # opens the chosen result in the reader
    wait_until(lambda: window.reader.document_id is not None, 5)
    chooser = window.compare_view.chooser
    chooser.setFocus()
    for _ in range(chooser.model().rowCount()):  # arrows and Space, as a person ticks them
        QTest.keyClick(chooser, Qt.Key.Key_Down)
        if len(window.compare_view.selected()) < OPTIONS_TICKED and chooser.currentIndex().data(
            Qt.ItemDataRole.UserRole
        ):
            QTest.keyClick(chooser, Qt.Key.Key_Space)
    if len(window.compare_view.selected()) != OPTIONS_TICKED:
        raise AssertionError(f"ticked {window.compare_view.selected()} in Compare")
    questions = window.questions_view
    for q in questions.bank[:QUESTIONS_ADDED]:
        questions.add_question(q.id)
    questions.own.setText(OWN_QUESTION)
    QTest.keyClick(questions.own, Qt.Key.Key_Return)
    window.runner.wait()
    settle(0.1)


def _label(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").strip()


def _menu_actions(menu: QMenu, path: str, out: dict[str, QAction]) -> None:
    menu.popup(
        menu.parentWidget().mapToGlobal(menu.parentWidget().rect().center())
        if menu.parentWidget()
        else menu.pos()
    )  # aboutToShow fills lazy menus
    QApplication.processEvents()
    menu.hide()
    for action in menu.actions():
        if action.isSeparator() or isinstance(action, QWidgetAction):
            continue
        key = f"{path}/{_label(action.text())}"
        if action.menu() is not None:
            _menu_actions(action.menu(), key, out)
        else:
            out.setdefault(key, action)


def _button_key(button: QAbstractButton, window: QWidget) -> str:
    names = []
    w = button.parentWidget()
    while w is not None and w is not window:
        if w.objectName() and not w.objectName().startswith("qt_"):
            names.append(w.objectName())
        w = w.parentWidget()
    action = button.defaultAction() if hasattr(button, "defaultAction") else None
    what = (
        _label(button.text())
        or button.accessibleName()
        or button.toolTip()
        or (action.objectName() if action is not None else "")
        or button.objectName()
    )
    return "/".join([*reversed(names), f"{type(button).__name__}:{what}"])


def controls(window) -> dict[str, QObject]:
    """Every button and action of the window, by a key that names it the same in every run."""
    out: dict[str, QObject] = {}
    actions: dict[str, QAction] = {}
    for top in window.menuBar().actions():
        if top.menu() is not None:
            _menu_actions(top.menu(), "menu:" + _label(top.text()), actions)
    seen = set(map(id, actions.values()))
    for action in window.actions():
        if id(action) not in seen and not action.isSeparator():
            actions.setdefault("action:" + _label(action.text()), action)
            seen.add(id(action))
    out.update(actions)
    for button in window.findChildren(QAbstractButton):
        if button.isHidden() or button.window() is not window:
            continue
        key = base = "button:" + _button_key(button, window)
        n = 1
        while key in out:
            n += 1
            key = f"{base}#{n}"
        out[key] = button
        menu = button.menu() if hasattr(button, "menu") else None
        if menu is not None:
            sub: dict[str, QAction] = {}
            _menu_actions(menu, key, sub)
            out.update(sub)
    return out


def files(root: Path) -> dict[str, list[int]]:
    found = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            p = Path(folder) / name
            try:
                st = p.stat()
            except OSError:
                continue
            found[str(p.relative_to(root))] = [st.st_size, st.st_mtime_ns]
    return found


class Dismisser(QObject):
    """Closes whatever opens: menus close; dialogs are rejected, or once the control is
    pressed with `accept`, answered yes/OK (a file dialog in the folder it shows, which the
    parent then allows). At work from start-up: a notice shown then must not hang the child."""

    def __init__(self) -> None:
        super().__init__()
        self.accept = False
        self.pressed = False  # what opens from now on was opened by the control
        self.answered: set[int] = set()  # a dialog still open after "yes" is then rejected
        self.timer = QTimer(self)
        self.timer.setInterval(40)
        self.timer.timeout.connect(self.sweep)
        self.timer.start()

    def open_windows(self) -> list[QWidget]:
        return [
            w
            for w in QApplication.topLevelWidgets()
            if not isinstance(w, QMainWindow)
            and w.isVisible()
            and w.windowType() not in (Qt.WindowType.ToolTip,)
        ]

    def sweep(self) -> None:
        for w in self.open_windows():
            print(
                "OPENED" if self.pressed else "AT START",
                type(w).__name__,
                w.windowTitle() or w.objectName(),
                flush=True,
            )
            if isinstance(w, QMenu):
                w.close()
            elif isinstance(w, QDialog):
                yes = self._yes(w)
                if yes is not None and self.pressed:  # the parent answers it in a second child
                    print("ANSWERABLE", type(w).__name__, w.windowTitle(), flush=True)
                if self.accept and id(w) not in self.answered and yes is not None:
                    self.answered.add(id(w))
                    yes()
                    continue
                w.reject()
            else:
                w.close()

    def _yes(self, dialog: QDialog) -> Callable[[], None] | None:
        """How to answer the dialog yes/OK, if it has a way (a file dialog: in the folder it
        shows, which the parent then allows); None if rejecting is all it offers."""
        if isinstance(dialog, QFileDialog):

            def choose() -> None:
                print("CHOSEN", dialog.directory().absolutePath(), flush=True)
                dialog.accept()

            return choose
        if isinstance(dialog, QMessageBox):
            button = dialog.defaultButton() or next(
                (
                    b
                    for b in dialog.buttons()
                    if dialog.buttonRole(b)
                    in (QMessageBox.ButtonRole.AcceptRole, QMessageBox.ButtonRole.YesRole)
                ),
                None,
            )
            return button.click if button is not None else None
        if isinstance(dialog, QInputDialog):

            def enter() -> None:
                if dialog.objectName() == "pinDialog":  # the clinician who set it, leaving
                    dialog.setTextValue(KIOSK_PIN)
                dialog.accept()

            return enter
        box = dialog.findChild(QDialogButtonBox)
        ok = box.button(QDialogButtonBox.StandardButton.Ok) if box else None
        return ok.click if ok is not None and ok.isEnabled() else None


def _bring_into_view(widget: QWidget) -> None:
    """The tab (or page) holding the control in front, as a person would first go there."""
    w = widget
    while w is not None:
        parent = w.parentWidget()
        if isinstance(parent, QStackedWidget):
            parent.setCurrentWidget(w)
        w = parent


def press(window, control: QObject) -> None:
    if isinstance(control, QAction):
        control.trigger()
    else:
        _bring_into_view(control)
        QApplication.processEvents()
        control.click()


def child(root: str, collection: str, mode: str, key: str, accept: bool) -> None:
    """In a fresh process: everything the app may touch under `root`, then press `key` (or
    list the keys with key="--list"); output to root/out and root/err."""
    base = Path(root)
    for k in [k for k in os.environ if k.startswith(("XDG_", "CLINIC_REFERENCE_HOME"))]:
        del os.environ[k]
    os.environ.update(
        HOME=str(base / "home"),
        TMPDIR=str(base / "tmp"),
        CLINIC_REFERENCE_HOME=str(base / "data"),
        QT_QPA_PLATFORM="offscreen",
        CLINIC_REFERENCE_COLLECTION=collection,
    )
    tempfile.tempdir = None
    os.chdir(base / "cwd")
    for fd, name in ((1, "out"), (2, "err")):
        f = os.open(base / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.dup2(f, fd)
        os.close(f)
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    faulthandler.enable()
    # The press runs in a grandchild whose wait status is written to root/status: under load the
    # forkserver may report 255 for a child that exited cleanly (cpython#140867).
    pid = os.fork()
    if pid == 0:
        code = run(base, mode, key, accept)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    (base / "pid").write_text(str(pid))
    code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    (base / "status").write_text(str(code))
    os._exit(code if code >= 0 else 128 - code)


def run(root: Path, mode: str, key: str, accept: bool) -> int:
    sys.excepthook = _raised
    sys.unraisablehook = _unraisable
    desktop.app.create_application([])
    dismisser = Dismisser()
    app, window = open_window(mode)
    fill(window)
    found = controls(window)
    if key == "--list":
        print("\n".join(f"KEY {k}" for k in found), flush=True)
        return 0
    if key not in found:
        print(f"MISSING {key}", flush=True)
        return 3
    wait_until(lambda: not dismisser.open_windows(), 10)
    print("BEFORE " + json.dumps(files(root)), flush=True)
    dismisser.accept, dismisser.pressed = accept, True
    press(window, found[key])
    print("PRESSED", flush=True)
    wait_until(lambda: not dismisser.open_windows(), 10)
    window.runner.wait()
    settle(0.2)
    wait_until(lambda: not dismisser.open_windows(), 10)
    print("WINDOW", "open" if window.isVisible() else "closed", flush=True)
    dismisser.timer.stop()
    if window.isVisible() and mode != "kiosk":
        window.close()
    window.runner.wait()
    app.processEvents()
    print("DONE", flush=True)
    return 0
