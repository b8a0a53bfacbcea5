"""Shared fixtures: real databases, the real CLI through CliRunner.

Tests that take ``backend`` (directly, or through ``cli`` / ``seeded``) run once per
backend: ``[sqlite]`` on a file in tmp_path and ``[postgresql]`` on a fresh database of
the server in ``$CLAIMDB_TEST_PG_URL`` (skipped when it is not set). Mark a test
``@pytest.mark.sqlite_only`` when it is about SQLite files.
"""

from __future__ import annotations

import os
import re
import sqlite3
import uuid
from collections import Counter
from pathlib import Path

import pytest
import typer.testing
from hypothesis import settings
from typer.testing import CliRunner

from claimdb.cli import app

# No per-example deadline: speed is measured in bench/, never in tests, and a deadline
# only measures how busy the machine is.
settings.register_profile("claimdb", deadline=None)
settings.load_profile("claimdb")

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "rt-arabic-2015-10-02.toml"
PG_ENV = "CLAIMDB_TEST_PG_URL"
BACKENDS = ("sqlite", "postgresql")


class Cli:
    """Runs claimdb commands against one database (a SQLite path or a server URL)."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.runner = CliRunner()

    @property
    def display(self) -> str:
        """The database as claimdb shows it (password masked)."""
        from claimdb.db.store import display_target

        return display_target(str(self.db))

    def sql(self, statement: str) -> None:
        """Run one SQL statement on the database, behind claimdb's back."""
        if _is_url(self.db):
            with _pg_connect(str(self.db)) as conn:
                conn.execute(statement)
            return
        conn = sqlite3.connect(self.db)
        with conn:
            conn.execute(statement)
        conn.close()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True, env=None):
        result = self.runner.invoke(app, ["--db", str(self.db), *args], input=input, env=env)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"claimdb {' '.join(args)} exited {result.exit_code}:\n{result.output}"
                f"{result.stderr}\n{result.exception!r}"
            )
        return result

    def fails(self, *args: str, code: int = 1, input: str | None = None):
        """Run a command that must fail: exit code, one stderr line, no traceback."""
        result = self(*args, input=input, ok=False)
        assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
        lines = result.stderr.strip().splitlines()
        if code == 1:
            assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "Traceback" not in result.stderr + result.output
        return lines[0] if lines else ""


def dump(db: Path | str) -> list[str]:
    """A logical dump of the database: what 'unchanged' is measured by."""
    if _is_url(db):
        return _pg_dump(str(db))
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


def query(db: Path | str, sql: str, *params) -> list[tuple]:
    """The rows of one SQL query (``?`` placeholders) on either backend, behind claimdb."""
    if _is_url(db):
        with _pg_connect(str(db)) as conn:
            return conn.execute(sql.replace("?", "%s") if params else sql, params).fetchall()
    conn = sqlite3.connect(db, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _is_url(db: Path | str) -> bool:
    return isinstance(db, str) and "://" in db


def _pg_connect(url: str):
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    return psycopg.connect(plain, autocommit=True)


def _pg_dump(url: str) -> list[str]:
    """Every table and row (ordered by all columns), in iterdump's line style."""
    out = []
    with _pg_connect(url) as conn:
        tables = conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        ).fetchall()
        for (table,) in tables:
            out.append(f'CREATE TABLE "{table}"')
            width = len(conn.execute(f'SELECT * FROM "{table}" LIMIT 0').description)
            order = ", ".join(str(i) for i in range(1, width + 1))
            for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY {order}'):
                out.append(f'INSERT INTO "{table}" VALUES{row!r}')
    return out


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: runs on the SQLite backend only")
    config.addinivalue_line("markers", "every_backend: runs on every backend despite sqlite_only")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        only = marked("sqlite_only") and not marked("every_backend")
        metafunc.parametrize("backend", ["sqlite"] if only else BACKENDS, indirect=True)


def new_pg_database() -> str:
    """Create an empty database on the test server; its URL (with the password)."""
    from sqlalchemy.engine import make_url

    server = os.environ[PG_ENV]
    name = f"claimdb_test_{uuid.uuid4().hex[:12]}"
    with _pg_connect(server) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(server).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(url: str) -> None:
    from sqlalchemy.engine import make_url

    with _pg_connect(os.environ[PG_ENV]) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


_BACKEND_ID = re.compile(r"\[(?:[^\]]*-)?(sqlite|postgresql)(?:-[^\]]*)?\]$")


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per backend, so that any output (even -q) shows what ran where."""
    tally: dict[str, Counter] = {name: Counter() for name in BACKENDS}
    for outcome in ("passed", "failed", "skipped", "error", "xfailed"):
        seen = {r.nodeid for r in terminalreporter.stats.get(outcome, [])}
        for nodeid in seen:
            if m := _BACKEND_ID.search(nodeid):
                tally[m.group(1)][outcome] += 1
    if any(tally.values()):
        terminalreporter.write_sep("-", "backends")
        for name, counts in tally.items():
            told = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items()))
            terminalreporter.write_line(f"{name} cases: {told or 'none'}")


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database for one test (dropped afterwards)."""
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set (no PostgreSQL server to test against)")
    url = new_pg_database()
    yield url
    drop_pg_database(url)


@pytest.fixture
def backend(request: pytest.FixtureRequest, db_path: Path) -> str:
    """A fresh, empty database: a SQLite path or a PostgreSQL URL (see the module doc)."""
    if request.param == "sqlite":
        return str(db_path)
    return request.getfixturevalue("pg_url")


@pytest.fixture
def cli(backend: str) -> Cli:
    return Cli(backend if "://" in backend else Path(backend))


@pytest.fixture(scope="session")
def seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed data set loaded once per run into a SQLite file."""
    path = tmp_path_factory.mktemp("seed") / "seed.db"
    Cli(path)("load", str(SEED))
    return path


@pytest.fixture
def seeded(cli: Cli, seed_template: Path) -> Cli:
    """The seed data set: a copy of the template (SQLite) or loaded afresh (PostgreSQL)."""
    if _is_url(cli.db):
        cli("load", str(SEED))
        return cli
    source, copy = sqlite3.connect(seed_template), sqlite3.connect(cli.db)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    return cli


_COMMANDS: dict[int, object] = {}


@pytest.fixture(autouse=True)
def _build_cli_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Typer rebuilds the Click command on every invoke (~0.2 s); build it once."""
    build = typer.testing._get_command

    def cached(app):
        if id(app) not in _COMMANDS:
            _COMMANDS[id(app)] = build(app)
        return _COMMANDS[id(app)]

    monkeypatch.setattr(typer.testing, "_get_command", cached)


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the user's real database or terminal settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAIMDB_DB", raising=False)
    monkeypatch.delenv("CLAIMDB_BIDI", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
