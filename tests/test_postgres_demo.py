"""The demo on a PostgreSQL server answers exactly as the demo in a file: every published table, the
aging list and both assessment sheets, through the same commands (tests/test_demo.py,
test_statistics.py, test_aging.py and test_assessment_demo.py check the file's against the figures)."""
from __future__ import annotations

import pytest

from kjdesk.cli import main

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def demos(pg_server, tmp_path_factory):
    """--db values of the demo built by ``kjdesk demo`` in a file and on the server."""
    file = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    server = pg_server.new_database()
    for db in (file, server):
        assert main(["--db", db, "--lang", "en", "demo"]) == 0
    yield file, server
    pg_server.drop(server)


@pytest.mark.parametrize("command", [
    ["report", "districts", "--year", "2017"],
    ["report", "products", "--year", "2017"],
    ["report", "subsidies", "--year", "2018"],
    ["aging"],
    ["aging", "--as-of", "2017-12-31", "--format", "csv"],
    ["assess", "stations", "--year", "2017"],
    ["assess", "banks", "--year", "2017"],
], ids=" ".join)
def test_the_demo_answers_the_same_on_postgresql_as_in_a_file(demos, capsys, command):
    answers = []
    for db in demos:
        capsys.readouterr()
        assert main(["--db", db, "--lang", "zh_CN", *command]) == 0
        answers.append(capsys.readouterr().out)
    file, server = answers
    assert len(file) > 200
    assert server == file
