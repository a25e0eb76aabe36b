"""Entry point of `clinic-reference`: a command runs headless; no command opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from search_index.cli import headless_main, parse

    code = headless_main(argv)
    if code is not None:
        return code
    if argv and argv[0] == "handout":  # the one command that lays out pages with Qt
        from desktop.handout_cli import cmd_handout

        return cmd_handout(parse(argv))
    from desktop.app import run  # Qt is imported only when a window is wanted

    return run(argv)


if __name__ == "__main__":
    sys.exit(main())
