"""A real process killed in the middle of Rebuild all (or of a collection build) leaves its
scratch beside the library; the next process that writes there deletes it, and the library is
whole: the same documents, each found by the word only it has."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from search_index import generations
from search_index.opening import open_collection
from search_index.schema import STORE_FILE

DOCUMENTS = 120  # enough passages that building the index takes a moment to catch


def word(n: int) -> str:
    """A made-up word for each n, in no dictionary or lexicon."""
    letters = "bcdfghjklmnpqrstvwxz"
    return "zemvo" + letters[n // 20 % 20] + letters[n % 20] + "ik"


def titles(directory: Path) -> set[str]:
    """The store's document titles, read with plain SQL."""
    db = sqlite3.connect(f"file:{directory / STORE_FILE}?mode=ro", uri=True)
    try:
        return {row[0] for row in db.execute("SELECT title FROM documents")}
    finally:
        db.close()


def hidden_entries(directory: Path) -> list[str]:
    """Every entry whose name starts with a dot, anywhere under `directory`."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob(".*"))


def kill_when(command: list[str], appears: Path, env: dict[str, str]) -> bool:
    """Start `command`, SIGKILL it as soon as `appears` exists; whether it was caught there."""
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while child.poll() is None:
            if appears.exists():
                os.kill(child.pid, signal.SIGKILL)
                child.wait()
                return True
            time.sleep(0.002)
        return False
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_a_rebuild_killed_midway_leaves_nothing_behind_at_the_next_opening(user_home, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(DOCUMENTS):
        (folder / f"note{n}.md").write_text(
            f"Clinic note {n} on ablation\n\nThe team discussed ablation of liver metastases "
            f"({word(n)}).\n\nMedian survival was {30 + n} months in this series.\n"
        )
    with open_collection() as opened:
        assert opened.library is not None
        opened.library.import_paths([folder])
        directory = opened.library.directory
        before = titles(directory)
    assert hidden_entries(directory) == []

    def building() -> Path:  # the generation a rebuild writes, numbered after the current one
        number = int(generations.current(directory).name.rpartition(".")[2])
        return directory / f"{generations.INDEX_DIR}.{number + 1}"

    rebuild = [sys.executable, "-m", "desktop.main", "library", "--rebuild"]
    caught = any(kill_when(rebuild, building(), dict(os.environ)) for _ in range(3))
    assert caught, "the rebuild finished before it could be killed while building the index"
    assert building().is_dir()  # the kill left the generation it was writing, unpublished

    with open_collection() as again:  # the next start, as the window's
        assert hidden_entries(directory) == []
        indexes = sorted(p.name for p in directory.glob(f"{generations.INDEX_DIR}*"))
        assert indexes == [generations.current(directory).name, generations.POINTER]
        assert titles(directory) == before
        for n in range(0, DOCUMENTS, 17):
            found = {h.title for h in again.engine.search(word(n)).hits if not h.related}
            assert found == {f"Clinic note {n} on ablation"}, n


def test_a_collection_build_killed_midway_leaves_nothing_behind_at_the_next_build(tmp_path):
    out = tmp_path / "collection"
    build = [sys.executable, "-m", "desktop.main", "build", "--out", str(out)]
    env = {**os.environ, "CLINIC_REFERENCE_HOME": str(tmp_path / "home")}

    def scratch() -> list[str]:
        return sorted(p.name for p in tmp_path.glob(".collection.*"))

    def building() -> Path:  # the folder the child is building in, once it is there
        found = list(tmp_path.glob(".collection.building-*"))
        return found[0] if found else tmp_path / ".collection.building-none"

    child = subprocess.Popen(build, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while child.poll() is None and not (list(tmp_path.glob(".collection.building-*/index"))):
            time.sleep(0.002)
        assert child.poll() is None, "the build finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert scratch() == [building().name]
    done = subprocess.run(build, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert scratch() == [] and (out / STORE_FILE).exists()
