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

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from claimdb.db import sqlite_file
from claimdb.db.sqlite_file import readonly_uri as _readonly_uri  # tests replace it
from claimdb.errors import DatabaseError, InvalidInput

ENV_DB = "CLAIMDB_DB"
ENV_BUSY_TIMEOUT = "CLAIMDB_BUSY_TIMEOUT"  # seconds a writer waits for another one
BUSY_TIMEOUT_S = 30.0
BUSY = "database is busy: another claimdb is writing; try again"
PG_CONNECT = {"connect_timeout": 10, "application_name": "claimdb"}
RETRY_ATTEMPTS = 6  # a transaction aborted by the server is run again up to this often
RETRY_PAUSE = 0.02  # seconds; doubles each attempt, with jitter
PG_MAX_ID = 2**31 - 1  # ids are PostgreSQL integer columns
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


def busy_timeout() -> float:
    """Seconds a writer waits for another writer: ``$CLAIMDB_BUSY_TIMEOUT``, else 30."""
    value = os.environ.get(ENV_BUSY_TIMEOUT, "").strip()
    if not value:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86_400:  # also refuses nan and inf
        raise InvalidInput(
            f"{ENV_BUSY_TIMEOUT}={value!r}: expected seconds from 0 to 86400, e.g. 30"
        )
    return seconds


def is_url(target: str) -> bool:
    return "://" in target


def display_target(target: str) -> str:
    """The database as it may be shown: a path, or a URL with its password masked."""
    from claimdb.masking import display_url

    return display_url(target) if is_url(target) else target


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
        created: Path | None = None  # a file this process makes: removed if making it fails
        self.commits = 0  # write transactions committed by this process
        self.timeout_ms = timeout_ms = round(busy_timeout() * 1000)
        if is_url(self.target):
            self.dialect, self.engine = _server_engine(self.target, self.display)
            self.path: Path | None = None
        else:
            self.dialect = "sqlite"
            self.path = Path(self.target).expanduser()
            sqlite_file.check_file(self.path)
            created = None if self.path.exists() else self.path
            self.readonly_uri = _readonly_uri(self.path)
            self.engine = sqlite_file.engine(self.path, self.readonly_uri, timeout_ms)
        try:
            self.version = self._open()
        except BaseException:
            self.engine.dispose()  # no pooled connection outlives a refused open
            if created is not None:
                sqlite_file.remove_unfinished(created)
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

                    pg.lock_for_write(conn, self.timeout_ms)  # queue, as BEGIN IMMEDIATE
                yield conn
            self.commits += 1  # committed: a later failure (of output) must say it is saved

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
        except sqlite3.Error as e:  # raised by our own listeners, not wrapped by SQLAlchemy
            raise DatabaseError(self._describe_message(str(e))) from None

    def _describe(self, e: DBAPIError) -> str:
        sqlstate = getattr(e.orig, "sqlstate", None)
        if sqlstate == "55P03":  # lock_timeout on the write lock
            return BUSY
        if sqlstate == "22003":  # an id past PostgreSQL's integer columns
            return f"{self.display}: a number given is out of range: ids go up to {PG_MAX_ID}"
        return self._describe_message(str(e.orig) if e.orig else str(e))

    def _describe_message(self, message: str) -> str:
        message = (message.strip().splitlines() or ["?"])[0]
        if "database is locked" in message or "database is busy" in message:
            return BUSY
        if "readonly" in message or "read-only" in message:
            return f"{self.display}: database is read-only; cannot write"
        if "not a database" in message or "malformed" in message:
            return f"{self.display}: not a SQLite database, or damaged ({message})"
        if "database or disk is full" in message:
            return f"{self.display}: the disk is full; nothing was written"
        if "disk I/O error" in message:
            return f"{self.display}: disk I/O error (is the disk full?); nothing was written"
        from claimdb.masking import scrub

        if self.target in message:
            message = message.replace(self.target, self.display)
        return f"{self.display}: {scrub(message)}"

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
        """A consistent copy of a SQLite database (the online backup API).

        The copy is written under a temporary name in the same directory, flushed to
        disk, and only then given its name: ``dest`` is whole or absent, whenever the
        process is killed. A temporary left by a killed backup is removed first."""
        if self.path is None:
            raise DatabaseError("backup works on SQLite files; use 'claimdb copy' for servers")
        from claimdb.db import files

        dest = Path(dest)
        files.remove_stale_temporaries(dest)
        if dest.exists():
            raise DatabaseError(f"{dest}: exists already; choose a new path")
        temporary = files.temporary_name(dest)
        files.remove(temporary)  # left by an earlier process that had our id
        src = self.engine.raw_connection()  # our pragmas: busy_timeout, read-only mode
        try:
            out = sqlite3.connect(temporary)
            try:
                src.driver_connection.backup(out)
            finally:
                out.close()
            files.verify_copy(temporary, shown=dest)
            files.publish(temporary, dest)
        except sqlite3.Error as e:
            raise DatabaseError(f"{dest}: backup failed: {_first_line(e)}") from None
        except FileExistsError:  # made by someone else while we copied
            raise DatabaseError(f"{dest}: exists already; choose a new path") from None
        except OSError as e:
            raise DatabaseError(f"{dest}: backup failed: {e.strerror or e}") from None
        finally:
            src.close()
            files.remove(temporary)
        return dest

    def close(self) -> None:
        self.engine.dispose()


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0]


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with a number added when that name is taken (temporaries
    that killed processes left for the names passed over are removed on the way)."""
    from claimdb.db import files

    candidate, n = path, 1
    files.remove_stale_temporaries(candidate)
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.{n}{path.suffix}")
        files.remove_stale_temporaries(candidate)
    return candidate
