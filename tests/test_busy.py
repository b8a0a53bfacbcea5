"""A writer that waits too long for another one: one line, exit 1, nothing written.

Another writer is simulated by holding the write lock from the test itself (SQLite's
``BEGIN IMMEDIATE``, PostgreSQL's advisory lock), as a long import would hold it.
"""

from __future__ import annotations

import sqlite3
import time
from contextlib import contextmanager

import pytest

from claimdb.db.postgres import WRITE_LOCK
from tests.conftest import Cli, _pg_connect, dump

BUSY = "error: database is busy: another claimdb is writing; try again"


@contextmanager
def another_writer(db):
    """Hold the database's write lock, as another claimdb in a long write does."""
    if isinstance(db, str) and "://" in db:
        with _pg_connect(db) as conn, conn.transaction():
            conn.execute(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
            yield
        return
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@pytest.mark.parametrize(
    "command",
    [
        ("entity", "add", "Newcomer", "--kind", "group"),
        ("claim", "add", "--speaker", "Russia", "--target", "ISIS", "new words"),
        ("support", "5", "6"),
    ],
)
def test_a_blocked_writer_gets_one_line_after_the_timeout(seeded: Cli, command):
    before = dump(seeded.db)
    with another_writer(seeded.db):
        started = time.monotonic()
        result = seeded(*command, ok=False, env={"CLAIMDB_BUSY_TIMEOUT": "0.5"})
        waited = time.monotonic() - started
    assert result.exit_code == 1, result.output
    assert result.stderr.strip().splitlines() == [BUSY]
    assert 0.4 < waited < 15  # it did wait, and not the default 30 s
    assert dump(seeded.db) == before
    seeded(*command)  # once the other writer is done, the same command works


def test_reads_are_not_blocked_by_a_writer(seeded: Cli):
    with another_writer(seeded.db):
        result = seeded("claim", "show", "5", env={"CLAIMDB_BUSY_TIMEOUT": "0.2"})
    assert result.exit_code == 0


@pytest.mark.parametrize("value", ["soon", "-1", "nan", "1e9"])
def test_a_bad_timeout_is_one_line(cli: Cli, value: str):
    result = cli("info", ok=False, env={"CLAIMDB_BUSY_TIMEOUT": value})
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: CLAIMDB_BUSY_TIMEOUT="), lines
