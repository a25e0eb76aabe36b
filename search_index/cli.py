"""The command line: `clinic-reference search|import|library|build|options|compare|questions|
handout`, and the window's options (`--kiosk`, …) for `--help` to list them all.

Headless. Only `handout` loads Qt (to lay out the PDF), and only when it runs.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from importlib import metadata
from pathlib import Path

from search_index import paths
from search_index.collection import Collection, build_collection, seed_files
from search_index.library import Library, open_library, plain_reason
from search_index.questions.bank import build_bank, grouped
from search_index.reading import ReadError
from search_index.treatments.comparison import NOTHING, build_grid, option_list
from search_index.treatments.evidence_map import EvidenceMapError


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="print the top results for a query")
    s.add_argument("query")
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


def progress_bar(done: int, total: int, what: str, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what:<40}{end}")
    sys.stderr.flush()


def open_for_reading() -> Collection:
    """The library for reading: no writer lock is taken, so a window or an import running
    meanwhile is not disturbed."""
    opened = open_library(progress=progress_bar, write=False)
    _tell(opened.notices)
    return opened.collection


def _open_for_writing() -> Library | None:
    """The library for writing, or None (and why, on stderr) when it cannot be written."""
    opened = open_library(progress=progress_bar)
    _tell(opened.notices)
    opened.collection.close()  # the commands that write read through the library itself
    return opened.library


def _tell(notices: list[str]) -> None:
    for notice in notices:
        print(notice, file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    library = _open_for_writing()
    if library is None:
        return 3
    report = library.import_paths(args.paths, progress_bar)
    library.close()
    if args.json:
        json.dump(
            {
                "files": report.files,
                "cancelled": report.cancelled,
                "stopped": report.stopped,
                "added": [{"file": f, "title": t} for f, t in report.added],
                "duplicates": [{"file": f, "title": t, "why": w} for f, t, w in report.duplicates],
                "failed": [{"file": f, "reason": r} for f, r in report.failed],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        print(report.summary())
        for name, title, why in report.duplicates:
            print(f"  duplicate: {name}: {title} ({why})")
        for name, reason in report.failed:
            print(f"  failed: {name}: {reason}")
    return 1 if report.failed or report.stopped else 0


def cmd_library(args: argparse.Namespace) -> int:
    library = _open_for_writing()
    if library is None:
        return 3
    try:
        if args.hide or args.show:
            library.set_hidden(args.hide, True)
            library.set_hidden(args.show, False)
        if args.remove:
            print(f"Removed {library.remove(args.remove)} document(s).")
        for doc_id in args.reread:
            print(f"Re-read {doc_id}: {library.reread(doc_id).title}")
        if args.rebuild:
            for problem in library.rebuild(progress_bar):
                print(f"  kept as it was: {problem}", file=sys.stderr)
        rows = library.db.query(
            "SELECT id, kind, title, bundled, hidden FROM documents ORDER BY bundled DESC, id"
        )
        for r in rows:
            where = "bundled" if r["bundled"] else "added"
            state = ", hidden" if r["hidden"] else ""
            print(f"{r['id']:<32} {where}{state:<8} {r['kind']:<10} {r['title'][:70]}")
    except ReadError as exc:
        print(f"clinic-reference: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # e.g. a full disk: each change was all or nothing
        print(
            f"clinic-reference: the library could not be changed: {plain_reason(exc)}", file=sys.stderr
        )
        return 1
    finally:
        library.close()
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    collection = open_for_reading()
    engine = collection.search_engine()
    results = engine.search(args.query, limit=args.limit)
    rows = [
        {
            "file": h.file_name,
            "title": h.title,
            "section": h.section,
            "snippet": h.snippet.text,
            "score": round(h.score, 4),
            "related": h.related,
            "highlights": [list(s) for s in h.snippet.spans],
        }
        for h in results.hits
    ]
    if args.json:
        json.dump(
            {
                "query": results.query,
                "total": results.total,
                "notice": results.notice,
                "read_as": results.explanation,
                "did_you_mean": results.suggestion,
                "results": rows,
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        if results.notice:
            print(results.notice, file=sys.stderr)
        if results.suggestion:
            print(f"Did you mean: {results.suggestion}?")
        print(f"Read as: {results.explanation}")
        print(_count_line(results.total, len(rows), results.query))
        for i, (row, hit) in enumerate(zip(rows, results.hits), 1):
            print(f"{i:>2}. {row['title']}\n    {row['file']} · {row['section']}")
            print(f"    {_marked(hit.snippet.text, hit.snippet.spans)}\n")
    engine.close()
    collection.close()
    return 0


def _count_line(total: int, shown: int, query: str) -> str:
    if total == 0:
        return f"No passage matches {query!r}."
    matches = "1 passage matches" if total == 1 else f"{total} passages match"
    return f"{matches} {query!r}" + (f"; the best {shown}:\n" if shown < total else ":\n")


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The snippet with matched words in [brackets], for a terminal."""
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    return "".join(out + [text[pos:]])


def cmd_options(args: argparse.Namespace) -> int:
    collection = open_for_reading()
    options = option_list(collection.db)
    if args.json:
        json.dump(
            [
                {
                    "id": o["id"],
                    "name": o["name"],
                    "plain_name": o["plain"],
                    "category": o["category"],
                    "synonyms": o["synonyms"],
                }
                for o in options
            ],
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        for o in options:
            print(f"{o['id']:<24} {o['name']}  ({o['plain']})")
    collection.close()
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    collection = open_for_reading()
    try:
        grid = build_grid(
            collection.db, args.ids, args.cancer, "patient" if args.patient else "clinician"
        )
    except KeyError as exc:
        print(f"clinic-reference: {exc.args[0]} (see `clinic-reference options`)", file=sys.stderr)
        return 2
    if args.json:
        json.dump(grid.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for column in grid.columns:
            name = column.option["plain" if args.patient else "name"]
            print(f"\n=== {name} ===")
            for row in grid.rows:
                cell = column.cells[row]
                print(f"\n  {grid.row_title(row)}")
                if cell.note:
                    print(f"    ! {cell.note}")
                if cell.empty:
                    print(f"    {NOTHING}")
                for st in cell.statements:
                    figures = "; ".join(f["text"] for f in st.figures)
                    lead = f"{st.lead_in} … " if st.lead_in else ""
                    print(
                        f"    - {lead}{st.text}" + (" [cut off in the saved copy]" if st.cut_off else "")
                    )
                    if st.arms:
                        print(
                            "      arms: "
                            + " vs ".join(
                                f"{a['label']} ({a['role']}"
                                + (f": {', '.join(a['figures'])}" if a["figures"] else "")
                                + ")"
                                for a in st.arms
                            )
                        )
                    print(
                        f"      [{st.design or 'design not stated'}"
                        + (f" · {st.size}" if st.size else "")
                        + "]"
                        + (f" [{st.review_label}]" if st.review_label else "")
                        + f" {st.source_name}, {st.section}"
                        f", characters {st.source_start}-{st.source_end}"
                        + (f"  figures: {figures}" if figures else "")
                    )
                    if st.source_status:
                        print("      the source says of itself: " + " · ".join(st.source_status))
            if grid.hidden_unreviewed:
                print(
                    f"\n  ({grid.hidden_unreviewed} statements from added documents are not "
                    "shown: no clinician has checked them yet.)"
                )
    collection.close()
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    collection = open_for_reading()
    bank = build_bank(collection.db)
    if args.json:
        json.dump([q.as_json() for q in bank], sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for topic, questions in grouped(bank).items():
            print(f"\n{topic.capitalize()}")
            for q in questions:
                source = "; ".join(s.file_name for s in q.sources) or "template"
                print(f"  {q.id}  {q.text}  [{source}]")
    collection.close()
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    sources = seed_files(args.seeds)
    out = args.out or paths.bundled_collection_dir()
    try:
        report = build_collection(sources, out, progress_bar)
    except EvidenceMapError as exc:
        print(f"\nclinic-reference: build stopped. {exc}", file=sys.stderr)
        return 2
    print(f"Built {out}: {len(report.added)} documents, {report.passages} passages.")
    for name, reason in report.failed:
        print(f"  failed: {name}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


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
    args = p.parse_args(argv)
    if args.command and (args.kiosk or args.startup_check or args.self_test or args.set_kiosk_pin):
        p.error("--kiosk, --set-kiosk-pin, --startup-check and --self-test go without a command")
    return args


def run_command(args: argparse.Namespace) -> int:
    """Run a command that needs no Qt (all but `handout`)."""
    return int(args.run(args))
