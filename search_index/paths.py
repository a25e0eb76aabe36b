"""Every path the app uses, in one place.

Bundled data (resources, seeds, the prebuilt collection) is found relative to the code, the same
from a source checkout and from a PyInstaller bundle (sys._MEIPASS). User data lives in
CLINIC_REFERENCE_HOME when set, else in the folder the desktop layer registers (Qt's
QStandardPaths.AppDataLocation), else in the platform's usual place.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

APP_NAME = "clinic-reference"
# Qt's standard paths put an application's data under its organisation's folder; the command
# line, which loads no Qt, must find the same folder as the window (a test asks Qt).
ORGANIZATION = "Clinic Reference"
_user_default: Path | None = None


def app_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return app_root() / "resources"


def seeds_dir() -> Path:
    return app_root() / "seeds"


def bundled_collection_dir() -> Path:
    """The prebuilt store and index shipped with the app (read-only once installed)."""
    override = os.environ.get("CLINIC_REFERENCE_COLLECTION")
    return Path(override) if override else app_root() / "build" / "collection"


def set_default_user_dir(path: Path) -> None:
    """Called by the desktop layer with QStandardPaths' location, so core and UI agree."""
    global _user_default
    _user_default = path


def user_data_dir(*, create: bool = True) -> Path:
    """The user's folder; `create=False` for a process that must write nothing (the kiosk)."""
    env = os.environ.get("CLINIC_REFERENCE_HOME")
    if env:
        path = Path(env)
    elif _user_default is not None:
        path = _user_default
    elif sys.platform == "win32":
        path = Path(os.environ.get("APPDATA", Path.home())) / ORGANIZATION / APP_NAME
    elif sys.platform == "darwin":
        path = Path.home() / "Library" / "Application Support" / ORGANIZATION / APP_NAME
    else:
        data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
        path = Path(data) / ORGANIZATION / APP_NAME
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def readable(name: str) -> str:
    """A file name as text. Bytes of a name that are not UTF-8 reach Python as lone surrogates,
    which neither SQLite nor a screen takes: they are shown as U+FFFD instead."""
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a surrogate no byte stands for
        return name.encode("utf-8", "replace").decode("utf-8")


def stored_path(path: Path) -> str:
    """A path as the store keeps it: as it is, or as a file: URI when its bytes are not UTF-8
    (the URI keeps every byte, so the file is found again to be re-read)."""
    text = str(path)
    return text if readable(text) == text else path.as_uri()


def path_from_stored(text: str) -> Path:
    if text.startswith("file://"):
        return Path(os.fsdecode(urllib.parse.unquote_to_bytes(text[len("file://") :])))
    return Path(text)
