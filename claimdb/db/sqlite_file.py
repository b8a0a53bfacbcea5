"""The SQLite file: checks before opening it, read-only opening, the engine with its
pragmas, ``BEGIN IMMEDIATE`` that polls, and removing a file whose creation failed."""

from __future__ import annotations

import os
import random
import sqlite3
import time
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

from claimdb.db import files
from claimdb.errors import DatabaseError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path}: is a directory, not a SQLite database")
    if path.exists() and path.stat().st_size > 0:
        try:
            with path.open("rb") as f:
                header = f.read(16)
        except OSError as e:
            raise DatabaseError(f"{path}: cannot read: {e.strerror}") from None
        if header != SQLITE_HEADER:
            raise DatabaseError(f"{path}: not a SQLite database")
    elif not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise DatabaseError(f"{path.parent}: cannot create directory: {e.strerror}") from None


def readonly_uri(path: Path) -> str | None:
    """A ``file:`` URI for a database file we may only read, else None.

    Such a file opens with ``mode=ro``. When its directory is read-only too and no
    write-ahead log exists, SQLite cannot make the shared-memory file a WAL read needs,
    so it opens as ``immutable`` (no one is writing it through a WAL then).
    """
    if not path.is_file() or os.access(path, os.W_OK):
        return None
    params = "mode=ro"
    if not os.access(path.parent, os.W_OK) and not path.with_name(path.name + "-wal").exists():
        params += "&immutable=1"
    return f"{path.resolve().as_uri()}?{params}"


def engine(path: Path, readonly: str | None, timeout_ms: int) -> Engine:
    if readonly:
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(readonly, uri=True, check_same_thread=False),
            poolclass=QueuePool,
        )
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {timeout_ms}")
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its journal mode; reads still work
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("claimdb_write", False):
            begin_immediate(conn.connection.driver_connection, timeout_ms)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def begin_immediate(raw: sqlite3.Connection, timeout_ms: int) -> None:
    """``BEGIN IMMEDIATE``, trying again every millisecond or two while another writer
    holds the lock, for up to ``timeout_ms``. SQLite's own busy handler sleeps ever
    longer (100 ms a try), leaving the lock idle between short transactions; polling
    keeps many writers moving (tests/test_reliability.py measures it)."""
    deadline = time.monotonic() + timeout_ms / 1000
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while True:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if e.sqlite_errorcode & 0xFF != sqlite3.SQLITE_BUSY or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.0005, 0.002))
    finally:
        raw.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def remove_unfinished(path: Path) -> None:
    """Remove a database file whose creation failed (a full disk): no 0-byte file stays.
    Only a file of at most one page with an empty log: no schema was ever committed."""
    wal = path.with_name(path.name + "-wal")
    try:
        if path.stat().st_size <= 4096 and (not wal.exists() or wal.stat().st_size == 0):
            files.remove(path)
    except OSError:
        pass
