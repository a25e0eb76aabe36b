"""A new index's rows written by Whoosh, here or in a process of its own while the build writes
the arrays (on two cores the rows then cost a large build no time).

The process is started fresh (multiprocessing's spawn: no fork of a process that may be running
Qt's threads; the frozen app calls freeze_support first). It reads batches of rows from a pipe
that only the build holds open, and commits when told the rows are done (then does what else the
build hands it: `also`); meanwhile it works out what the build asks of it (`ask`: a share of the
build's own work, for the two processes to end together), answering on a second pipe. If the
build is killed or gives up first, the pipe ends (or the build's process is gone) and it exits
without committing. Either way the index is written in a folder
published only once the build is done (collection.py, library/writer.py): a build killed leaves
no index that opens as whole.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from search_index.whoosh_adapter import index

# What the process is sent, pickled: ("rows", a batch), ("ask", (function, arguments)),
# ("commit", None) after the last batch, ("call", (function, arguments)), ("end", None). What it
# answers: ("ready", None) once started, ("answer", a value) for each "ask" in turn, and last
# ("end", the commit's generation or what went wrong).
QUEUED = 16  # batches waiting to be sent, at most (the build waits for the process beyond)


class RowsWriter:
    """Whoosh's writer in this process: rows added in batches, then committed."""

    def __init__(self, directory: Path) -> None:
        self._index = index.create_in(str(directory), index.schema(), indexname=index.INDEX_NAME)
        # Whoosh indexes only the document ids: its pool of postings needs little memory, and
        # what it holds stays in the process's heap after the commit.
        self._writer = self._index.writer(limitmb=32, codec=index.Uncompressed())

    def add(self, rows: list[dict]) -> None:
        for row in rows:
            self._writer.add_document(**row)

    def free(self) -> bool:
        """Whether work asked of the writer would be done apart from the build's (never:
        this is the build's process)."""
        return False

    def ask(self, function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """`function(*args)` (here: at once), for the build to take when it needs it."""
        value = function(*args)
        return lambda: value

    def finish(self) -> None:
        """No more rows: commit."""
        self._writer.commit()

    def also(self, function: Callable[..., Any], *args: Any) -> None:
        """After the commit: `function(*args)` (where the rows are written)."""
        function(*args)

    def generation(self) -> int:
        """The generation of the commit (after `finish`)."""
        return self._index.latest_generation()

    def cancel(self) -> None:
        if not self._writer.is_closed:  # (not after the commit)
            self._writer.cancel()


class RowsWriterProcess:
    """The same, in a process of its own: `finish` lets it commit while this one goes on, `also`
    hands it a function of a module's top level (with its arguments, pickled), and `generation`
    waits for both (and raises OSError if either failed)."""

    def __init__(self, directory: Path) -> None:
        ctx = multiprocessing.get_context("spawn")
        rows_end, self._rows = ctx.Pipe(duplex=False)
        self._answer, answer_end = ctx.Pipe(duplex=False)
        self._process = ctx.Process(target=_serve, args=(str(directory), rows_end, answer_end))
        self._process.daemon = True  # (ended if this process exits first)
        self._process.start()
        rows_end.close()  # the process holds the only reading end, this one the only writing end
        answer_end.close()
        # A thread sends the batches: the build goes on while the process starts and reads.
        self._batches: queue.Queue[tuple[str, Any] | None] = queue.Queue(QUEUED)
        self._failure: BaseException | None = None
        self._sender = threading.Thread(target=self._send, name="rows-writer", daemon=True)
        self._sender.start()
        # Another takes its answers as they come (a large answer would stall it otherwise).
        self._answers: list[Any] = []
        self._asked = 0
        self._ready = False
        self._end: tuple[bool, Any] | None = None  # (whether a generation, it or what failed)
        self._heard = threading.Condition()
        self._receiver = threading.Thread(target=self._receive, name="rows-answers", daemon=True)
        self._receiver.start()

    def _send(self) -> None:
        while (message := self._batches.get()) is not None:
            if self._failure is None:  # (after a failure, taken off the queue and dropped)
                try:
                    self._rows.send_bytes(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
                except Exception as exc:  # the process gone, or this not picklable: said by
                    self._failure = exc  # `generation` and what was asked
                    self._rows.close()  # (its end tells the process: it exits at once)
        self._rows.close()

    def _receive(self) -> None:
        while True:
            try:
                kind, value = self._answer.recv()
            except (EOFError, OSError):  # the process gone (or closed by `cancel`)
                kind, value = "end", None
            with self._heard:
                if kind == "ready":
                    self._ready = True
                elif kind == "answer":
                    self._answers.append(value)
                else:
                    self._end = (isinstance(value, int), value)
                self._heard.notify_all()
            if kind == "end":
                return

    def add(self, rows: list[dict]) -> None:
        self._batches.put(("rows", rows))

    def free(self) -> bool:
        """Whether the process has started and answered all that was asked of it."""
        with self._heard:
            return self._ready and len(self._answers) == self._asked and self._end is None

    def ask(self, function: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        """`function(*args)` worked out in the process (a function of a module's top level,
        with its arguments, pickled), before the rows sent after; what is returned waits for
        it (and raises OSError if the process failed)."""
        self._batches.put(("ask", (function, args)))
        asked = self._asked
        self._asked += 1

        def answer() -> Any:
            with self._heard:
                self._heard.wait_for(lambda: len(self._answers) > asked or self._end is not None)
                if len(self._answers) > asked:
                    value, self._answers[asked] = self._answers[asked], None  # (taken once)
                    return value
            raise self._failed()

        return answer

    def finish(self) -> None:
        self._batches.put(("commit", None))

    def also(self, function: Callable[..., Any], *args: Any) -> None:
        self._batches.put(("call", (function, args)))

    def generation(self) -> int:
        self._batches.put(("end", None))
        self._batches.put(None)
        self._sender.join()
        self._receiver.join()
        self._answer.close()
        self._process.join()
        if self._end is not None and self._end[0]:
            return self._end[1]
        raise self._failed()

    def _failed(self) -> OSError:
        said = self._end[1] if self._end else None
        return OSError(f"the index's rows were not written: {said or self._failure or 'no answer'}")

    def cancel(self) -> None:
        """Nothing is committed: the process is ended (the folder is the build's to remove)."""
        self._process.kill()
        self._process.join()
        self._batches.put(None)
        self._sender.join()
        self._receiver.join()  # (the process's end ends the pipe)
        self._answer.close()


def _serve(directory: str, rows: Connection, answer: Connection) -> None:
    """In the process: the rows written, committed, and what the build hands over done, as
    they come; the generation (or what went wrong) is the answer. The build's end before
    "commit": nothing committed."""
    parent = multiprocessing.parent_process()
    writer = None
    try:
        writer = RowsWriter(Path(directory))
        answer.send(("ready", None))
        while True:
            # The pipe's end, or the build's process gone (should another process have kept
            # the pipe open, as a child forked meanwhile would): stop.
            wait([rows] if parent is None else [rows, parent.sentinel])
            if not rows.poll():
                raise EOFError
            kind, value = pickle.loads(rows.recv_bytes())
            if kind == "rows":
                writer.add(value)
            elif kind == "ask":
                answer.send(("answer", value[0](*value[1])))
            elif kind == "commit":
                writer.finish()
            elif kind == "call":
                writer.also(value[0], *value[1])
            else:
                break
        result: int | str = writer.generation()
    except (EOFError, KeyboardInterrupt):  # (Ctrl+C reaches the build too: it gives up)
        if writer is not None:
            writer.cancel()
        return
    except Exception as exc:
        if writer is not None:
            writer.cancel()
        result = f"{type(exc).__name__}: {exc}"
    try:
        answer.send(("end", result))
    except OSError:
        pass  # the build is gone
    # Nothing is left open or unwritten: the process ends at once (the interpreter's teardown
    # took a tenth of a second, which the build waited for).
    os._exit(0)
