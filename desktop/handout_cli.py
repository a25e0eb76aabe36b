"""`clinic-reference handout`: the question list as a PDF, from the command line."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtWidgets import QApplication

from desktop.handout import HandoutOptions, compose, reading_level, write_handout_pdf
from search_index.cli.commands import open_for_reading
from search_index.questions.bank import build_bank
from search_index.questions.lists import ListItem


def cmd_handout(args: argparse.Namespace) -> int:
    """The one command that needs Qt (to lay out pages); headless where there is no screen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # read when the QApplication starts
    with open_for_reading() as opened:
        bank = {q.id: q for q in build_bank(opened.collection.db)}
    unknown = [i for i in [*args.ids, *args.top] if i not in bank]
    if unknown:
        print(
            f"clinic-reference: unknown question id(s): {', '.join(unknown)} "
            "(see `clinic-reference questions`)",
            file=sys.stderr,
        )
        return 2
    items = [ListItem(bank[i].text, i, i in args.top) for i in args.ids]
    items += [ListItem(text) for text in args.ask]
    if not items:
        print("clinic-reference: no questions given", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([])  # noqa: F841 (fonts and printing need it)
    options = HandoutOptions(clinic=args.clinic, large_print=args.large_print, page=args.page)
    handout = compose(items, bank)
    try:
        pages = write_handout_pdf(args.pdf, handout, options)
    except OSError as exc:
        print(f"clinic-reference: {exc}", file=sys.stderr)
        return 1
    print(
        f"Wrote {args.pdf}: {len(items)} question(s) on {pages} page(s). "
        f"{reading_level(handout.grade())}"
    )
    return 0
