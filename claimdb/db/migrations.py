"""Schema upgrades: an ordered list of small steps, each in the upgrade transaction.

``CURRENT`` is the version schema.sql creates. A step registered with
``@migration(v)`` turns version ``v`` into ``v + 1``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy.engine import Connection

from claimdb.db.schema import schema, schema_sql, statements

CURRENT = 3

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


READABLE_VIEWS = ("entities_readable", "claims_readable", "links_readable")


def view_statements(views: tuple[str, ...] = READABLE_VIEWS) -> list[str]:
    """The CREATE VIEW statements of schema.sql for ``views``: one definition, read
    from the same file a new database is made from, so an upgraded one cannot differ."""
    return [schema().views[name] for name in views]


@migration(1)
def m002_readable_views(conn: Connection) -> None:
    """Views with names instead of ids, for sqlite3 and Datasette; the link_a index."""
    for statement in view_statements():
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("CREATE INDEX link_a ON link (claim_a)")  # as in schema.sql


@migration(2)
def m003_verdicts(conn: Connection) -> None:
    """The verdict table: fact-checkers' verdicts on claims (ClaimReview import). SQLite
    runs schema.sql's own statements (an upgraded file reads like a new one); PostgreSQL
    gets the table derived from them, as a new database does."""
    if conn.dialect.name == "sqlite":
        for statement in statements(schema_sql()):
            if re.search(r"^CREATE (TABLE verdict|INDEX \w+ ON verdict)\b", statement, re.M):
                conn.exec_driver_sql(statement)
    else:
        schema().metadata.tables["verdict"].create(conn)
