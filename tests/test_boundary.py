"""The core stays free of Qt: enforced, not just agreed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "search_index"


def imported(path: Path) -> list[str]:
    """The modules a Python file imports, anywhere in it."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names.append(node.module or "")
    return names


def test_no_core_module_imports_qt_or_the_desktop_layer():
    for path in CORE.rglob("*.py"):
        for name in imported(path):
            assert not name.startswith(("PySide6", "PyQt", "shiboken", "desktop")), (
                f"{path.name} imports {name}"
            )


def test_only_the_whoosh_adapter_imports_whoosh():
    importing = {
        path.relative_to(CORE).parts[0]
        for path in CORE.rglob("*.py")
        if any(n == "whoosh" or n.startswith("whoosh.") for n in imported(path))
    }
    assert importing == {"whoosh_adapter"}


def test_importing_every_core_module_loads_no_qt():
    modules = [".".join(p.relative_to(CORE.parent).with_suffix("").parts) for p in CORE.rglob("*.py")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


FOLDERS = ["search_index", "desktop", "tests", "bench", "docs"]
# The checks that run as commands, each reading its settings from pyproject.toml: import-linter's
# layer contracts (lower layers never import higher ones), mypy over search_index/ and desktop/, ruff.
COMMANDS = {
    "contracts": ["lint-imports", "--no-cache"],
    "types": ["mypy", "--no-incremental", "--cache-dir", "/dev/null"],
    "lint": ["ruff", "check", *FOLDERS],
    "format": ["ruff", "format", "--check", *FOLDERS],
}
_running: dict[str, subprocess.Popen[str]] = {}


def _start(name: str) -> subprocess.Popen[str]:
    tool, *args = COMMANDS[name]
    return subprocess.Popen(
        [str(Path(sys.executable).with_name(tool)), *args],
        cwd=CORE.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def start_in_background(items: list) -> None:
    """Called once the tests are collected (conftest.py): the commands run while this process
    runs the other tests."""
    for name in COMMANDS:
        _running[name] = _start(name)


def _finished(name: str) -> tuple[int, str]:
    process = _running.pop(name, None) or _start(name)
    out, _ = process.communicate()
    return process.returncode, out


def test_the_cores_layer_contracts_hold():
    code, out = _finished("contracts")
    assert code == 0, out[-3000:]
    assert "0 broken" in out


def test_the_core_and_the_desktop_app_type_check():
    code, out = _finished("types")
    assert code == 0, out[-3000:]
    assert out.startswith("Success: no issues found")


def test_the_code_is_linted_and_formatted():
    for name in ("lint", "format"):
        code, out = _finished(name)
        assert code == 0, out[-3000:]


def test_test_modules_share_helpers_only_through_helpers_py():
    # A helper imported from another test module ties the two modules together (and runs that
    # module's imports); conftest.py is pytest's, for fixtures.
    crossing = {}
    for path in sorted(Path(__file__).parent.glob("*.py")):
        names = [
            n
            for n in imported(path)
            if any(part.startswith("test_") or part == "conftest" for part in n.split("."))
        ]
        if names:
            crossing[path.name] = names
    assert crossing == {}


MAX_MODULE_LINES, MAX_FUNCTION_LINES = 400, 60


def test_no_module_or_function_grows_past_what_a_reader_takes_in():
    # Modules over 400 lines and functions over 60 were split (issue 15); this keeps them so.
    too_long = []
    for folder in FOLDERS:
        for path in sorted((CORE.parent / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            name = path.relative_to(CORE.parent)
            if text.count("\n") > MAX_MODULE_LINES:
                too_long.append(f"{name}: {text.count(chr(10))} lines")
            for node in ast.walk(ast.parse(text)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = (node.end_lineno or node.lineno) - node.lineno + 1
                    if length > MAX_FUNCTION_LINES:
                        too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []
