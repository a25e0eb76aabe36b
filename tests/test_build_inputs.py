"""One list of what a collection is built from, read by the Makefile and by the staleness check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from search_index import paths
from search_index.build_inputs import build_inputs
from search_index.collection import build_collection, seed_files

ROOT = paths.app_root()


def test_the_makefile_rebuilds_on_exactly_the_listed_inputs():
    out = subprocess.run(
        [
            "make",
            "-s",
            "--no-print-directory",
            f"PYTHON={sys.executable}",
            "--eval=print-build-inputs: ; @printf '%s\\n' $(BUILD_INPUTS)",
            "print-build-inputs",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    listed = {str(p.relative_to(ROOT)) for p in build_inputs(ROOT)}
    seeds = {str(p.relative_to(ROOT)) for p in seed_files()}
    assert set(out) == listed | seeds


def test_every_core_module_a_build_runs_is_an_input(tmp_path: Path):
    # The oracle is the interpreter: whatever code of the core a build imports must count.
    script = (
        "import sys; from pathlib import Path\n"
        "from search_index.collection import build_collection, seed_files\n"
        f"build_collection(seed_files(), Path({str(tmp_path / 'c')!r}))\n"
        "print('\\n'.join(m.__file__ for m in list(sys.modules.values())\n"
        "                 if getattr(m, '__file__', None) and m.__name__.startswith('search_index')))\n"
    )
    used = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    inputs = {p.resolve() for p in build_inputs(ROOT)}
    assert used and {Path(u).resolve() for u in used} <= inputs


def test_a_built_collection_records_the_fingerprint_the_app_checks(tmp_path: Path):
    from search_index.collection import is_current

    build_collection(seed_files(), tmp_path / "c")
    assert is_current(tmp_path / "c", seed_files())
    assert not is_current(tmp_path / "c", seed_files()[:-1])
