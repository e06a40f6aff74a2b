"""Switching the UI language: kjdesk's catalog, Qt's own translations, and the remembered choice."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from kjdesk import i18n
from kjdesk.i18n import N_
from kjdesk.ui import settings

# Qt's translations for its own dialogs and standard buttons, per UI language.
_QT_CATALOGS = {"zh_CN": ("qtbase_zh_CN",)}
_installed: list[QTranslator] = []

# Strings of Qt's file dialog that Qt's own Chinese catalog lacks (context, source text as Qt has it);
# kjdesk's catalog translates them.
QT_GAPS = frozenset({
    ("QFileDialog", N_("&Look in:")),
    ("QFileDialog", N_("Files of &type:")),
    ("QAbstractFileIconProvider", N_("Folder")),
    ("QAbstractFileIconProvider", N_("File")),
    ("QAbstractFileIconProvider", N_("%1 File")),
    ("QAbstractFileIconProvider", N_("Drive")),
})


class QtGaps(QTranslator):
    """Fills the gaps of Qt's own catalog from kjdesk's (installed after it, so asked first)."""

    def translate(self, context, source, disambiguation=None, n=-1):
        """The translation, or None (a null string: "not mine", Qt asks the next catalog)."""
        if (context, source) in QT_GAPS:
            text = i18n._(source)
            return text if text != source else None
        return None

    def isEmpty(self) -> bool:
        return False


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
        if lang != "en":
            gaps = QtGaps(app)
            app.installTranslator(gaps)
            _installed.append(gaps)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


def startup_language() -> str:
    """The remembered language, else kjdesk's default (Chinese, the users' language)."""
    return settings.language() or i18n.DEFAULT_LANGUAGE


# The language menu names each language in itself, so it can be found whatever the UI shows.
LANGUAGE_NAMES = {"zh_CN": "中文", "en": "English"}
