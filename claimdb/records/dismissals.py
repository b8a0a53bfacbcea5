"""Dismissed suggestions: pairs of claims an analyst said do not contradict.

A dismissal is an event in the append-only event log (record ``suggestion``, op
``dismiss``, ``after`` = the pair and the note): no schema change, and ``copy`` and the
JSONL export (a ``dismissal`` record) carry it. ``dismiss`` is its one write path (the
command and the import).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.tables import Event
from claimdb.errors import Conflict
from claimdb.records import events


def dismiss(conn: Connection, actor: str, a: int, b: int, note: str | None) -> bool:
    """Record that claims ``a`` and ``b`` do not contradict (``False``: already so)."""
    if a == b:
        raise Conflict(f"claim #{a} cannot be dismissed as a pair with itself")
    lo, hi = sorted((a, b))
    if (lo, hi) in _dismissed(conn, lo):
        return False
    after = {"a": lo, "b": hi, "note": validate.text(note, "note")}
    events.append(
        conn, actor, "dismiss", "suggestion", lo, after={k: v for k, v in after.items() if v}
    )
    return True


def dismissed_pairs(conn: Connection) -> set[tuple[int, int]]:
    """Pairs an analyst dismissed (``claimdb suggest dismiss``), lower id first."""
    rows = conn.execute(
        select(Event.c.after).where(Event.c.record == "suggestion", Event.c.op == "dismiss")
    )
    return _pairs(after for (after,) in rows)


def _dismissed(conn: Connection, lo: int) -> set[tuple[int, int]]:
    rows = conn.execute(
        select(Event.c.after).where(
            Event.c.record == "suggestion", Event.c.op == "dismiss", Event.c.row_id == lo
        )
    )
    return _pairs(after for (after,) in rows)


def _pairs(afters: Iterable[str | None]) -> set[tuple[int, int]]:
    out = set()
    for after in afters:
        pair = json.loads(after or "{}")
        if isinstance(pair.get("a"), int) and isinstance(pair.get("b"), int):
            out.add((min(pair["a"], pair["b"]), max(pair["a"], pair["b"])))
    return out


def dismissals(conn: Connection) -> Iterator[dict[str, Any]]:
    """Every dismissal, oldest first: ``{"a", "b", "note"?}`` (for the JSONL export)."""
    rows = conn.execute(
        select(Event.c.after)
        .where(Event.c.record == "suggestion", Event.c.op == "dismiss")
        .order_by(Event.c.id)
    )
    for (after,) in rows:
        pair = json.loads(after or "{}")
        if isinstance(pair.get("a"), int) and isinstance(pair.get("b"), int):
            yield pair
