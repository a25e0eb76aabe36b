"""Entry point of `clinic-reference`: a command runs headless; no command opens the window."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from search_index.cli import parse, run_command

    args = parse(argv)  # --help, --version and mistakes end here, before any Qt
    if args.command is None:
        from desktop.app import run  # Qt is imported only when a window is wanted

        return run(args)
    try:
        if args.command == "handout":  # the one command that lays out pages with Qt
            from desktop.handout_cli import cmd_handout

            return cmd_handout(args)
        return run_command(args)
    except BrokenPipeError:  # `… | head` stopped reading: not an error worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # for the final flush
        return 1


if __name__ == "__main__":
    sys.exit(main())
