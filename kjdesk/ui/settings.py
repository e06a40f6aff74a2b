"""What the client remembers between runs: language, databases, the last folder, window geometry.

Stored with QSettings in an INI file in the user's config folder (explicitly IniFormat, so tests
can point ``QSettings.setPath`` at a temporary folder on every platform).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from kjdesk import i18n

RECENT_KEPT = 8


def store() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "kjdesk", "kjdesk")


def language() -> str | None:
    """The language chosen last time, or None before the first choice."""
    value = store().value("ui/language")
    return value if value in i18n.LANGUAGES else None


def set_language(lang: str) -> None:
    store().setValue("ui/language", lang)


def last_database() -> Path | None:
    value = store().value("db/last")
    return Path(value) if value else None


def recent_databases() -> list[Path]:
    value = store().value("db/recent") or []
    if isinstance(value, str):  # QSettings gives a one-element list back as a plain string
        value = [value]
    return [Path(v) for v in value]


def remember_database(path: Path) -> None:
    """``path`` becomes the last database and heads the recent list."""
    path = Path(path).resolve()
    recent = [p for p in recent_databases() if p != path]
    s = store()
    s.setValue("db/last", str(path))
    s.setValue("db/recent", [str(p) for p in [path, *recent][:RECENT_KEPT]])


def start_folder(file_name: str = "") -> str:
    """Where a file dialog opens: the folder used last, else the user's documents; with ``file_name``
    that file in it (a proposed name to save under)."""
    value = store().value("files/last_folder")
    folder = Path(value) if value and Path(value).is_dir() else Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
    return str(folder / file_name) if file_name else str(folder)


def remember_folder(chosen_file: str | Path) -> None:
    """The folder of a file the user chose becomes where the next file dialog opens."""
    if chosen_file:
        store().setValue("files/last_folder", str(Path(chosen_file).resolve().parent))


def window_state() -> tuple[QByteArray | None, QByteArray | None, QByteArray | None]:
    """The main window's geometry, its state and its splitter's, as saved last time."""
    s = store()
    return s.value("window/geometry"), s.value("window/state"), s.value("window/splitter")


def save_window_state(geometry: QByteArray, state: QByteArray, splitter: QByteArray) -> None:
    s = store()
    s.setValue("window/geometry", geometry)
    s.setValue("window/state", state)
    s.setValue("window/splitter", splitter)


def _user_key(path: Path) -> str:
    import hashlib

    return "users/" + hashlib.sha1(str(Path(path).resolve()).encode("utf-8")).hexdigest()[:16]


def user_for(path: Path) -> str | None:
    """Who worked on this database last time (remembered per database)."""
    return store().value(_user_key(path)) or None


def remember_user(path: Path, name: str) -> None:
    store().setValue(_user_key(path), name)
