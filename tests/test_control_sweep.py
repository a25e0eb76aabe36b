"""Every button and menu action of the main window, pressed the way a person presses it.

One child process per control (tests/sweep_child.py): the real window, in normal and in kiosk
mode, with a search typed and a hit open, options ticked in Compare and questions in My
questions; the control is clicked or triggered, and whatever it opens is dismissed (rejected; if
it opened a dialog that can be answered yes/OK, a second child answers so instead). A case fails
when its child dies by a signal, raises, hangs, or leaves a file outside the user data folder (in
the kiosk: anywhere) or outside the folder a file dialog was answered in. The ways out (Quit,
Leave kiosk mode) answered yes must close the window.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import shutil
import signal
import sys
import tempfile
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from helpers import bundled_collection

sys.path.insert(0, str(Path(__file__).parent))  # the forkserver imports the child by this path
import sweep_child  # noqa: E402

MODES = ("normal", "kiosk")
TIMEOUT_S = 60  # a child's whole run; far above the ~1 s it takes, even on a busy machine
WAYS_OUT = {"menu:File/Quit", "menu:File/Leave kiosk mode…"}
# Qt's own file dialog keeps its last folder and view there, in every Qt app; not ours to stop.
QT_DIALOG_STATE = os.path.join("home", ".config", "QtProject.conf")


@cache
def _context() -> multiprocessing.context.BaseContext:
    """Children forked from one server that has imported the app already: ~0.3 s of start-up
    each instead of ~1.2 s."""
    here = str(Path(__file__).parent)  # where the server finds the child module to preload
    os.environ["PYTHONPATH"] = os.pathsep.join([here, *filter(None, [os.environ.get("PYTHONPATH")])])
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["sweep_child"])
    return ctx


def _run(mode: str, key: str, accept: bool = False) -> tuple[int | None, str, str, Path]:
    """(exit code, negative for a signal, None for a hang; stdout; stderr; the child's root)."""
    root = Path(tempfile.mkdtemp(prefix="sweep-"))
    for sub in ("cwd", "home", "data", "tmp"):
        (root / sub).mkdir()
    process = _context().Process(
        target=sweep_child.child, args=(str(root), str(bundled_collection()), mode, key, accept)
    )
    process.start()
    process.join(TIMEOUT_S)
    if process.is_alive():
        process.kill()
        process.join()
        if (root / "pid").exists():  # the grandchild that holds the window
            with contextlib.suppress(ProcessLookupError):
                os.kill(int((root / "pid").read_text()), signal.SIGKILL)
        code = None
    else:  # the grandchild's own status; the forkserver's exit code may be a false 255
        status = root / "status"
        code = int(status.read_text()) if status.exists() else process.exitcode
    out, err = ((root / name).read_text(errors="replace") for name in ("out", "err"))
    return code, out, err, root


@cache
def _keys(mode: str) -> list[str]:
    code, out, err, root = _run(mode, "--list")
    shutil.rmtree(root, ignore_errors=True)
    assert code == 0, err[-3000:]
    return [line[4:] for line in out.splitlines() if line.startswith("KEY ")]


def _cases() -> list:
    bundled_collection()
    with ThreadPoolExecutor(len(MODES)) as pool:
        listed = dict(zip(MODES, pool.map(_keys, MODES)))
    return [pytest.param(mode, key, id=f"{mode}:{key}") for mode in MODES for key in listed[mode]]


def _verdict(mode: str, key: str, accept: bool) -> tuple[list[str], bool]:
    """What went wrong pressing `key` (empty if nothing), and whether a dialog opened that can
    be answered yes/OK (one that can only be rejected was, as a second run would)."""
    code, out, err, root = _run(mode, key, accept)
    try:
        answer = "answered yes" if accept else "dismissed"
        tail = err[-4000:]
        problems = []
        if code is None:
            problems.append(f"{answer}: hung (no exit in {TIMEOUT_S} s)\n{out[-1000:]}")
        elif code < 0:
            problems.append(f"{answer}: died by signal {-code}\n{tail}")
        elif "RAISED" in err:
            problems.append(f"{answer}: raised\n{err[err.index('RAISED') :][-4000:]}")
        elif code != 0 or "DONE" not in out:
            problems.append(f"{answer}: exit {code}\n{out[-1000:]}\n{tail}")
        lines = out.splitlines()
        before = next((json.loads(x[7:]) for x in lines if x.startswith("BEFORE ")), None)
        if before is not None:
            allowed = [str(Path(x[7:]).resolve()) for x in lines if x.startswith("CHOSEN ")]
            if mode != "kiosk":  # the kiosk keeps nothing, even in its own folder
                allowed.append(str(root / "data"))
            after = sweep_child.files(root)
            written = sorted(
                p
                for p, stat in after.items()
                if before.get(p) != stat
                and p not in ("out", "err", "pid", "status")
                and not (mode != "kiosk" and p == QT_DIALOG_STATE)
                and not any(str(root / p).startswith(a + os.sep) for a in allowed)
            )
            if written:
                problems.append(f"{answer}: wrote outside a folder the user chose: {written}")
        if accept and key in WAYS_OUT and "WINDOW closed" not in lines:
            problems.append(f"{answer}: the window is still open")
        return problems, any(x.startswith("ANSWERABLE ") for x in lines)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _judge(case: tuple[str, str]) -> list[str]:
    mode, key = case
    problems, answerable = _verdict(mode, key, accept=False)
    if answerable or key in WAYS_OUT:
        problems += _verdict(mode, key, accept=True)[0]
    return problems


_verdicts: dict[tuple[str, str], Future[list[str]]] = {}


def start_in_background(items: list[pytest.Item]) -> None:
    """Called once the tests are collected (conftest.py): every selected case's children start
    now, three at a time, and run while this process runs the other tests (a child mostly waits
    for its search to settle or a dialog to be dismissed); the cases themselves run last."""
    pool = ThreadPoolExecutor(3)
    for item in items:
        if hasattr(item, "callspec"):
            case = tuple(item.callspec.params[p] for p in ("mode", "key"))
            _verdicts[case] = pool.submit(_judge, case)
    pool.shutdown(wait=False)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if {"mode", "key"} <= set(metafunc.fixturenames):
        metafunc.parametrize(("mode", "key"), _cases())


def test_control(mode: str, key: str) -> None:
    problems = _verdicts[(mode, key)].result()
    assert not problems, "\n".join(problems)


def test_sweep_reaches_every_kind_of_control() -> None:
    """The enumeration itself: menus with lazily filled submenus, buttons on every tab, the
    buttons of menus; and the kiosk has no way to files."""
    normal, kiosk = _keys("normal"), _keys("kiosk")
    for expected in (
        "menu:File/Quit",
        "menu:Help/Keyboard shortcuts",
        "menu:Go/Back",
        "menu:View/Colours/High contrast",
        "button:mainTabs/questionsView/QPushButton:Export PDF…",
        "button:mainTabs/compareView/QPushButton:Print preview…",
    ):
        assert expected in normal
    assert any(k.startswith("menu:Go/Recent documents/") for k in normal)
    assert "menu:File/Leave kiosk mode…" in kiosk
    assert not any("Import" in k for k in kiosk)
