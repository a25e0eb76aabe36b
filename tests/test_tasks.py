"""The runner for long work: results, progress, errors and cancel reach the UI thread."""

from __future__ import annotations

import threading

import pytest

from desktop.tasks import SyncRunner, TaskRunner


def steps(ctx):
    for i in range(3):
        ctx.progress(i + 1, 3, f"step {i + 1}")
    return "done"


def boom(ctx):
    raise ValueError("the file is empty")


@pytest.mark.parametrize("runner_class", [SyncRunner, TaskRunner])
def test_result_progress_and_errors(qtbot, runner_class):
    runner = runner_class()
    seen, results, errors = [], [], []
    runner.submit(steps, results.append, errors.append, lambda d, t, w: seen.append((d, t, w)))
    runner.submit(boom, results.append, errors.append)
    qtbot.waitUntil(lambda: len(results) + len(errors) == 2, timeout=5000)
    assert results == ["done"]
    assert seen[-1] == (3, 3, "step 3") and len(seen) == 3
    assert errors == ["ValueError: the file is empty"]


def test_cancel_stops_at_the_next_progress_report(qtbot):
    runner = TaskRunner()
    errors, results = [], []

    def long_work(ctx):
        while True:
            ctx.progress(0, 1, "waiting")  # raises Cancelled once cancel() is called

    task = runner.submit(long_work, results.append, errors.append)
    runner.cancel(task)
    qtbot.waitUntil(lambda: errors == ["Cancelled"], timeout=5000)
    assert results == []


def test_after_running_waits_for_every_task_already_submitted(qtbot):
    runner = TaskRunner()
    first, second, later = threading.Event(), threading.Event(), threading.Event()
    ended, called = [], []
    runner.submit(lambda ctx: first.wait(5), ended.append, ended.append)
    runner.submit(lambda ctx: second.wait(5), ended.append, ended.append)
    runner.after_running(lambda: called.append(len(ended)))
    runner.submit(lambda ctx: later.wait(5), ended.append)  # submitted after: not waited for
    first.set()
    qtbot.waitUntil(lambda: len(ended) == 1, timeout=5000)
    assert called == []
    second.set()
    qtbot.waitUntil(lambda: bool(called), timeout=5000)
    assert called == [2]
    later.set()
    qtbot.waitUntil(lambda: len(ended) == 3, timeout=5000)
    runner.after_running(lambda: called.append("idle"))  # nothing running: at once
    assert called == [2, "idle"]
