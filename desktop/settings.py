"""Typed settings with their defaults in one place, over QSettings (an INI file in user data)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from search_index.paths import user_data_dir


def open_settings() -> QSettings:
    """One INI file in the user data folder, so CLINIC_REFERENCE_HOME moves settings too."""
    return QSettings(str(user_data_dir() / "settings.ini"), QSettings.Format.IniFormat)


class Settings:
    """The app's settings. Each property names its key and default."""

    def __init__(self, store: QSettings | None = None) -> None:
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

    @property
    def splitter_state(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    @splitter_state.setter
    def splitter_state(self, value: QByteArray) -> None:
        self.store.setValue("window/splitter", value)

    @property
    def search_delay_ms(self) -> int:
        """Debounce between a keystroke and the search it triggers."""
        return int(self.store.value("search/delay_ms", 150))

    def sync(self) -> None:
        self.store.sync()
