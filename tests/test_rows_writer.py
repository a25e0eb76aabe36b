"""A large build's rows, written by Whoosh in a process of its own (whoosh_adapter/rows_writer.py):
the index it commits holds every row as given, and a build that fails or is killed midway leaves
no committed index and no process behind."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

import search_index.index
from search_index.analysis import numbered_words, words
from search_index.engine import open_engine
from search_index.index import ROWS_AT_ONCE, ROWS_IN_A_PROCESS_FROM, build_index, index_fields
from search_index.whoosh_adapter.index import live_documents, open_index
from search_index.whoosh_adapter.rows_writer import RowsWriterProcess

COUNT = ROWS_IN_A_PROCESS_FROM + 7  # (a last batch that is not full)
WORDS = "liver resection ablation microwave margin metastases cohort trial portal vein".split()


def make_rows(count: int) -> list[dict]:
    rng = random.Random(5)
    return [
        {
            "id": 10 + i,
            "document_id": f"doc{i // 4}",
            "title": f"Series {i // 4}",
            "section": rng.choice(["", "Methods", "Results"]),
            "text": " ".join(rng.choices(WORDS, k=12)) + (" zyxolith" if i == 1234 else ""),
            "kind": "pubmed_abstract",
            "year": 2000 + i % 20,
            "position": i % 4,
        }
        for i in range(count)
    ]


def rows_committed(folder: Path) -> int:
    """How many rows an index in `folder` opens with (none there: 0; a build makes an empty
    index first, as Whoosh does)."""
    if not list(folder.glob("*.toc")):
        return 0
    with open_index(folder).reader() as reader:
        return reader.doc_count_all()


def test_a_large_build_writes_its_rows_in_another_process_and_they_read_back_as_given(tmp_path):
    rows = make_rows(COUNT)
    writers: list = []  # this process's children while the rows are read
    before = others()

    def progress(done: int) -> None:
        writers.extend(set(multiprocessing.active_children()) - before)

    build_index(rows, tmp_path / "index", COUNT, progress)
    assert writers, "no process wrote the rows"
    assert others() <= before  # ended with the build
    with open_index(tmp_path / "index").reader() as reader:
        stored = [reader.stored_fields(d) for d in range(reader.doc_count_all())]
    assert [(s["passage_id"], s["text"], s["section"], s["year"]) for s in stored] == [
        (r["id"], r["text"], r["section"], str(r["year"])) for r in rows
    ]
    assert live_documents(tmp_path / "index") == Counter(r["document_id"] for r in rows)
    engine = open_engine(tmp_path / "index")
    assert engine.search("zyxolith").hits[0].passage_id == 10 + 1234  # the one passage with it
    engine.close()


def others() -> set:
    """This process's children (the suite's own background work among them: tests compare)."""
    return set(multiprocessing.active_children())


def failing_rows(count: int):
    yield from make_rows(count)
    raise ValueError("the store could not be read")


def test_a_build_failing_midway_commits_nothing_and_ends_its_writer(tmp_path):
    before = others()
    with pytest.raises(ValueError, match="could not be read"):
        build_index(failing_rows(ROWS_AT_ONCE * 2 + 3), tmp_path / "index", COUNT)
    assert others() <= before
    assert rows_committed(tmp_path / "index") == 0


def build_then_hang(folder: str, pid_file: str) -> None:
    """In the process killed: a large build whose rows stop coming after two batches."""

    def rows():
        yield from make_rows(ROWS_AT_ONCE * 2 + 3)
        time.sleep(0.5)  # (the batches reach the writer)
        Path(pid_file).write_text(" ".join(str(p.pid) for p in multiprocessing.active_children()))
        time.sleep(600)

    build_index(rows(), Path(folder), COUNT)


def gone(pid: int) -> bool:
    """Whether the process has exited (a zombie, not yet reaped by whoever adopted it, has)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] in "ZX"
    except (FileNotFoundError, IndexError):
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_a_build_killed_midway_commits_nothing_and_its_writer_exits(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    pid_file = tmp_path / "writer.pid"
    build = ctx.Process(target=build_then_hang, args=(str(tmp_path / "index"), str(pid_file)))
    build.start()
    deadline = time.monotonic() + 60
    while not pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    (writer,) = map(int, pid_file.read_text().split())
    assert not gone(writer)
    os.kill(build.pid, signal.SIGKILL)
    build.join()
    while not gone(writer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(writer), "the writer outlived the build"
    assert rows_committed(tmp_path / "index") == 0


def test_what_cannot_be_handed_to_the_writer_fails_the_build_not_hangs_it(tmp_path):
    before = others()
    writer = RowsWriterProcess(tmp_path)
    writer.add([index_fields(r) for r in make_rows(3)])
    writer.finish()
    writer.also(lambda: None)  # (a lambda cannot be pickled)
    with pytest.raises(OSError, match="pickle"):
        writer.generation()
    assert others() <= before


def build_rows(folder: str) -> None:
    build_index(make_rows(COUNT), Path(folder), COUNT)


def test_a_large_build_in_a_daemonic_process_writes_its_rows_itself(tmp_path):
    """(Such a process may start none.)"""
    build = multiprocessing.get_context("spawn").Process(
        target=build_rows, args=(str(tmp_path / "index"),), daemon=True
    )
    build.start()
    build.join()
    assert build.exitcode == 0
    assert rows_committed(tmp_path / "index") == COUNT


class Patient(RowsWriterProcess):
    """A writer whose process is always free once started: the build hands it every batch's
    words (a real build hands it those it reads while the process would idle)."""

    handed: list[str] = []

    def free(self) -> bool:
        self.ask(int)()  # (answered once the process has started and answered all before)
        return super().free()

    def ask(self, function, *args):
        self.handed.append(function.__name__)
        return super().ask(function, *args)


def arrays_of(folder: Path) -> dict[str, bytes]:
    files = [*sorted((folder / "arrays").iterdir()), folder / "vocabulary.json"]
    return {p.name: p.read_bytes() for p in files}


def test_words_read_in_the_writers_process_make_the_arrays_read_here(tmp_path, monkeypatch):
    rows = make_rows(COUNT)
    build_index(rows, tmp_path / "here")  # (no count: one process)
    monkeypatch.setattr(search_index.index, "RowsWriterProcess", Patient)
    build_index(rows, tmp_path / "there", COUNT)
    assert Patient.handed.count("numbered_words") == -(-COUNT // ROWS_AT_ONCE)  # every batch
    assert arrays_of(tmp_path / "there") == arrays_of(tmp_path / "here")


def test_what_is_asked_of_the_writer_comes_back_in_turn_and_its_death_fails_the_build(tmp_path):
    texts = ["Liver resection, 10.8 mg; e.g. margins.", "", "Microwave ablation of the liver"]
    writer = RowsWriterProcess(tmp_path)
    first = writer.ask(numbered_words, {"text": texts})
    second = writer.ask(numbered_words, {"title": texts[::-1]})
    got = second()["title"]
    assert [got.distinct[i] for i in got.numbers] == [w for t in texts[::-1] for w in words(t)]
    assert list(got.counts) == [len(words(t)) for t in texts[::-1]]
    assert first()["text"].distinct[:4] == ["liver", "resection", "10.8", "mg"]
    os.kill(writer._process.pid, signal.SIGKILL)
    with pytest.raises(OSError, match="not written"):
        writer.ask(int)()
    with pytest.raises(OSError, match="not written"):
        writer.generation()


def test_what_cannot_be_asked_of_the_writer_fails_the_answer_not_hangs_it(tmp_path):
    before = others()
    writer = RowsWriterProcess(tmp_path)
    answer = writer.ask(lambda: None)  # (a lambda cannot be pickled)
    with pytest.raises(OSError, match="pickle"):
        answer()
    with pytest.raises(OSError, match="pickle"):
        writer.generation()
    assert others() <= before
