"""Typed settings with their defaults in one place, over QSettings (an INI file in user data)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

from search_index.paths import user_data_dir

if TYPE_CHECKING:
    from desktop.kiosk import MemoryStore

T = TypeVar("T")


def open_settings(*, create: bool = True) -> QSettings:
    """One INI file in the user data folder, so CLINIC_REFERENCE_HOME moves settings too
    (`create=False`: the folder is not made; reading then writes nothing)."""
    return QSettings(str(user_data_dir(create=create) / "settings.ini"), QSettings.Format.IniFormat)


class Setting(Generic[T]):
    """One setting: its key, its default, and the type its stored text is read back as."""

    def __init__(self, key: str, default: T, kind: type = str, doc: str = "") -> None:
        self.key, self.default, self.kind, self.__doc__ = key, default, kind, doc

    def __get__(self, settings: Settings | None, owner: type) -> Any:
        if settings is None:
            return self
        value = settings.store.value(self.key, self.default)
        if self.kind is QByteArray:
            return value if isinstance(value, QByteArray) and not value.isEmpty() else None
        return self.kind(value)

    def __set__(self, settings: Settings, value: T) -> None:
        settings.store.setValue(self.key, value)


class Settings:
    """The app's settings; each names its key and default below."""

    window_geometry = Setting[QByteArray | None]("window/geometry", None, QByteArray)
    # The key names the layout: a saved state of another set of panes is not restored into this.
    splitter_state = Setting[QByteArray | None]("window/splitter-search-document", None, QByteArray)
    search_delay_ms = Setting(
        "search/delay_ms", 150, int, "Debounce between a keystroke and the search it triggers."
    )
    theme = Setting(
        "view/theme",
        "auto",
        str,
        "auto (follows the system's light or dark mode), light, dark or high-contrast.",
    )
    zoom = Setting("view/zoom", 1.0, float)
    audience = Setting(
        "view/audience", "clinician", str, "Whose words the app uses: clinician or patient."
    )
    clinic_name = Setting("handout/clinic", "", str, "Printed at the top of handouts.")
    import_folder = Setting(
        "import/folder", "", str, "Where files were last imported from; import dialogs start there."
    )
    pdf_folder = Setting(
        "export/folder",
        "",
        str,
        "Where the last PDF was saved; save dialogs start there (else Documents).",
    )
    paper = Setting(
        "export/paper", "", str, "A4 or Letter, as last chosen; at first, what the system's locale uses."
    )
    kiosk_idle_s = Setting(
        "kiosk/idle_seconds", 180, int, "Seconds without input before the kiosk counts down to a reset."
    )
    kiosk_countdown_s = Setting(
        "kiosk/countdown_seconds", 20, int, "Seconds of visible countdown before the reset."
    )
    kiosk_pin_hash = Setting("kiosk/pin", "", str, "Salted hash of the clinician's PIN.")

    HISTORY_SIZE = 20

    def __init__(self, store: QSettings | MemoryStore | None = None) -> None:
        self.store = store or open_settings()

    # -- history: searches and opened documents (cleared in kiosk mode) ----------------------

    def _list(self, key: str) -> list[str]:
        value = self.store.value(key, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            return [value]
        return [str(v) for v in value] if isinstance(value, list | tuple) else []

    def _push(self, key: str, item: str) -> None:
        items = [item] + [i for i in self._list(key) if i != item]
        self.store.setValue(key, items[: self.HISTORY_SIZE])

    @property
    def search_history(self) -> list[str]:
        return self._list("history/searches")

    def remember_search(self, query: str) -> None:
        self._push("history/searches", query)

    @property
    def recent_documents(self) -> list[str]:
        return self._list("history/documents")

    def remember_document(self, doc_id: str) -> None:
        self._push("history/documents", doc_id)

    def clear_history(self) -> None:
        self.store.remove("history")

    def sync(self) -> None:
        self.store.sync()
