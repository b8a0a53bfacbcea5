"""Schema upgrades: an ordered list of small steps, each in the upgrade transaction.

``CURRENT`` is the version schema.sql creates. A step registered with
``@migration(v)`` turns version ``v`` into ``v + 1``.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Connection

from claimdb.db.store import _statements, migration, schema_sql

CURRENT = 2

READABLE_VIEWS = ("entities_readable", "claims_readable", "links_readable")
_CREATE_VIEW = re.compile(r"^\s*CREATE\s+VIEW\s+(\w+)", re.IGNORECASE | re.MULTILINE)


def view_statements(views: tuple[str, ...] = READABLE_VIEWS) -> list[str]:
    """The CREATE VIEW statements of schema.sql for ``views``: one definition, read
    from the same file a new database is made from, so an upgraded one cannot differ."""
    found = {}
    for statement in _statements(schema_sql()):
        m = _CREATE_VIEW.search(statement)
        if m and m.group(1) in views:
            found[m.group(1)] = statement
    return [found[name] for name in views]


@migration(1)
def m002_readable_views(conn: Connection) -> None:
    """Views with names instead of ids, for sqlite3 and Datasette; the link_a index."""
    for statement in view_statements():
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql("CREATE INDEX link_a ON link (claim_a)")  # as in schema.sql
