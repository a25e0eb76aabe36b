"""The command line: `clinic-reference search|build|options|compare|questions|handout`.

Headless. Only `handout` loads Qt (to lay out the PDF), and only when it runs.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from search_index import paths
from search_index.collection import build_collection, open_default, seed_files
from search_index.questions.bank import build_bank, grouped
from search_index.treatments.comparison import NOTHING, build_grid, option_list


def add_commands(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("search", help="print the top results for a query")
    s.add_argument("query")
    s.add_argument("--limit", type=int, default=10, help="how many results (default 10)")
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
    h.add_argument("--ask", action="append", default=[], metavar="TEXT",
                   help="a question of your own (may be given more than once)")
    h.add_argument("--top", action="append", default=[], metavar="QUESTION_ID",
                   help="mark as one of the top three (printed first)")
    h.add_argument("--clinic", default="", help="clinic name for the top of the page")
    h.set_defaults(run=None)  # runs in desktop.handout_cli: the PDF is laid out with Qt
    b = sub.add_parser("build", help="rebuild the store and the index from the seeds")
    b.add_argument("--out", type=Path, default=None,
                   help="collection folder (default: the bundled collection folder)")
    b.add_argument("--seeds", type=Path, default=None, help="source folder (default: seeds/)")
    b.set_defaults(run=cmd_build)


def progress_bar(done: int, total: int, what: str, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what:<40}{end}")
    sys.stderr.flush()


def cmd_search(args: argparse.Namespace) -> int:
    collection = open_default(progress_bar)
    engine = collection.search_engine()
    results = engine.search(args.query, limit=args.limit)
    rows = [{"file": h.file_name, "title": h.title, "section": h.section,
             "snippet": h.snippet.text, "score": round(h.score, 4), "related": h.related,
             "highlights": [list(s) for s in h.snippet.spans]} for h in results.hits]
    if args.json:
        json.dump({"query": results.query, "total": results.total, "notice": results.notice,
                   "read_as": results.explanation, "did_you_mean": results.suggestion,
                   "results": rows}, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        if results.notice:
            print(results.notice, file=sys.stderr)
        if results.suggestion:
            print(f"Did you mean: {results.suggestion}?")
        print(f"Read as: {results.explanation}")
        print(f"{results.total} passages match {results.query!r}; top {len(rows)}:\n")
        for i, (row, hit) in enumerate(zip(rows, results.hits), 1):
            print(f"{i:>2}. {row['title']}\n    {row['file']} · {row['section']}")
            print(f"    {_marked(hit.snippet.text, hit.snippet.spans)}\n")
    engine.close()
    collection.close()
    return 0


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The snippet with matched words in [brackets], for a terminal."""
    out, pos = [], 0
    for s, e in spans:
        out += [text[pos:s], "[", text[s:e], "]"]
        pos = e
    return "".join(out + [text[pos:]])


def cmd_options(args: argparse.Namespace) -> int:
    collection = open_default(progress_bar)
    options = option_list(collection.db)
    if args.json:
        json.dump([{"id": o["id"], "name": o["name"], "plain_name": o["plain"],
                    "category": o["category"], "synonyms": o["synonyms"]} for o in options],
                  sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for o in options:
            print(f"{o['id']:<24} {o['name']}  ({o['plain']})")
    collection.close()
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    collection = open_default(progress_bar)
    try:
        grid = build_grid(collection.db, args.ids, args.cancer,
                          "patient" if args.patient else "clinician")
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
                    print(f"    - {st.text}")
                    print(f"      [{st.design or 'design not stated'}] {st.file_name}, {st.section}"
                          f", characters {st.source_start}-{st.source_end}"
                          + (f"  figures: {figures}" if figures else ""))
    collection.close()
    return 0


def cmd_questions(args: argparse.Namespace) -> int:
    collection = open_default(progress_bar)
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
    report = build_collection(sources, out, progress_bar)
    print(f"Built {out}: {len(report.added)} documents, {report.passages} passages.")
    for name, reason in report.failed:
        print(f"  failed: {name}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def parse(argv: list[str]) -> argparse.Namespace | None:
    """The parsed command line, or None when `argv` names no command."""
    parser = argparse.ArgumentParser(prog="clinic-reference",
                                     description="Offline reference on treating liver metastases.")
    sub = parser.add_subparsers(dest="command")
    add_commands(sub)
    if not argv or argv[0] not in sub.choices:
        return None
    return parser.parse_args(argv)


def headless_main(argv: list[str]) -> int | None:
    """Run a command if `argv` names one that needs no Qt; None otherwise."""
    args = parse(argv)
    if args is None or args.run is None:
        return None
    return int(args.run(args))
