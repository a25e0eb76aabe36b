"""What each command does: open the collection, do it, print the outcome (see __init__ for
the command line itself)."""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys

import sqlite_utils

from search_index import paths
from search_index.collection import build_collection, seed_files
from search_index.library import Library, OpenCollection, plain_reason
from search_index.library.report import OUTCOMES
from search_index.opening import open_collection
from search_index.questions.bank import build_bank, grouped
from search_index.reading import ReadError
from search_index.reading.provenance import short_title
from search_index.treatments.comparison import NOTHING, StatementView, build_grid, option_list
from search_index.treatments.evidence_map import EvidenceMapError


def progress_bar(done: int, total: int, what: str, width: int = 30) -> None:
    filled = width * done // max(total, 1)
    end = "\n" if done >= total else ""
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what:<40}{end}")
    sys.stderr.flush()


def open_for_reading() -> OpenCollection:
    """The library for reading: no writer lock is taken, so a window or an import running
    meanwhile is not disturbed."""
    return _told(open_collection(progress=progress_bar, access="read"))


def _told(opened: OpenCollection) -> OpenCollection:
    for notice in opened.notices:
        print(notice, file=sys.stderr)
    return opened


def cmd_import(args: argparse.Namespace) -> int:
    with _told(open_collection(progress=progress_bar)) as opened:
        if opened.library is None:  # another process writes it, or it cannot be written
            print("clinic-reference: nothing was imported.", file=sys.stderr)
            return 3
        report = opened.library.import_paths(args.paths, progress_bar)
    if args.json:
        json.dump(
            {
                "files": report.files,  # found; each added, a duplicate, failed or not imported
                "counts": {what: report.count(what) for what in OUTCOMES},
                "cancelled": report.cancelled,
                "stopped": report.stopped,
                "added": [{"file": f, "title": t} for f, t in report.added],
                "duplicates": [{"file": f, "title": t, "why": w} for f, t, w in report.duplicates],
                "failed": [{"file": f, "reason": r} for f, r in report.failed],
                "folders": [{"folder": f, "reason": r} for f, r in report.folders],
            },
            sys.stdout,
            indent=2,
            ensure_ascii=False,
        )
        print()
    else:
        print(report.summary())
        for name, title, why in report.duplicates:
            print(f"  duplicate: {name}: {short_title(title)} ({why})")
        for name, reason in report.failed:
            print(f"  failed: {name}: {reason}")
        for name, reason in report.folders:
            print(f"  not looked into: {name}: {reason}")
    return 1 if report.failed or report.folders or report.stopped else 0


def cmd_library(args: argparse.Namespace) -> int:
    if not (args.hide or args.show or args.remove or args.reread or args.rebuild):
        with open_for_reading() as opened:  # only the list: a window may be writing
            _list_documents(opened.collection.db)
        return 0
    with _told(open_collection(progress=progress_bar)) as opened:
        if opened.library is None:
            print("clinic-reference: the library was not changed.", file=sys.stderr)
            return 3
        return _change_library(opened.library, args)


def _change_library(library: Library, args: argparse.Namespace) -> int:
    try:
        if args.hide or args.show:
            library.set_hidden(args.hide, True)
            library.set_hidden(args.show, False)
        if args.remove:
            print(f"Removed {library.remove(args.remove)} document(s).")
        for doc_id in args.reread:
            print(f"Re-read {doc_id}: {short_title(library.reread(doc_id).title)}")
        if args.rebuild:
            for problem in library.rebuild(progress_bar):
                print(f"  kept as it was: {problem}", file=sys.stderr)
        _list_documents(library.db)
    except ReadError as exc:
        print(f"clinic-reference: {exc}", file=sys.stderr)
        return 1
    except (OSError, sqlite3.Error) as exc:  # e.g. a full disk: each change was all or nothing
        print(
            f"clinic-reference: the library could not be changed: {plain_reason(exc)}", file=sys.stderr
        )
        return 1
    return 0


def _list_documents(db: sqlite_utils.Database) -> None:
    rows = db.query("SELECT id, kind, title, bundled, hidden FROM documents ORDER BY bundled DESC, id")
    for r in rows:
        where = "bundled" if r["bundled"] else "added"
        state = ", hidden" if r["hidden"] else ""
        print(f"{r['id']:<32} {where}{state:<8} {r['kind']:<10} {short_title(r['title'], 70)}")


def cmd_search(args: argparse.Namespace) -> int:
    with open_for_reading() as opened:
        results = opened.engine.search(args.query, limit=args.limit)
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
                "corrected_from": results.corrected_from,
                "absent": results.absent,
                "coverage": results.coverage,
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
        if results.corrected_from:
            print(f"Showing results for {results.query!r}; typed: {results.corrected_from!r}")
        elif results.suggestion:
            print(f"Did you mean: {results.suggestion}?")
        if results.explanation:
            print(f"Read as: {results.explanation}")
        if results.coverage:  # the collection's own words for what it does not hold
            print(results.coverage)
        print(_count_line(results.total, len(rows), results.query))
        for i, (row, hit) in enumerate(zip(rows, results.hits), 1):
            print(f"{i:>2}. {short_title(hit.title)}\n    {row['file']} · {row['section']}")
            print(f"    {_marked(hit.snippet.text, hit.snippet.spans)}\n")
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
    with open_for_reading() as opened:
        options = option_list(opened.collection.db)
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
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    audience = "patient" if args.patient else "clinician"
    with open_for_reading() as opened:
        try:
            grid = build_grid(opened.collection.db, args.ids, args.cancer, audience)
        except KeyError as exc:
            print(f"clinic-reference: {exc.args[0]} (see `clinic-reference options`)", file=sys.stderr)
            return 2
    if args.json:
        json.dump(grid.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        print()
        return 0
    for column in grid.columns:
        print(f"\n=== {column.option['plain' if args.patient else 'name']} ===")
        for row in grid.rows:
            cell = column.cells[row]
            print(f"\n  {grid.row_title(row)}")
            if cell.note:
                print(f"    ! {cell.note}")
            if cell.empty:
                print(f"    {NOTHING}")
            for st in cell.statements:
                _print_statement(st)
        if grid.hidden_unreviewed:
            print(
                f"\n  ({grid.hidden_unreviewed} statements from added documents are not "
                "shown: no clinician has checked them yet.)"
            )
    return 0


def _print_statement(st: StatementView) -> None:
    figures = "; ".join(f["text"] for f in st.figures)
    lead = f"{st.lead_in} … " if st.lead_in else ""
    print(f"    - {lead}{st.text}" + (" [cut off in the saved copy]" if st.cut_off else ""))
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
        f", characters {st.source_start}-{st.source_end}" + (f"  figures: {figures}" if figures else "")
    )
    if st.source_status:
        print("      the source says of itself: " + " · ".join(st.source_status))


def cmd_questions(args: argparse.Namespace) -> int:
    with open_for_reading() as opened:
        bank = build_bank(opened.collection.db)
    if args.json:
        json.dump([q.as_json() for q in bank], sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for topic, questions in grouped(bank).items():
            print(f"\n{topic.capitalize()}")
            for q in questions:
                source = "; ".join(s.file_name for s in q.sources) or "template"
                print(f"  {q.id}  {q.text}  [{source}]")
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
