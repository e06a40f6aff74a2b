"""Fixtures: real SQLite databases in tmp_path, the language reset around every test."""
from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from kjdesk import i18n
from kjdesk.db.database import open_database, resolve_path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item):
    """The teardown gets the per-test timeout afresh. pytest-timeout (2.4) stops its clock when a
    test fails (pytest-dev/pytest-timeout#196), and closing a failed test's windows is where a modal
    dialog nobody answers would hang the whole run."""
    import pytest_timeout

    settings = pytest_timeout.get_env_settings(item.config)
    if settings.timeout:
        item.config.hook.pytest_timeout_cancel_timer(item=item)
        item.config.hook.pytest_timeout_set_timer(item=item, settings=settings)
    yield


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


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the whole run (tests/pg.py); skips where there is none."""
    from pg import SKIP_REASON, Server, find_binaries, unavailable

    bindir = find_binaries()
    if bindir is None:
        unavailable(SKIP_REASON)
    server = Server(bindir)
    try:
        server.start()
    except Exception as exc:  # noqa: BLE001 - any failure to start is the reason to skip
        server.stop()
        unavailable(f"the PostgreSQL server did not start: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """The --db value of a new, empty database: a file, and a database on a PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "kjdesk.sqlite")
        return
    server = request.getfixturevalue("pg_server")
    url = server.new_database()
    yield url
    server.drop(url)


@pytest.fixture
def database(database_url):
    """An opened kjdesk database (schema at head) on each of SQLite and PostgreSQL."""
    db = open_database(resolve_path(database_url))
    yield db
    db.engine.dispose()
