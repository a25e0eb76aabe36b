"""Run long work off the UI thread (QThreadPool), with progress, cancel and errors.

Tests may swap in SyncRunner, which runs the same tasks at once on the calling thread.
"""

from __future__ import annotations

import itertools
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QRunnable, QThreadPool, Signal, Slot


class Cancelled(Exception):
    """Raised inside a task that noticed it was cancelled."""


@dataclass
class TaskContext:
    """Handed to the task's function: report progress, check for cancel."""

    _report: Callable[[int, int, str], None]
    _cancel: threading.Event

    def progress(self, done: int, total: int, what: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._report(done, total, what)

    def report(self, done: int, total: int, what: str = "") -> None:
        """Progress for work that stops at its own safe points (checking `cancelled`)."""
        self._report(done, total, what)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass
class Callbacks:
    done: Callable[[Any], object]
    failed: Callable[[str], None] | None = None
    progress: Callable[[int, int, str], None] | None = None


class _Relay(QObject):
    # Signals carry the task id; the slots run on the runner's (UI) thread.
    done = Signal(int, object)
    failed = Signal(int, str)
    progress = Signal(int, int, int, str)


class _Job(QRunnable):
    def __init__(
        self, task_id: int, fn: Callable[[TaskContext], Any], relay: _Relay, cancel: threading.Event
    ) -> None:
        super().__init__()
        self.task_id, self.relay, self.cancel = task_id, relay, cancel
        self.fn: Callable[[TaskContext], Any] | None = fn

    def run(self) -> None:
        ctx = TaskContext(lambda d, t, w: self.relay.progress.emit(self.task_id, d, t, w), self.cancel)
        fn, self.fn = self.fn, None  # the pool may keep the job: it must not keep what fn holds
        assert fn is not None, "a job runs once"
        try:
            result = fn(ctx)
        except Cancelled:
            self.relay.failed.emit(self.task_id, "Cancelled")
        except Exception as exc:  # reported to the UI, never lost in the worker
            traceback.print_exc()
            self.relay.failed.emit(self.task_id, f"{type(exc).__name__}: {exc}")
        else:
            self.relay.done.emit(self.task_id, result)


class TaskRunner(QObject):
    """Submits tasks to a thread pool and calls back on the UI thread."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._ids = itertools.count(1)
        self._callbacks: dict[int, Callbacks] = {}
        self._cancels: dict[int, threading.Event] = {}
        self._waiting: list[tuple[set[int], Callable[[], None]]] = []  # see after_running
        self._relay = _Relay(self)
        self._relay.done.connect(self._on_done)
        self._relay.failed.connect(self._on_failed)
        self._relay.progress.connect(self._on_progress)

    def submit(
        self,
        fn: Callable[[TaskContext], Any],
        done: Callable[[Any], object],
        failed: Callable[[str], None] | None = None,
        progress: Callable[[int, int, str], None] | None = None,
    ) -> int:
        task_id = next(self._ids)
        self._callbacks[task_id] = Callbacks(done, failed, progress)
        self._cancels[task_id] = threading.Event()
        self._start(task_id, fn)
        return task_id

    def _start(self, task_id: int, fn: Callable[[TaskContext], Any]) -> None:
        self.pool.start(_Job(task_id, fn, self._relay, self._cancels[task_id]))

    def cancel(self, task_id: int) -> None:
        if task_id in self._cancels:
            self._cancels[task_id].set()

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)

    def finish(self, msecs: int = 30000) -> bool:
        """For closing: wait for every task to end and take what they reported now (their
        callbacks, then what waited on them: after_running), not after the event loop has
        stopped, when nothing would close the libraries they opened or were using."""
        if not self.pool.waitForDone(msecs):
            return False
        QCoreApplication.sendPostedEvents(self, QEvent.Type.MetaCall)
        return True

    def after_running(self, fn: Callable[[], None]) -> None:
        """Call `fn` on the UI thread once every task submitted so far has ended (at once if
        none is running): what those tasks may still be using can then be let go."""
        running = set(self._callbacks)
        if running:
            self._waiting.append((running, fn))
        else:
            fn()

    def _ended(self, task_id: int) -> None:
        ready = [fn for running, fn in self._waiting if running <= {task_id}]
        self._waiting = [
            (running - {task_id}, fn) for running, fn in self._waiting if not running <= {task_id}
        ]
        for fn in ready:
            fn()

    @Slot(int, object)
    def _on_done(self, task_id: int, result: object) -> None:
        self._cancels.pop(task_id, None)
        cb = self._callbacks.pop(task_id, None)
        try:
            if cb:
                cb.done(result)
        finally:
            self._ended(task_id)

    @Slot(int, str)
    def _on_failed(self, task_id: int, message: str) -> None:
        self._cancels.pop(task_id, None)
        cb = self._callbacks.pop(task_id, None)
        try:
            if cb and cb.failed:
                cb.failed(message)
        finally:
            self._ended(task_id)

    @Slot(int, int, int, str)
    def _on_progress(self, task_id: int, done: int, total: int, what: str) -> None:
        cb = self._callbacks.get(task_id)
        if cb and cb.progress:
            cb.progress(done, total, what)


class SyncRunner(TaskRunner):
    """Runs each task at once on the calling thread (for tests that need no concurrency)."""

    def _start(self, task_id: int, fn: Callable[[TaskContext], Any]) -> None:
        _Job(task_id, fn, self._relay, self._cancels[task_id]).run()
