"""PostgreSQL: the same schema as schema.sql, and what only a server needs.

The DDL is derived from ``claimdb.db.schema`` (the tables reflected from a database that
schema.sql made, and its view statements), never parsed from the SQL text:

- every table with its columns, defaults, keys, UNIQUE and CHECK constraints, and
  indexes (a partial index keeps its ``WHERE``), created by SQLAlchemy for PostgreSQL;
- text columns use the "C" collation, so ``ORDER BY name`` sorts by code point exactly
  as SQLite does, whatever the server's default locale;
- the views, from their statements in schema.sql (they are portable SQL);
- SQLite's full-text table ``claim_fts`` becomes a GIN index of the same name over
  ``to_tsvector('simple', search_key)`` (``search_key`` is already normalised text),
  and the SQLite triggers that feed it are not needed. Any other virtual table or
  trigger stops ``create`` until it is given a PostgreSQL form.
"""

from __future__ import annotations

from sqlalchemy import Integer, MetaData, Text, text
from sqlalchemy.engine import Connection

FTS_CONFIG = "simple"
FTS_INDEX = "claim_fts"
FTS_VECTOR = f"to_tsvector('{FTS_CONFIG}', search_key)"
# Writers take this transaction-level advisory lock first: PostgreSQL's BEGIN IMMEDIATE.
WRITE_LOCK = 0x636C61696D6462  # "claimdb"
# SQLSTATEs after which the whole transaction may simply be run again.
RETRYABLE = {"40001": "serialization failure", "40P01": "deadlock detected"}


def metadata() -> MetaData:
    """The tables of schema.sql as PostgreSQL creates them (a copy; see the module doc)."""
    from claimdb.db.schema import schema

    out = MetaData()
    for table in schema().metadata.sorted_tables:
        copy = table.to_metadata(out)
        for column in copy.columns:
            if isinstance(column.type, Text):
                column.type = Text(collation="C")
            if column.primary_key and column.name != "id":
                column.autoincrement = False
        for index in copy.indexes:
            where = index.dialect_options["sqlite"]["where"]
            if where is not None:
                index.dialect_options["postgresql"]["where"] = where
    return out


def later_ddl() -> list[str]:
    """What follows the tables: the views and the full-text index."""
    from claimdb.db.schema import schema

    found = schema()
    unknown = set(found.virtual) - {FTS_INDEX}
    feeding = {n for n, sql in found.triggers.items() if FTS_INDEX in sql}
    if unknown or set(found.triggers) - feeding:
        names = sorted(unknown | (set(found.triggers) - feeding))
        raise ValueError(f"schema.sql: no PostgreSQL form for: {', '.join(names)}")
    statements = list(found.views.values())
    if FTS_INDEX in found.virtual:
        statements.append(f"CREATE INDEX {FTS_INDEX} ON claim USING gin ({FTS_VECTOR})")
    return statements


def create(conn: Connection) -> None:
    """Create every table, constraint, index, view and the full-text index."""
    metadata().create_all(conn, checkfirst=False)  # never adopt someone's "entity"
    for statement in later_ddl():
        conn.exec_driver_sql(statement)


def lock_for_write(conn: Connection, timeout_ms: int) -> None:
    """Queue behind any other claimdb writer on this database, until commit; after
    ``timeout_ms`` the wait fails with SQLSTATE 55P03 (the store says "busy")."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(timeout_ms), 1)}")  # 0: no limit
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def retryable(error: BaseException) -> str | None:
    """The reason when a database error means 'run the whole transaction again'."""
    return RETRYABLE.get(getattr(error, "sqlstate", None) or "")


def reset_sequences(conn: Connection) -> None:
    """After rows were written with explicit ids: new rows continue after the largest."""
    for table in metadata().sorted_tables:
        keys = list(table.primary_key.columns)
        pk = keys[0]
        if len(keys) != 1 or not isinstance(pk.type, Integer) or pk.autoincrement is False:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk.name}'), "
                f"coalesce((SELECT max({pk.name}) FROM {table.name}), 0) + 1, false)"
            )
        )
