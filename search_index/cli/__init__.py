"""The command line: `clinic-reference search|import|library|build|options|compare|questions|
handout`, and the window's options (`--kiosk`, …) for `--help` to list them all.

Headless. Only `handout` loads Qt (to lay out the PDF), and only when it runs.
"""

from __future__ import annotations

import argparse
import io
import sys
from importlib import metadata
from pathlib import Path
from typing import TextIO

from search_index.cli.commands import (
    cmd_build,
    cmd_compare,
    cmd_import,
    cmd_library,
    cmd_options,
    cmd_questions,
    cmd_search,
)


def add_commands(sub: argparse._SubParsersAction) -> None:
    # no -h: "-hepatectomy" leaves a word out of the search
    s = sub.add_parser("search", help="print the top results for a query", add_help=False)
    s.add_argument("--help", action="help", help="show this help message and exit")
    s.add_argument("query", nargs="*", help="words and query syntax; -word leaves a word out")
    s.add_argument("--limit", type=_at_least_one, default=10, help="how many results (default 10)")
    s.add_argument("--json", action="store_true", help="print the results as JSON")
    s.set_defaults(run=cmd_search)
    o = sub.add_parser("options", help="list the treatment options the collection speaks of")
    o.add_argument("--json", action="store_true")
    o.set_defaults(run=cmd_options)
    c = sub.add_parser("compare", help="compare treatment options side by side")
    c.add_argument("ids", nargs="+", metavar="ID", help="option ids (see `options`)")
    c.add_argument("--cancer", help="narrow to a cancer type (e.g. colorectal, lung)")
    c.add_argument("--patient", action="store_true", help="the patient view (plain names)")
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=cmd_compare)
    q = sub.add_parser("questions", help="list the question bank with sources")
    q.add_argument("--json", action="store_true")
    q.set_defaults(run=cmd_questions)
    h = sub.add_parser("handout", help="write a question list handout as PDF")
    h.add_argument("ids", nargs="*", metavar="QUESTION_ID", help="question ids (see `questions`)")
    h.add_argument("--pdf", type=Path, required=True, help="the PDF file to write")
    h.add_argument("--large-print", action="store_true", help="body text 15 pt")
    h.add_argument("--page", choices=["A4", "Letter"], default="A4")
    h.add_argument(
        "--ask",
        action="append",
        default=[],
        metavar="TEXT",
        help="a question of your own (may be given more than once)",
    )
    h.add_argument(
        "--top",
        action="append",
        default=[],
        metavar="QUESTION_ID",
        help="mark as one of the top three (printed first)",
    )
    h.add_argument("--clinic", default="", help="clinic name for the top of the page")
    h.set_defaults(run=None)  # runs in desktop.handout_cli: the PDF is laid out with Qt
    _add_library_commands(sub)


def _add_library_commands(sub: argparse._SubParsersAction) -> None:
    i = sub.add_parser("import", help="add files or folders of documents to the library")
    i.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    i.add_argument("--json", action="store_true", help="print the report as JSON")
    i.set_defaults(run=cmd_import)
    lib = sub.add_parser("library", help="list the library's documents; hide, remove, re-read")
    for flag, what in [
        ("--hide", "hide a bundled or added document from search, grid and questions"),
        ("--show", "show a hidden document again"),
        ("--remove", "delete an added document"),
        ("--reread", "read a document again from its file"),
    ]:
        lib.add_argument(flag, action="append", default=[], metavar="ID", help=what)
    lib.add_argument(
        "--rebuild", action="store_true", help="read every document again and rebuild the search index"
    )
    lib.set_defaults(run=cmd_library)
    b = sub.add_parser("build", help="rebuild the store and the index from the seeds")
    b.add_argument(
        "--out",
        type=Path,
        default=None,
        help="collection folder (default: the bundled collection folder)",
    )
    b.add_argument("--seeds", type=Path, default=None, help="source folder (default: seeds/)")
    b.set_defaults(run=cmd_build)


def version() -> str:
    try:
        return metadata.version("clinic-reference")
    except metadata.PackageNotFoundError:  # run from a bundle or a bare checkout
        return "unknown version"


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of results (1 or more)")
    return value


def parser() -> argparse.ArgumentParser:
    """The whole command line: the commands, and the options of the window (no command)."""
    p = argparse.ArgumentParser(
        prog="clinic-reference",
        description="Offline reference on treating liver metastases. With no command, the window opens.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    window = p.add_argument_group("the window (no command)")
    window.add_argument(
        "--kiosk",
        action="store_true",
        help="waiting-room mode: full screen, patient view, nothing saved "
        "(needs a PIN: see --set-kiosk-pin)",
    )
    window.add_argument(
        "--set-kiosk-pin",
        action="store_true",
        help="set the clinician PIN that leaves the kiosk (typed twice, or two lines on stdin)",
    )
    window.add_argument(
        "--startup-check",
        action="store_true",
        help="print start-up timings once the window is usable, then quit",
    )
    window.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation headless; exit 0, or 1 with the reason",
    )
    add_commands(p.add_subparsers(dest="command", title="commands", metavar="COMMAND"))
    return p


def parse(argv: list[str]) -> argparse.Namespace:
    """The parsed command line; a mistyped command or option exits 2 with the usage, before any
    window could open."""
    p = parser()
    args, unknown = p.parse_known_args(argv)
    if args.command == "search":  # "-liver" is the query's syntax, not an option
        args.query = " ".join(_in_typed_order(argv, args.query, unknown))
        if not args.query:
            p.error("search needs a query")
    elif unknown:
        p.error("unrecognized arguments: " + " ".join(unknown))
    if args.command and (args.kiosk or args.startup_check or args.self_test or args.set_kiosk_pin):
        p.error("--kiosk, --set-kiosk-pin, --startup-check and --self-test go without a command")
    return args


def _in_typed_order(argv: list[str], *parts: list[str]) -> list[str]:
    """The words of `parts` (each in the order typed) merged back into the order of `argv`."""
    pending = [list(p) for p in parts]
    out = []
    for a in argv:
        for p in pending:
            if p and p[0] == a:
                out.append(p.pop(0))
                break
    return out


# Control characters a document may hold (ESC starts a terminal's escape sequences: clear the
# screen, set its title) are shown as U+FFFD; tab, newline and carriage return stay.
_CONTROLS = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)], "\ufffd"
)


class _PlainOut(io.TextIOBase):
    """Standard output that writes document text as text, never as terminal commands."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(text.translate(_CONTROLS))

    def flush(self) -> None:
        self.stream.flush()

    def isatty(self) -> bool:
        return self.stream.isatty()

    def fileno(self) -> int:
        return self.stream.fileno()


def run_command(args: argparse.Namespace) -> int:
    """Run a command that needs no Qt (all but `handout`)."""
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _PlainOut(sys.stdout), _PlainOut(sys.stderr)  # type: ignore[assignment]
    try:
        return int(args.run(args))
    finally:
        sys.stdout, sys.stderr = streams
