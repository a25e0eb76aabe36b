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


def test_importing_every_core_module_loads_no_qt():
    modules = [".".join(p.relative_to(CORE.parent).with_suffix("").parts) for p in CORE.rglob("*.py")]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "assert not [m for m in sys.modules if m.startswith('PySide6')]"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_cores_layer_contracts_hold():
    # import-linter reads the contracts from pyproject.toml: lower layers never import higher ones.
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=CORE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_the_core_type_checks():
    # mypy reads its settings ([tool.mypy]: all of search_index/) from pyproject.toml.
    result = subprocess.run(
        [str(Path(sys.executable).with_name("mypy")), "--no-incremental", "--cache-dir", "/dev/null"],
        cwd=CORE.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.startswith("Success: no issues found")


def test_the_code_is_linted_and_formatted():
    ruff = str(Path(sys.executable).with_name("ruff"))
    folders = ["search_index", "desktop", "tests", "bench", "docs"]
    for command in ([ruff, "check", *folders], [ruff, "format", "--check", *folders]):
        result = subprocess.run(command, cwd=CORE.parent, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stdout[-3000:]


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
