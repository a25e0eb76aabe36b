"""Typed settings with their defaults in one place, over QSettings (an INI file in user data)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings

from search_index.paths import user_data_dir

if TYPE_CHECKING:
    from desktop.kiosk import MemoryStore


def open_settings() -> QSettings:
    """One INI file in the user data folder, so CLINIC_REFERENCE_HOME moves settings too."""
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


class Settings:
    """The app's settings. Each property names its key and default."""

    def __init__(self, store: QSettings | MemoryStore | None = None) -> None:
        self.store = store or open_settings()

    def _bytes(self, key: str) -> QByteArray | None:
        value = self.store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    @property
    def window_geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    @window_geometry.setter
    def window_geometry(self, value: QByteArray) -> None:
        self.store.setValue("window/geometry", value)

    # The key names the layout: a saved state of another set of panes is not restored into this.
    SPLITTER_KEY = "window/splitter-filters-results-document"

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes(self.SPLITTER_KEY)

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.store.setValue(self.SPLITTER_KEY, value)

    @property
    def search_delay_ms(self) -> int:
        """Debounce between a keystroke and the search it triggers."""
        return int(self.store.value("search/delay_ms", 150))

    @property
    def theme(self) -> str:
        """auto (follows the system's light or dark mode), light, dark or high-contrast."""
        return str(self.store.value("view/theme", "auto"))

    @theme.setter
    def theme(self, value: str) -> None:
        self.store.setValue("view/theme", value)

    @property
    def zoom(self) -> float:
        return float(self.store.value("view/zoom", 1.0))

    @zoom.setter
    def zoom(self, value: float) -> None:
        self.store.setValue("view/zoom", value)

    @property
    def audience(self) -> str:
        """Whose words the app uses: clinician or patient."""
        return str(self.store.value("view/audience", "clinician"))

    @audience.setter
    def audience(self, value: str) -> None:
        self.store.setValue("view/audience", value)

    @property
    def clinic_name(self) -> str:
        """Printed at the top of handouts."""
        return str(self.store.value("handout/clinic", ""))

    @clinic_name.setter
    def clinic_name(self, value: str) -> None:
        self.store.setValue("handout/clinic", value)

    @property
    def kiosk_idle_s(self) -> int:
        """Seconds without input before the kiosk counts down to a reset."""
        return int(self.store.value("kiosk/idle_seconds", 180))

    @property
    def kiosk_countdown_s(self) -> int:
        """Seconds of visible countdown before the reset."""
        return int(self.store.value("kiosk/countdown_seconds", 20))

    @property
    def kiosk_pin_hash(self) -> str:
        return str(self.store.value("kiosk/pin", ""))

    @kiosk_pin_hash.setter
    def kiosk_pin_hash(self, value: str) -> None:
        self.store.setValue("kiosk/pin", value)

    # -- history: searches and opened documents (cleared in kiosk mode) ----------------------

    HISTORY_SIZE = 20

    def _list(self, key: str) -> list[str]:
        value = self.store.value(key, [])
        if isinstance(value, str):  # QSettings gives a lone string for a one-item list
            return [value]
        return [str(v) for v in value or []]

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
