"""The store: engine, connection pragmas, schema creation and upgrades, transactions.

One ``Store`` per process owns the engine. Every command that writes runs in one
``store.write()`` transaction (``BEGIN IMMEDIATE`` on SQLite, so concurrent writers
queue on ``busy_timeout`` instead of failing; on PostgreSQL a transaction-level advisory
lock does the same), and reads run in ``store.read()``. A write operation marked
``@retried`` is run again, whole, when the server aborts its transaction.
"""

from __future__ import annotations

import functools
import os
import random
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import QueuePool

from claimdb.errors import DatabaseError

ENV_DB = "CLAIMDB_DB"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"
PG_CONNECT = {"connect_timeout": 10, "application_name": "claimdb"}
RETRY_ATTEMPTS = 6  # a transaction aborted by the server is run again up to this often
RETRY_PAUSE = 0.02  # seconds; doubles each attempt, with jitter
T = TypeVar("T")


def now() -> str:
    """The current time as UTC ISO-8601 text with microseconds (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def default_db() -> str:
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("claimdb", appauthor=False)) / "claims.db")


def choose_db(db: str | None) -> str:
    """``--db``, else ``$CLAIMDB_DB``, else a file in the user's data directory."""
    return db or os.environ.get(ENV_DB) or default_db()


def is_url(target: str) -> bool:
    return "://" in target


def display_target(target: str) -> str:
    """The database as it may be shown: a path, or a URL with its password masked."""
    if not is_url(target):
        return target
    try:
        return make_url(target).render_as_string(hide_password=True)
    except Exception:  # a URL we cannot parse is shown without anything after '//'
        return target.split("://", 1)[0] + "://***"


def _check_sqlite_file(path: Path) -> None:
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


def _readonly_uri(path: Path) -> str | None:
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


def _sqlite_engine(path: Path, readonly_uri: str | None = None) -> Engine:
    if readonly_uri:
        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(readonly_uri, uri=True, check_same_thread=False),
            poolclass=QueuePool,
        )
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            cur.execute("PRAGMA journal_mode = WAL")
            cur.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.OperationalError:
            pass  # a read-only file keeps its journal mode; reads still work
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get("claimdb_write", False):
            _begin_immediate(conn.connection.driver_connection)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _begin_immediate(raw: sqlite3.Connection) -> None:
    """``BEGIN IMMEDIATE``, trying again every millisecond or two while another writer
    holds the lock, for up to ``BUSY_TIMEOUT_MS``. SQLite's own busy handler sleeps ever
    longer (100 ms a try), leaving the lock idle between short transactions; polling
    keeps many writers moving (tests/test_reliability.py measures it)."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
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
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


class RetryableError(DatabaseError):
    """The server aborted a transaction that may simply be run again (``retrying``)."""


def retried(operation: Callable[..., T]) -> Callable[..., T]:
    """Mark a whole write operation (a method of ``Claimdb``, or a function whose first
    argument is one) to be run again when the server aborts its transaction."""

    @functools.wraps(operation)
    def run(db, *args, **kwargs):
        return db.store.retrying(lambda: operation(db, *args, **kwargs))

    return run


def _retryable(e: DBAPIError) -> str | None:
    from claimdb.db import postgres as pg

    return pg.retryable(e.orig) if e.orig is not None else None


def _server_engine(target: str, display: str) -> tuple[str, Engine]:
    """The engine for a server URL; ``postgresql://`` means the psycopg 3 driver."""
    try:
        url = make_url(target)
    except Exception:
        raise DatabaseError(f"{display}: not a database URL") from None
    if url.get_backend_name() == "sqlite":
        raise DatabaseError("give a SQLite database as a path, not a sqlite:// URL")
    if url.drivername in ("postgres", "postgresql"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername != "postgresql+psycopg":
        raise DatabaseError(
            f"{display}: unsupported database; give a SQLite path or a "
            "postgresql+psycopg://user:password@host/database URL"
        )
    options = {k: v for k, v in PG_CONNECT.items() if k not in url.query}
    try:
        engine = create_engine(
            url, pool_pre_ping=True, isolation_level="READ COMMITTED", connect_args=options
        )
        return "postgresql", engine
    except ImportError:
        raise DatabaseError("PostgreSQL needs psycopg 3: pip install 'claimdb[postgres]'") from None


class Store:
    """Owns the engine for one database; opens it, creates or upgrades its schema."""

    def __init__(self, target: str | None = None) -> None:
        self.target = choose_db(target)
        self.display = display_target(self.target)
        self.readonly_uri: str | None = None
        if is_url(self.target):
            self.dialect, self.engine = _server_engine(self.target, self.display)
            self.path: Path | None = None
        else:
            self.dialect = "sqlite"
            self.path = Path(self.target).expanduser()
            _check_sqlite_file(self.path)
            self.readonly_uri = _readonly_uri(self.path)
            self.engine = _sqlite_engine(self.path, self.readonly_uri)
        try:
            self.version = self._open()
        except BaseException:
            self.engine.dispose()  # no pooled connection outlives a refused open
            raise

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write transaction."""
        with self._errors(), self.engine.connect() as conn:
            conn = conn.execution_options(claimdb_write=True)
            with conn.begin():
                if self.dialect == "postgresql":
                    from claimdb.db import postgres as pg

                    pg.lock_for_write(conn)  # writers queue, as BEGIN IMMEDIATE on SQLite
                yield conn

    def retrying(self, work: Callable[[], T], attempts: int = RETRY_ATTEMPTS) -> T:
        """Run ``work`` (a whole unit of work that opens its own ``write()``), and run it
        again when the server aborted its transaction (serialization failure, deadlock)."""
        for attempt in range(1, attempts + 1):
            try:
                return work()
            except RetryableError:
                if attempt == attempts:
                    raise
                time.sleep(random.uniform(0, RETRY_PAUSE * 2**attempt))
        raise AssertionError("unreachable")

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A read transaction: one consistent snapshot, on either backend."""
        with self._errors(), self.engine.connect() as conn, conn.begin():
            if self.dialect == "postgresql":  # a snapshot per transaction, as in SQLite
                conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as e:
            if self.dialect == "postgresql" and (why := _retryable(e)):
                raise RetryableError(f"{self.display}: {why}; try again") from None
            raise DatabaseError(self._describe(e)) from None
        except SQLAlchemyError as e:
            raise DatabaseError(f"{self.display}: {e.__class__.__name__}") from None

    def _describe(self, e: DBAPIError) -> str:
        message = str(e.orig).strip().splitlines()[0] if e.orig else str(e)
        if "readonly" in message or "read-only" in message:
            return f"{self.display}: database is read-only; cannot write"
        if "not a database" in message or "malformed" in message:
            return f"{self.display}: not a SQLite database, or damaged ({message})"
        if self.target in message:
            message = message.replace(self.target, self.display)
        return f"{self.display}: {message}"

    # -- schema ---------------------------------------------------------------------

    def _open(self) -> int:
        from claimdb.db import migrations

        current = migrations.CURRENT
        try:
            with self.engine.connect() as conn:
                version = self._version(conn)
        except (OperationalError, DBAPIError) as e:
            raise DatabaseError(self._describe(e)) from None
        if version is None:
            with self.write() as conn:
                if self._version(conn) is None:  # another process may have won the race
                    self._create(conn, current)
            return current
        if version > current:
            raise DatabaseError(
                f"{self.display}: database schema version {version} is newer than this "
                f"claimdb supports ({current}); upgrade claimdb"
            )
        if version < current and self.readonly_uri:
            raise DatabaseError(
                f"{self.display}: database schema version {version} needs upgrading to "
                f"{current}, but the file is read-only"
            )
        if version < current:
            self._upgrade(version, current)
        return current

    def _version(self, conn: Connection) -> int | None:
        if self.dialect == "sqlite":
            found = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).first()
        else:
            found = conn.exec_driver_sql(  # a plain query: sees what committed before it began
                "SELECT 1 FROM pg_catalog.pg_tables "
                "WHERE schemaname = current_schema() AND tablename = 'schema_version'"
            ).first()
        if not found:
            return None
        return conn.execute(text("SELECT max(version) FROM schema_version")).scalar() or 0

    def _create(self, conn: Connection, version: int) -> None:
        if self.dialect == "sqlite":
            from claimdb.db.schema import schema_sql, statements

            raw = conn.connection.driver_connection
            for statement in statements(schema_sql()):
                raw.execute(statement)
        else:
            from claimdb.db import postgres as pg

            pg.create(conn)
        conn.execute(
            text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :t)"),
            {"v": version, "t": now()},
        )

    def _upgrade(self, version: int, current: int) -> None:
        from claimdb.db import migrations

        if self.path is not None:
            self.backup(_free_name(self.path.with_name(f"{self.path.name}.v{version}.bak")))
        with self.write() as conn:
            if (self._version(conn) or 0) >= current:
                return  # another process upgraded it while we made the backup
            for step in range(version, current):
                migrations.MIGRATIONS[step](conn)
                conn.execute(
                    text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :t)"),
                    {"v": step + 1, "t": now()},
                )

    def backup(self, dest: Path) -> Path:
        """A consistent copy of a SQLite database (the online backup API)."""
        if self.path is None:
            raise DatabaseError("backup works on SQLite files; use 'claimdb copy' for servers")
        dest = Path(dest)
        if dest.exists():
            raise DatabaseError(f"{dest}: exists already; choose a new path")
        src = self.engine.raw_connection()  # our pragmas: busy_timeout, read-only mode
        try:
            out = sqlite3.connect(dest)
            try:
                src.driver_connection.backup(out)
            finally:
                out.close()
        except sqlite3.Error as e:
            for leftover in (dest, dest.with_name(dest.name + "-journal")):
                leftover.unlink(missing_ok=True)
            raise DatabaseError(f"{dest}: backup failed: {e}") from None
        finally:
            src.close()
        return dest

    def close(self) -> None:
        self.engine.dispose()


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with a number added when that name is taken."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
    return candidate
