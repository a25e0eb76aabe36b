"""The command line: search (text and JSON), build with progress."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import (
    ABLATION_PAGE,
    SYNTHETIC_MEDLINE,
    medline_records,
    run_cli,
    seed,
    seed_documents,
    write,
)

from desktop.main import main
from search_index.collection import Collection

# Mostly child processes: a whole run runs this module beside the rest (conftest.py).
pytestmark = pytest.mark.beside


def test_search_prints_file_title_section_and_snippet():
    out = run_cli("search", "FOLFOX", "--limit", "1")
    assert out.returncode == 0, out.stderr
    assert seed("FOLFOX").file_name in out.stdout
    assert "What are the treatment options" in out.stdout
    assert "[FOLFOX]" in out.stdout  # the matched word is marked


def test_search_json_has_the_same_fields_and_respects_the_limit():
    out = run_cli("search", "liver metastases immunotherapy", "--json", "--limit", "3")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"] == "liver metastases immunotherapy"
    assert data["total"] > 3 and len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) >= {"file", "title", "section", "snippet", "score", "highlights"}
    s, e = first["highlights"][0]
    assert first["snippet"][s:e].lower() in {"liver", "metastases", "immunotherapy"}


def test_search_command_never_loads_qt():
    code = (
        "import sys; from desktop.main import main; main(['search', 'ablation']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr


def test_build_writes_a_collection_with_a_progress_bar(tmp_path, capsys):
    target = tmp_path / "built"
    assert main(["build", "--out", str(target)]) == 0
    captured = capsys.readouterr()
    assert "Built" in captured.out and "5 documents" in captured.out
    assert "[####" in captured.err and "Indexing passages" in captured.err
    c = Collection(target)
    assert len(c.documents()) == 5
    c.close()


def test_build_reports_a_broken_seed_and_exits_non_zero(tmp_path, capsys):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "empty.txt").write_text("")
    assert main(["build", "--seeds", str(seeds), "--out", str(tmp_path / "out")]) == 1
    assert "empty.txt: the file is empty" in capsys.readouterr().err


def test_import_reports_each_file_then_search_and_library_see_the_documents(tmp_path):
    (tmp_path / "export.nbib").write_text(SYNTHETIC_MEDLINE)
    (tmp_path / "empty.txt").write_text("")
    run_cli("library")  # the library is made inside tmp_path (the test's home) ...
    out = run_cli("import", str(tmp_path), "--json")  # ... and is not imported into itself
    assert out.returncode == 1  # one file failed
    report = json.loads(out.stdout)
    assert [a["title"][:9] for a in report["added"]] == ["Microwave", "Hepatic a"]
    assert report["failed"] == [{"file": "empty.txt", "reason": "the file is empty"}]
    assert "[#" in out.stderr  # the progress bar
    again = run_cli("import", str(tmp_path / "export.nbib"))
    assert "0 added, 2 skipped as duplicates" in again.stdout
    found = run_cli("search", "microwave hepatectomy", "--limit", "1")
    assert "export.nbib" in found.stdout
    listed = run_cli("library", "--hide", "pmid-90000101")
    assert listed.returncode == 0
    assert any(
        line.startswith("pmid-90000101") and "hidden" in line for line in listed.stdout.splitlines()
    )


def test_an_import_report_counts_each_file_found_once_and_folders_apart(tmp_path):
    tree = tmp_path / "tree"
    (tree / "sub" / "a").mkdir(parents=True)
    (tree / "sub" / "a" / "loop").symlink_to("../..")
    write(tree, "sub/a/note.md", ABLATION_PAGE)
    broken = "\n\nPMID- 95200009\nthis line is not MEDLINE\n"
    write(tree, "export.nbib", medline_records(95200000, 2) + broken)
    write(tree, "export_copy.nbib", medline_records(95200000, 1))  # read after export.nbib
    (tree / "dangling.md").symlink_to("nowhere.md")
    write(tree, "empty.txt", "")
    out = run_cli("import", str(tree))
    # 5 files found: export_copy.nbib (its one record is export.nbib's first) a
    # duplicate; export.nbib (2 records in, 1 broken) and sub/a/note.md added; dangling.md and
    # empty.txt failed. 6 documents: 3 added, 1 duplicate, 3 failed. sub/a/loop not followed.
    lines = out.stdout.splitlines()
    assert lines[0] == (
        "5 files found: 2 added, 1 skipped as a duplicate, 2 failed; of the documents in them, "
        "3 added, 1 skipped as a duplicate, 3 failed. 1 folder not looked into"
    )
    assert "  failed: dangling.md: it is a link to “nowhere.md”, which does not exist" in lines
    assert any(line.startswith("  not looked into: sub/a/loop/: a link to the folder") for line in lines)
    assert out.returncode == 1


def test_help_lists_every_command_and_the_window_options():
    out = run_cli("--help")
    assert out.returncode == 0, out.stderr
    for command in (
        "search",
        "options",
        "compare",
        "questions",
        "handout",
        "import",
        "library",
        "build",
        "--kiosk",
        "--version",
    ):
        assert command in out.stdout


def test_a_mistyped_command_or_version_never_opens_the_window():
    """No display at all: a window would abort (Qt's plugin error, exit 134) or hang."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # the platform that needs a display, as on a desktop
    for argv, code in (
        (["serch", "ablation"], 2),
        (["--kiosk", "search", "x"], 2),
        (["--nonsense"], 2),
        (["--version"], 0),
    ):
        out = subprocess.run(
            [sys.executable, "-m", "desktop.main", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert out.returncode == code, (argv, out.stderr)
        assert "qt.qpa" not in out.stderr and "PySide6" not in out.stderr
    assert "usage: clinic-reference" in out.stderr or out.stdout.startswith("clinic-reference ")


def test_version_names_the_installed_version():
    from importlib.metadata import version

    out = run_cli("--version")
    assert out.stdout.strip() == f"clinic-reference {version('clinic-reference')}"


def test_counts_are_worded_for_one_none_and_many():
    one = run_cli("search", "TACE")  # one passage of the seeds names it
    assert "1 passage matches" in one.stdout and "1 passages" not in one.stdout
    none = run_cli("search", "xyzzyq")
    assert "No passage matches 'xyzzyq'." in none.stdout and "top 0" not in none.stdout
    many = run_cli("search", "liver", "--limit", "2")
    assert "passages match 'liver'; the best 2:" in many.stdout


def test_search_says_what_the_collection_lacks_and_which_spelling_it_searched():
    # the examples: no seed mentions margins or radioembolisation (read in seeds/)
    margin = run_cli("search", "CRLM resection margin")
    assert "Nothing in the collection mentions “margin”." in margin.stdout
    absent = run_cli("search", "radioembolisation", "--json")
    data = json.loads(absent.stdout)
    assert data["total"] == 0 and data["absent"] == ["radioembolisation"]
    assert data["coverage"] == "The collection does not cover “radioembolisation”."
    typo = run_cli("search", "chemoimunotherapy", "--limit", "1")
    assert "Showing results for 'chemoimmunotherapy'; typed: 'chemoimunotherapy'" in typo.stdout
    assert "[chemoimmunotherapy]" in typo.stdout.lower()


def test_a_word_left_out_with_a_dash_is_query_syntax_not_an_option():
    for argv in (["liver", "-metastases"], ["-hepatectomy", "liver", "--limit", "2"]):
        out = run_cli("search", *argv, "--json")
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        left_out = argv[1] if argv[0] == "liver" else argv[0]
        assert data["query"] == " ".join(a for a in argv if not a.startswith("--") and a != "2")
        assert f"NOT {left_out[1:]}" in data["read_as"]
        assert all(left_out[1:-2] not in r["snippet"].lower() for r in data["results"])
    assert run_cli("options", "--bogus").returncode == 2  # other commands still refuse


def test_reading_commands_say_nothing_of_another_window_holding_the_library():
    from search_index.opening import open_collection

    opened = open_collection()  # as the app's window does: it holds the library for writing
    try:
        for argv in (
            ["search", "ablation"],
            ["options"],
            ["questions"],
            ["compare", "resection", "ablation"],
        ):
            out = run_cli(*argv)
            assert out.returncode == 0, out.stderr
            assert "Another Clinic Reference window" not in out.stderr, argv
        busy = run_cli("import", "nothing-here.txt")  # a writer is told, and that it did nothing
        assert busy.returncode == 3 and "Another Clinic Reference window" in busy.stderr
        assert "nothing was imported" in busy.stderr
    finally:
        if opened.library is not None:
            opened.library.close()
        opened.collection.close()


def test_a_reader_that_stops_reading_gets_no_traceback():
    """`clinic-reference compare … --json | head`: the pipe is closed before the output."""
    process = subprocess.Popen(
        [sys.executable, "-m", "desktop.main", "compare", "resection", "ablation", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    process.stdout.close()  # like `head` once it has its lines
    err = process.stderr.read().decode()
    process.wait(timeout=120)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err


def test_a_limit_that_is_not_a_count_of_results_is_a_usage_error():
    for limit in ("0", "-1", "ten"):
        done = run_cli("search", "liver", f"--limit={limit}")
        assert done.returncode == 2 and "1 or more" in done.stderr and "Traceback" not in done.stderr


def test_the_window_without_a_display_says_so_instead_of_aborting():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    out = subprocess.run(
        [sys.executable, "-m", "desktop.main"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 1 and "needs a screen" in out.stderr


def test_a_file_name_that_is_not_text_fails_nothing_and_is_read_again(tmp_path):
    # A name's bytes need not be UTF-8 on Linux: such a file is imported like any other, named
    # with U+FFFD where its bytes are not text, and found again on disk to be re-read.
    folder = tmp_path / "notes"
    folder.mkdir()
    Path(os.fsdecode(bytes(folder) + b"/bad\xffname.txt")).write_text(
        "Bad name note\n\nLiver metastases, with the word zorvexiq.\n"
    )
    (folder / "good.txt").write_text("Good note\n\nLiver metastases, with the word plimtavo.\n")
    out = run_cli("import", str(folder), "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert sorted((a["file"], a["title"]) for a in report["added"]) == [
        ("bad\ufffdname.txt", "Bad name note"),
        ("good.txt", "Good note"),
    ]
    assert "bad\ufffdname.txt" in run_cli("search", "zorvexiq").stdout
    again = run_cli("library", "--reread", "bad\ufffdname")
    assert again.returncode == 0 and "Re-read bad\ufffdname: Bad name note" in again.stdout


def test_a_title_with_terminal_commands_reaches_the_terminal_as_text(tmp_path):
    # ESC starts the terminal's own commands (clear the screen, colour, the window's title); a
    # document's text must not give them.
    evil = "Evil \x1b[2J\x1b[31mRED\x1b]0;taken\x07 title"
    (tmp_path / "evil.txt").write_text(f"{evil}\n\nLiver metastases, with the word quenbrad.\n")
    assert run_cli("import", str(tmp_path / "evil.txt")).returncode == 0
    for args in (("library",), ("search", "quenbrad")):
        shown = run_cli(*args)
        assert shown.returncode == 0 and "RED" in shown.stdout
        assert not set(shown.stdout + shown.stderr) & {"\x1b", "\x07", "\x9b"}, args


def test_the_library_is_listed_while_a_window_changes_it(user_home):
    from search_index.opening import open_collection

    writer = open_collection()  # as a clinician window holds it, writing
    assert writer.library is not None
    try:
        listed = run_cli("library")
    finally:
        writer.close()
    assert listed.returncode == 0, listed.stderr  # (3 before: "the library was not changed")
    assert sum(" bundled " in line for line in listed.stdout.splitlines()) == len(seed_documents())
