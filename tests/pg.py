"""A throwaway PostgreSQL server for the tests, started once per run where its binaries exist.

initdb and pg_ctl refuse to run as root, so as root they run as the ``postgres`` user; the data
folder and the socket live in a temporary folder, the server listens on a spare local port and
trusts local connections. Each test gets a fresh database, copied from a template (fast).
Where there is no PostgreSQL the tests marked ``postgres`` are skipped with SKIP_REASON; with
KJDESK_REQUIRE_POSTGRES=1 (CI) they fail instead.
"""
from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

LOCKED_ROLE = "kjdesk_locked"
SKIP_REASON = "no PostgreSQL server binaries (initdb, pg_ctl) here"


def find_binaries() -> Path | None:
    """KJDESK_PG_BIN if set (only there), else the newest of Debian's /usr/lib/postgresql/*/bin."""
    chosen = os.environ.get("KJDESK_PG_BIN")
    candidates = [chosen] if chosen is not None else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    return next((Path(c) for c in candidates if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists()),
                None)


def unavailable(reason: str) -> None:
    if os.environ.get("KJDESK_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"KJDESK_REQUIRE_POSTGRES=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _spare_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="kjdesk-pg-"))
        self.data = self.root / "data"
        self.port = _spare_port()
        self.as_postgres = os.geteuid() == 0
        self.user = "postgres" if self.as_postgres else os.environ.get("USER", "postgres")
        self._names = itertools.count(1)
        self.templates: dict[str, str] = {}

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        subprocess.run(prefix + list(args), check=True, capture_output=True, timeout=60)

    def start(self) -> None:
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", self.user, "-E", "UTF8",
                  "--locale=C", "--no-sync")
        # One role must give a password, so that a refused login can be tested; everyone else is trusted.
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"host all {LOCKED_ROLE} 127.0.0.1/32 scram-sha-256\n" + hba.read_text())
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60")
        self._run(str(self.bindir / "pg_ctl"), "start", "-w", "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", options)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "stop", "-D", str(self.data), "-m", "immediate", "-w")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=self.user, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self, template: str = "template0") -> str:
        """A fresh database (empty, or a copy of a template); its --db address."""
        name = f"t{next(self._names)}"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    def drop(self, url: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def schema_template(self) -> str:
        """A template database holding kjdesk's schema at head (migrated once per run)."""
        if "head" not in self.templates:
            from kjdesk.db.database import ServerAddress, open_database

            self.sql("CREATE DATABASE kjdesk_head TEMPLATE template0")
            open_database(ServerAddress(self.url("kjdesk_head"))).engine.dispose()
            self.templates["head"] = "kjdesk_head"
        return self.templates["head"]
