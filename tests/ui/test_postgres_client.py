"""The client on the center's PostgreSQL server: it opens there, lists and searches the cases, and
keeps the server's address out of the recent files."""
from __future__ import annotations

import pytest

from kjdesk.db.database import open_database, resolve_path
from kjdesk.ui import app as client, settings
from kjdesk.ui.case_list import CaseListPage
from ui_data import build_cases

pytestmark = pytest.mark.postgres


@pytest.fixture
def server_db(pg_server):
    url = pg_server.new_database(pg_server.schema_template())
    db = open_database(resolve_path(url))
    with db.write() as session:
        refs = build_cases(session)
    db.engine.dispose()
    yield url, refs
    pg_server.drop(url)


def test_the_client_opens_a_server_database_and_lists_and_searches_its_cases(qtbot, qtmodeltester, server_db,
                                                                              monkeypatch):
    url, refs = server_db
    monkeypatch.delenv("KJDESK_DB")
    before = settings.last_database()
    app, window = client.build_client(url)
    qtbot.addWidget(window)
    assert window.ctx.on_server and str(window.ctx.db_path) == url
    page = window.show_page("cases")
    assert isinstance(page, CaseListPage)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(refs), timeout=5000)
    qtmodeltester.check(page.model)
    page.search.setText("kj2017-01")
    page._requery()
    page.wait_for_search()
    assert page.model.rowCount() == 4
    assert settings.last_database() == before  # an address is not a file to reopen
