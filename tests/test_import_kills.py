"""SIGKILL at seeded random moments of import, re-read, rebuild, remove and hide, over and over.

The oracle comes from outside the library's own bookkeeping: a clean import of the same files
into a fresh library. After every kill the library is opened again (as the next start would)
and compared with it document by document: each document present has the clean one's title and
every one of its passages' text, is found by a word only it has (unless hidden), and a document
that is not there (or hidden) is found by nothing; a document there before and after keeps the
date it was added (a rebuild or a re-read, killed or not, re-dates nothing). At the end,
importing again and showing everything must give exactly the clean library.
"""

from __future__ import annotations

import multiprocessing
import random
import re
import shutil
import sqlite3
import tempfile
import time
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from search_index.collection import Collection
from search_index.opening import open_collection
from search_index.schema import STORE_FILE

RUNS = {"import": 50, "reread": 25, "rebuild": 25, "remove": 25, "hide": 25}
SEED = 20261202
ADDED = 15  # documents in the files make_files writes


def word(n: int) -> str:
    """A made-up word, different for each n, found in no dictionary or lexicon."""
    letters = "bcdfghjklmnpqrstvwxz"
    return "quorv" + letters[n // 20 % 20] + letters[n % 20] + "ex"


def make_files(folder: Path) -> None:
    """Small exports of several records and plain notes: each document holds its own word."""
    folder.mkdir()
    n = 0
    for f in range(4):
        records = []
        for _ in range(3):
            records.append(
                f"PMID- {93100000 + n}\nTI  - Ablation series {n} for liver metastases "
                f"{word(n)}.\nAB  - Of {20 + n} patients treated by ablation, {n % 7 + 1} had "
                f"complications ({word(n)}). Median survival was {30 + n} months.\nDP  - 2021\n"
            )
            n += 1
        (folder / f"export{f}.nbib").write_text("\n".join(records))
    for f in range(3):
        (folder / f"note{f}.md").write_text(
            f"Clinic note {n} on ablation\n\nThe team discussed ablation of liver metastases "
            f"({word(n)}).\n\n## What to ask your doctor\n\n- Is ablation right for me?\n"
            f"- How many sessions ({n}) will I need?\n"
        )
        n += 1


@dataclass
class Doc:
    title: str
    passages: list[str]
    word: str


def store_documents(directory: Path) -> dict[str, dict]:
    """Every document of a store by title: its id, whether hidden, when added, its passages'
    text in order (read with plain SQL, not through the library)."""
    db = sqlite3.connect(f"file:{directory / STORE_FILE}?mode=ro", uri=True)
    try:
        docs = {
            row[1]: {"id": row[0], "hidden": bool(row[2]), "added_at": row[3], "passages": []}
            for row in db.execute("SELECT id, title, hidden, added_at FROM documents")
        }
        ids = {d["id"]: d for d in docs.values()}
        for doc_id, text in db.execute(
            "SELECT document_id, text FROM passages ORDER BY document_id, position"
        ):
            ids[doc_id]["passages"].append(text)
        assert len(docs) == len(ids), "two documents with one title"
        return docs
    finally:
        db.close()


def clean_library(files: Path, home: Path) -> dict[str, Doc]:
    """The oracle: the same files imported into a fresh library, each document with a word of
    its own (in no other document's text)."""
    library = open_collection(home / "library")
    report = library.library.import_paths([files])
    assert not report.failed and len(report.added) == ADDED
    library.library.close()
    library.collection.close()
    docs = store_documents(home / "library")
    seen: dict[str, set[str]] = {}
    for title, d in docs.items():
        for w in set(re.findall(r"[a-z]{6,}", " ".join(d["passages"]).lower())):
            seen.setdefault(w, set()).add(title)
    out = {}
    for title, d in docs.items():
        own = sorted(
            w
            for w in set(re.findall(r"[a-z]{6,}", " ".join(d["passages"]).lower()))
            if seen[w] == {title}
        )
        assert own, f"no word of its own in {title}"
        out[title] = Doc(title, d["passages"], own[0])
    return out


def check(directory: Path, clean: dict[str, Doc], where: str) -> dict[str, dict]:
    """The library after a restart, against the clean import."""
    opened = open_collection(directory)  # the restart: whatever repair the app does, it does here
    opened.library.close()
    opened.collection.close()
    docs = store_documents(directory)
    for title, d in docs.items():
        assert title in clean, f"{where}: a document that no import gives: {title!r}"
        assert d["passages"] == clean[title].passages, (
            f"{where}: {title!r} is damaged "
            f"({len(d['passages'])} of {len(clean[title].passages)} passages, or other text)"
        )
    collection = Collection(directory)
    engine = collection.search_engine()
    try:
        passages = dict(collection.db.execute("SELECT id, document_id FROM passages").fetchall())
        for title, c in clean.items():
            hits = engine.search(c.word, limit=50).hits
            for h in hits:
                assert passages.get(h.passage_id) == h.document_id, (
                    f"{where}: the index points at a passage the store does not hold ({h})"
                )
            found = {h.document_id for h in hits}
            d = docs.get(title)
            if d is None or d["hidden"]:
                assert not any(h.title == title for h in hits), (
                    f"{where}: {title!r} is found though it is {'hidden' if d else 'not there'}"
                )
            else:
                assert d["id"] in found, f"{where}: {title!r} is there but not found"
    finally:
        engine.close()
        collection.close()
    return docs


def child(op: str, directory: str, arg: list[str], stage, opened_at) -> None:
    """The operation, in a process of its own (the one that is killed)."""
    opened = open_collection(Path(directory))
    library = opened.library
    opened_at.value = time.monotonic()
    stage.value = 1
    if op == "import":
        library.import_paths([Path(arg[0])])
    elif op == "reread":
        for doc_id in arg:
            library.reread(doc_id)
    elif op == "rebuild":
        library.rebuild()
    elif op == "remove":
        library.remove(arg)
    elif op == "hide":
        library.set_hidden(arg[1:], arg[0] == "hide")
    stage.value = 2
    library.close()
    stage.value = 3  # closed: what is left is the process's own exit


class KillSequence:
    """Operations on a library, each in a child process killed at a seeded random moment (or let
    finish), the library checked against the clean import after every one.

    Seconds from opened to done (and to open): the first run of each operation is timed, not
    killed, and so is every later run that finishes before its kill (the library's state
    changes it). One kill in six falls while the library is opened (and repaired)."""

    def __init__(self, ctx, files: Path, clean: dict[str, Doc], directory: Path, seed: int):
        self.ctx, self.files, self.clean, self.directory = ctx, files, clean, directory
        self.rng = random.Random(seed)
        self.took: dict[str, float] = {}
        self.opening = 0.5
        self.tally: Counter[str] = Counter()  # kills by operation and by stage, runs
        self.added_at: dict[str, str] = {}  # each document there after the last run: when added

    def run_all(self) -> Counter[str]:
        open_collection(self.directory).library.close()  # the library exists before the first kill
        ops = [op for op, n in RUNS.items() for _ in range(n - (op == "import"))]
        self.rng.shuffle(ops)
        for n, op in enumerate(["import", *ops]):  # first something to re-read, remove and hide
            self.run(n, op)
        return self.tally

    def arguments(self, n: int, op: str) -> tuple[str, list[str]]:
        rng, docs = self.rng, store_documents(self.directory)
        added = sorted(d["id"] for d in docs.values() if d["id"].startswith(("pmid-", "note")))
        if op == "import" or not added:
            if len(added) == ADDED and n:  # all in: take some out, so that it has work
                opened = open_collection(self.directory)
                taken_out = rng.sample(added, 8)
                opened.library.remove(taken_out)
                for doc_id in taken_out:  # imported again: a new date
                    self.added_at.pop(doc_id, None)
                opened.library.close()
                opened.collection.close()
            return "import", [str(self.files)]
        if op == "hide":
            hidden = [d["id"] for d in docs.values() if d["hidden"]]
            if hidden and rng.random() < 0.5:
                return op, ["show", *hidden]
            return op, ["hide", *rng.sample(sorted(d["id"] for d in docs.values()), 4)]
        return op, rng.sample(added, min(len(added), 6)) if op != "rebuild" else []

    def run(self, n: int, op: str) -> None:
        op, arg = self.arguments(n, op)
        stage, opened_at = self.ctx.Value("i", 0), self.ctx.Value("d", 0.0)
        process = self.ctx.Process(target=child, args=(op, str(self.directory), arg, stage, opened_at))
        started = time.monotonic()
        process.start()
        if op not in self.took:
            process.join()
        elif self.rng.random() < 1 / 6:
            process.join(self.rng.uniform(0.0, self.opening))
        else:
            while stage.value == 0 and process.exitcode is None:
                time.sleep(0.001)
            process.join(self.rng.uniform(0.0, self.took[op]))
        self.tally["runs"] += 1
        killed = process.exitcode is None
        if killed:
            process.kill()
            process.join()
            self.tally["killed"] += 1
            self.tally[f"killed {op}"] += 1
            self.tally[("opening", "writing", "finished first")[min(stage.value, 2)]] += 1
        else:
            # 255 after a clean close is the forkserver losing the status under load (cpython#140867)
            exited = process.exitcode == 0 or (process.exitcode == 255 and stage.value == 3)
            assert exited, f"{op} failed on its own (exit {process.exitcode})"
            self.took[op] = time.monotonic() - opened_at.value
            self.opening = opened_at.value - started
        where = f"run {n} ({op} {arg[:3]})"
        dates = {d["id"]: d["added_at"] for d in check(self.directory, self.clean, where).values()}
        redated = sorted(d for d in dates.keys() & self.added_at.keys() if dates[d] != self.added_at[d])
        assert not redated, f"{where}: the date these were added changed: {redated}"
        self.added_at = dates
        self.tally["survived"] += killed

    def complete(self) -> None:
        """Everything can be completed after all those kills: import again, show what is hidden."""
        opened = open_collection(self.directory)
        opened.library.import_paths([self.files])
        opened.library.set_hidden([d["id"] for d in store_documents(self.directory).values()], False)
        opened.library.close()
        opened.collection.close()
        final = check(self.directory, self.clean, "after importing again")
        assert set(final) == set(self.clean) and not any(d["hidden"] for d in final.values())


def _sequence() -> tuple[Counter[str], dict[str, float]]:
    """The whole sequence in a folder of its own: the clean import, the kills, the completion."""
    folder = Path(tempfile.mkdtemp(prefix="kills-"))
    try:
        files = folder / "files"
        make_files(files)
        clean = clean_library(files, folder / "clean")
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["search_index.library", "search_index.collection"])
        sequence = KillSequence(ctx, files, clean, folder / "home" / "library", SEED)
        tally = sequence.run_all()
        sequence.complete()
        return tally, sequence.took
    finally:
        shutil.rmtree(folder, ignore_errors=True)


_running: list[Future[tuple[Counter[str], dict[str, float]]]] = []


def _in_a_process() -> Future[tuple[Counter[str], dict[str, float]]]:
    # A process, not a thread: the sequence opens libraries itself, and numpy reads an array's
    # header with ast, which CPython 3.11 cannot run in two threads at once (gh-106905: "AST
    # constructor recursion depth mismatch" in whichever test reads arrays meanwhile).
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    running = pool.submit(_sequence)
    pool.shutdown(wait=False)
    return running


def start_in_background(items: list) -> None:
    """Called once the tests are collected (conftest.py): the sequence runs in a process of its
    own while this process runs the other tests."""
    _running.append(_in_a_process())


def test_kills_at_random_points_leave_every_document_whole():
    tally, took = (_running.pop() if _running else _in_a_process()).result()
    by_op = {k[7:]: v for k, v in tally.items() if k.startswith("killed ")}
    print(
        f"\nkills survived: {tally['survived']}/{tally['killed']} ({tally['runs']} runs; killed "
        f"{by_op}); 0 documents half-added or damaged; landed while opening {tally['opening']}, "
        f"while changing the library {tally['writing']}; seconds per operation "
        f"{ ({k: round(v, 2) for k, v in took.items()}) }"
    )
    assert tally["survived"] == tally["killed"] >= 100
    # The kills fell all over the run: while opening, and mostly while writing.
    assert tally["writing"] >= 80 and tally["opening"] >= 10
