"""Does the window stay responsive while someone types? Measures event-loop stalls.

    QT_QPA_PLATFORM=offscreen python bench/typing_latency.py [--collection DIR]

A 1 ms heartbeat timer runs on the UI thread while a scripted typist enters queries at a fast
typing pace (one key every 70-110 ms, with corrections), so searches start, finish and replace
each other the whole time. A gap between two heartbeats is time the event loop could not run:
the figure to keep under one frame (16 ms). Prints the longest gaps and their distribution.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CLINIC_REFERENCE_HOME", tempfile.mkdtemp(prefix="cr-typing-"))

from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

QUERIES = [
    "liver metastases immunotherapy",
    "chemoimunotherapy survival",
    "FOLFOX",
    "burning the tumour",
    "ICI AND hcc",
    '"hazard ratios"',
    "portal vein embolization",
    "surgery -ablation",
    "type:guideline resection",
    "what are the side effects",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--collection", type=Path, help="a built collection folder")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument(
        "--settle-ms",
        type=int,
        default=0,
        help="wait this long after the collection opens before typing",
    )
    return parser.parse_args()


def open_window(settle_ms: int):
    """The application and its main window, shown with the collection open, after `settle_ms`."""
    from desktop.app import create_application
    from desktop.main_window import MainWindow
    from desktop.settings import Settings
    from desktop.tasks import TaskRunner

    app = create_application([])
    window = MainWindow(Settings(), TaskRunner())
    window.show()
    ready = QEventLoop()
    window.collectionReady.connect(ready.quit)
    window.load_collection()
    ready.exec()
    settle = QEventLoop()
    QTimer.singleShot(settle_ms, settle.quit)  # the user reads the window first
    settle.exec()
    return app, window


def script(rounds: int, rng: random.Random) -> list[tuple[str, str]]:
    """The typist's keys, as (action, text): every query typed, with pauses and corrections."""
    keys: list[tuple[str, str]] = []
    for _ in range(rounds):
        for q in QUERIES:
            for ch in q:
                keys.append(("type", ch))
                if ch == " " and rng.random() < 0.3:
                    keys.append(("pause", ""))  # thinking of the next word
            keys += [("back", "")] * rng.randint(0, 3)  # a correction now and then
            keys += [("clear", "")]
    return keys


class Heartbeat:
    """A 1 ms timer on the UI thread: the gaps between its beats, and the key pressed at each
    gap longer than a frame."""

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        self.keys = keys
        self.gaps: list[float] = []
        self.long_at: list[tuple[float, str]] = []
        self.current = 0  # the key being pressed
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(1)
        self.timer.timeout.connect(self.beat)

    def beat(self) -> None:
        now = time.perf_counter()
        gap = (now - self.last) * 1000
        self.gaps.append(gap)
        if gap > 16:
            self.long_at.append(
                (gap, f"key {self.current} of {len(self.keys)}: {self.keys[self.current]}")
            )
        self.last = now

    def start(self) -> None:
        self.timer.start()
        self.last = time.perf_counter()

    def stop(self) -> None:
        self.timer.stop()


def type_keys(box, rng: random.Random, heartbeat: Heartbeat) -> None:
    """Press the heartbeat's keys into the search box at typing pace; returns once the last
    search has landed."""
    keys = heartbeat.keys
    done = QEventLoop()

    def press(i: int = 0) -> None:
        if i >= len(keys):
            QTimer.singleShot(400, done.quit)  # let the last search land
            return
        heartbeat.current = i
        action, ch = keys[i]
        if action == "type":
            QTest.keyClicks(box, ch)
        elif action == "back":
            QTest.keyClick(box, Qt.Key.Key_Backspace)
        elif action == "pause":
            QTimer.singleShot(rng.randint(300, 600), lambda: press(i + 1))
            return
        else:
            box.completer().popup().hide()
            box.clear()
        QTimer.singleShot(rng.randint(70, 110), lambda: press(i + 1))

    press()
    done.exec()


def report(heartbeat: Heartbeat, elapsed: float, shown: int) -> None:
    gaps = sorted(heartbeat.gaps)
    over = [g for g in gaps if g > 16]
    print(f"typed {len(heartbeat.keys)} keys in {elapsed:.1f} s; {shown} result lists shown")
    print(
        f"event-loop gaps over {len(gaps)} heartbeats: median {statistics.median(gaps):.2f} ms, "
        f"p99 {gaps[int(0.99 * (len(gaps) - 1))]:.2f} ms, max {gaps[-1]:.2f} ms"
    )
    print(
        f"gaps over 16 ms: {len(over)}"
        + (f" (longest {', '.join(f'{g:.1f}' for g in over[-5:])} ms)" if over else "")
    )
    for gap, where in heartbeat.long_at:
        print(f"  {gap:.1f} ms at {where}")


def main() -> None:
    args = parse_args()
    if args.collection:
        os.environ["CLINIC_REFERENCE_COLLECTION"] = str(args.collection)
    app, window = open_window(args.settle_ms)
    rng = random.Random(3)  # the script's and the typing pace's, in that order
    heartbeat = Heartbeat(script(args.rounds, rng))
    shown = [0]
    window.search_pane.resultsShown.connect(lambda _r: shown.__setitem__(0, shown[0] + 1))
    heartbeat.start()
    t0 = time.perf_counter()
    type_keys(window.search_pane.box, rng, heartbeat)
    heartbeat.stop()
    report(heartbeat, time.perf_counter() - t0, shown[0])
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
