"""The store: engine, connection pragmas, schema creation and upgrades, transactions.

One ``Store`` per process owns the engine. Every command that writes runs in one
``store.write()`` transaction (``BEGIN IMMEDIATE`` on SQLite, so concurrent writers
queue on ``busy_timeout`` instead of failing), and reads run in ``store.read()``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from claimdb.errors import DatabaseError

ENV_DB = "CLAIMDB_DB"
BUSY_TIMEOUT_MS = 30_000
SQLITE_HEADER = b"SQLite format 3\x00"

# Upgrades: MIGRATIONS[v] turns a database at version v into version v + 1.
# A fresh database is created from schema.sql, which is always the newest shape.
Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, Migration] = {}


def migration(from_version: int) -> Callable[[Migration], Migration]:
    """Register the step that upgrades ``from_version`` to ``from_version + 1``."""

    def register(step: Migration) -> Migration:
        MIGRATIONS[from_version] = step
        return step

    return register


def now() -> str:
    """The current time as UTC ISO-8601 text with microseconds (sorts as text)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def schema_sql() -> str:
    return resources.files("claimdb").joinpath("schema.sql").read_text(encoding="utf-8")


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


def _sqlite_engine(path: Path) -> Engine:
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
        write = conn.get_execution_options().get("claimdb_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


class Store:
    """Owns the engine for one database; opens it, creates or upgrades its schema."""

    def __init__(self, target: str | None = None) -> None:
        self.target = choose_db(target)
        self.display = display_target(self.target)
        if is_url(self.target):
            self.dialect = make_url(self.target).get_backend_name()
            if self.dialect == "sqlite":
                raise DatabaseError("give a SQLite database as a path, not a sqlite:// URL")
            self.engine = create_engine(self.target, pool_pre_ping=True)
            self.path: Path | None = None
        else:
            self.dialect = "sqlite"
            self.path = Path(self.target).expanduser()
            _check_sqlite_file(self.path)
            self.engine = _sqlite_engine(self.path)
        self.version = self._open()

    # -- transactions -----------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write transaction."""
        with self._errors(), self.engine.connect() as conn:
            conn = conn.execution_options(claimdb_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._errors(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except DBAPIError as e:
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
        from claimdb import migrations  # registers the upgrade steps

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
        if version < current:
            self._upgrade(version, current)
        return current

    def _version(self, conn: Connection) -> int | None:
        if self.dialect == "sqlite":
            found = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
            ).first()
        else:
            found = conn.execute(text("SELECT to_regclass('schema_version')")).scalar()
        if not found:
            return None
        return conn.execute(text("SELECT max(version) FROM schema_version")).scalar() or 0

    def _create(self, conn: Connection, version: int) -> None:
        if self.dialect == "sqlite":
            raw = conn.connection.driver_connection
            for statement in _statements(schema_sql()):
                raw.execute(statement)
        else:
            from claimdb import pg

            pg.create(conn)
        conn.execute(
            text("INSERT INTO schema_version (version, applied_at) VALUES (:v, :t)"),
            {"v": version, "t": now()},
        )

    def _upgrade(self, version: int, current: int) -> None:
        if self.path is not None:
            self.backup(self.path.with_name(f"{self.path.name}.v{version}.bak"))
        with self.write() as conn:
            for step in range(version, current):
                MIGRATIONS[step](conn)
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
        src = sqlite3.connect(self.path)
        try:
            out = sqlite3.connect(dest)
            with out:
                src.backup(out)
            out.close()
        except sqlite3.Error as e:
            raise DatabaseError(f"{dest}: backup failed: {e}") from None
        finally:
            src.close()
        return dest

    def close(self) -> None:
        self.engine.dispose()


def _statements(sql: str) -> Iterator[str]:
    """Split a DDL script into statements (complete by sqlite3's own test)."""
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                yield buf.strip()
            buf = ""
    if buf.strip():
        yield buf.strip()
