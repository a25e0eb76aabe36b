"""The waiting-room kiosk: it starts only with a PIN, locks out PIN guessing, and keeps nothing
of a patient (through the real entry point in child processes, and the real window)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from desktop.kiosk import NO_PIN, verify_pin
from search_index import paths


def child_env(home: Path, collection_dir: Path) -> dict[str, str]:
    return {**os.environ, "CLINIC_REFERENCE_HOME": str(home),
            "CLINIC_REFERENCE_COLLECTION": str(collection_dir), "QT_QPA_PLATFORM": "offscreen"}


def entry_point(*args: str, env: dict[str, str], cwd: Path,
                stdin: str = "") -> subprocess.CompletedProcess:
    """`clinic-reference ARGS…` as a user runs it (python -m of the installed entry point)."""
    return subprocess.run([sys.executable, "-m", "desktop.main", *args], input=stdin, env=env,
                          cwd=cwd, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("stored", ["", "not-a-hash", "abcd$1234"])
def test_the_kiosk_refuses_to_start_without_a_pin(tmp_path, collection_dir, stored):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    if stored:  # a PIN entry mangled by hand is as good as none: no PIN could match it
        home.mkdir()
        QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat).setValue(
            "kiosk/pin", stored)
    before = sorted(p.name for p in home.glob("*")) if home.exists() else None
    done = entry_point("--kiosk", env=child_env(home, collection_dir), cwd=cwd)
    assert done.returncode == 1
    assert NO_PIN in done.stderr and "File → Set the kiosk PIN" in done.stderr
    assert "--set-kiosk-pin" in done.stderr
    # no window was left open (the process ended) and nothing was written on the way
    assert list(cwd.iterdir()) == []
    assert (sorted(p.name for p in home.glob("*")) if home.exists() else None) == before


def test_a_pin_set_from_the_command_line_opens_the_kiosk_gate(tmp_path, collection_dir):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    env = child_env(home, collection_dir)
    differ = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="2468\n2469\n")
    assert differ.returncode == 1 and "differ" in differ.stderr
    short = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="12\n12\n")
    assert short.returncode == 1 and "4 digits or more" in short.stderr
    assert not (home / "settings.ini").exists()
    done = entry_point("--set-kiosk-pin", env=env, cwd=cwd, stdin="2468\n2468\n")
    assert done.returncode == 0, done.stderr
    stored = QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat).value("kiosk/pin")
    assert "2468" not in stored and verify_pin("2468", stored) and not verify_pin("2469", stored)
    assert list(cwd.iterdir()) == []


def test_the_user_folder_is_only_made_when_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("CLINIC_REFERENCE_HOME", str(tmp_path / "fresh"))
    assert not paths.user_data_dir(create=False).exists()
    assert paths.user_data_dir().is_dir()
