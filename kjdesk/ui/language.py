"""Switching the UI language: kjdesk's catalog, Qt's own translations, and the remembered choice."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kjdesk import i18n
from kjdesk.ui import settings

# Qt's translations for its own dialogs and standard buttons, per UI language.
_QT_CATALOGS = {"zh_CN": ("qtbase_zh_CN",)}
_installed: list[QTranslator] = []


def apply_language(lang: str, remember: bool = True) -> None:
    """Make ``lang`` the language of kjdesk's strings, of Babel's formats and of Qt's dialogs."""
    i18n.set_language(lang)
    if remember:
        settings.set_language(lang)
    app = QCoreApplication.instance()
    if app is not None:
        for translator in _installed:
            app.removeTranslator(translator)
        _installed.clear()
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name in _QT_CATALOGS.get(lang, ()):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def startup_language() -> str:
    """The remembered language, else kjdesk's default (Chinese, the users' language)."""
    return settings.language() or i18n.DEFAULT_LANGUAGE


# The language menu names each language in itself, so it can be found whatever the UI shows.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
