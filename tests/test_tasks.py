"""The runner for long work: results, progress, errors and cancel reach the UI thread."""

from __future__ import annotations

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
