"""The command line and the window keep the user's data in one folder: Qt's, for both."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Mostly child processes: a whole run runs this module beside the rest (conftest.py).
pytestmark = pytest.mark.beside


def test_a_command_line_import_lands_in_the_folder_the_window_opens(tmp_path: Path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CLINIC_REFERENCE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME")
    }
    env["HOME"] = str(tmp_path / "home")
    note = tmp_path / "note.md"
    note.write_text(
        "# Cryoablation of small liver metastases\n\nFreezing destroys the tumour.\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "desktop.main", "import", str(note)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    # Where the window keeps its library: asked of Qt, in a process of its own.
    ask = (
        "from desktop.app import name_application; from search_index import paths; "
        "name_application(); print(paths.user_data_dir())"
    )
    folder = subprocess.run(
        [sys.executable, "-c", ask], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert folder.startswith(env["HOME"])
    found = subprocess.run(
        [sys.executable, "-m", "desktop.main", "search", "cryoablation"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Cryoablation of small liver metastases" in found.stdout
    assert (Path(folder) / "library").is_dir()
    assert not (Path(env["HOME"]) / ".local/share/clinic-reference").exists()
