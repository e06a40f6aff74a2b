"""Fixtures: real SQLite databases in tmp_path, the language reset around every test."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from kjdesk import i18n
from kjdesk.db.database import open_database


@pytest.fixture(autouse=True)
def _language():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _no_user_database(tmp_path, monkeypatch):
    """No test may touch the real user's database."""
    monkeypatch.setenv("KJDESK_DB", str(tmp_path / "default.sqlite"))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kjdesk.sqlite"


@pytest.fixture
def session_factory(db_path):
    return open_database(db_path)


@pytest.fixture
def session(session_factory):
    with session_factory() as s:
        yield s
