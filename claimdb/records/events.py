"""The event log: every write appends one event, in the same transaction as the change.

History (``claimdb.records.history``) is read back from these events; nothing else
keeps copies of old rows.
"""

from __future__ import annotations

import json

from sqlalchemy import insert
from sqlalchemy.engine import Connection

from claimdb.db.store import now
from claimdb.db.tables import Event


def append(
    conn: Connection,
    actor: str,
    op: str,
    record: str,
    row_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Log one change: ``op`` (add, edit, link...) of ``record`` #``row_id`` by ``actor``."""
    # insert(T) with the values as parameters: compiled once and cached, where
    # insert(T).values(...) builds a new statement each time (~4x the cost per row)
    event = {"at": now(), "actor": actor, "op": op, "record": record, "row_id": row_id}
    conn.execute(insert(Event), event | {"before": _json(before), "after": _json(after)})


def _json(value: dict | None) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
