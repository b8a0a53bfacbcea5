"""Revision history, read back from the event log: a claim's versions, and the log.

Nothing is kept in copy tables: every change appends to the one ``event`` table in the
same transaction (``records.events``), and history is read back from it. An ``edit``
logs the full claim record before and after; a ``retract`` logs the retraction fields
(the writes are in ``records.claims``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Entity, Event, Link, Source
from claimdb.errors import InvalidInput
from claimdb.records import claims

# The order fields are shown in; bookkeeping fields (keys, stamps) are not shown.
SHOWN = (
    "text",
    "quote",
    "translation",
    "lang",
    "act",
    "said_on",
    "speaker_id",
    "target_id",
    "source_id",
    "topic",
    "location",
    "credibility",
    "via",
    "retracted_at",
    "retraction_reason",
)
_BOOKKEEPING = ("content_key", "search_key", "created_at", "updated_at")
_SINCE = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


# -- reads ----------------------------------------------------------------------------------


def claim_history(conn: Connection, ref: str | int) -> list[dict[str, Any]]:
    """Every version of a claim, oldest first, with its link and unlink events.

    Each entry: version (claim changes only), at, by, op, changes = [{field, old, new}].
    """
    row = claims.get(conn, ref)
    claim_id = row["id"]
    link_ids = select(Link.c.id).where(or_(Link.c.claim_a == claim_id, Link.c.claim_b == claim_id))
    events = conn.execute(
        select(Event)
        .where(
            or_(
                (Event.c.record == "claim") & (Event.c.row_id == claim_id),
                (Event.c.record == "link") & Event.c.row_id.in_(link_ids),
            )
        )
        .order_by(Event.c.id)
    ).all()
    parsed = [(e, _load(e.before), _load(e.after)) for e in events]
    if not any(e.record == "claim" and e.op == "add" for e, _, _ in parsed):
        parsed.insert(0, _created(row, claims.via_ids(conn, claim_id), parsed))
    labels = _labels(conn, parsed)
    out: list[dict[str, Any]] = []
    version = 0
    for e, before, after in parsed:
        if e.record == "claim":
            version += 1
            changes = _changes(before or {}, after or {}, labels)
        else:
            changes = _link_change(e.op, before, after, claim_id)
        out.append(
            {
                "version": version if e.record == "claim" else None,
                "at": e.at,
                "by": e.actor,
                "op": e.op,
                "changes": changes,
            }
        )
    return out


def _created(row: Mapping[str, Any], via: list[int], parsed: list) -> tuple:
    """A first version for a claim added without an 'add' event (a bulk import): its
    current record with every later change rewound, dated when the row was created."""
    state = claims.logged(row, via)
    for e, before, _ in reversed(parsed):
        if e.record == "claim" and before:
            state.update({k: v for k, v in before.items() if k in state})
    if row["retracted_at"] and not any(e.op == "retract" for e, _, _ in parsed):
        state |= {k: row[k] for k in ("retracted_at", "retraction_reason")}
    created = SimpleNamespace(record="claim", op="created", at=row["created_at"], actor=None)
    return created, None, state


def _load(value: str | None) -> dict[str, Any] | None:
    return None if value is None else json.loads(value)


def _labels(conn: Connection, parsed: list) -> dict[tuple[str, int], str]:
    """Names for the entity and source ids the records mention."""
    entity_ids: set[int] = set()
    source_ids: set[int] = set()
    for _, before, after in parsed:
        for record in (before or {}, after or {}):
            entity_ids |= {record[k] for k in ("speaker_id", "target_id") if record.get(k)}
            entity_ids |= set(record.get("via") or [])
            if record.get("source_id"):
                source_ids.add(record["source_id"])
    labels = {}
    if entity_ids:
        rows = conn.execute(select(Entity.c.id, Entity.c.name).where(Entity.c.id.in_(entity_ids)))
        labels |= {("entity", r.id): f"{r.name} (#{r.id})" for r in rows}
    if source_ids:
        rows = conn.execute(select(Source.c.id, Source.c.title).where(Source.c.id.in_(source_ids)))
        labels |= {("source", r.id): f"#{r.id} {r.title}" for r in rows}
    return labels


def _shown(field: str, value: Any, labels: Mapping[tuple[str, int], str]) -> Any:
    if value is None:
        return None
    if field in ("speaker_id", "target_id"):
        return labels.get(("entity", value), f"#{value}")
    if field == "source_id":
        return labels.get(("source", value), f"#{value}")
    if field == "via":
        return [labels.get(("entity", v), f"#{v}") for v in value] or None
    return value


def _changes(before: dict, after: dict, labels: Mapping) -> list[dict[str, Any]]:
    out = []
    others = [k for k in after if k not in SHOWN and k not in _BOOKKEEPING]
    for field in (*SHOWN, *others):
        if field not in before and field not in after:
            continue
        old, new = before.get(field), after.get(field)
        if field in after and old != new and (old or new):
            name = field.removesuffix("_id")
            out.append(
                {
                    "field": name,
                    "old": _shown(field, old, labels),
                    "new": _shown(field, new, labels),
                }
            )
    return out


def _link_change(op: str, before: dict | None, after: dict | None, claim_id: int) -> list:
    link = before if op == "unlink" else after
    if not link or "claim_a" not in link:
        return []
    other = link["claim_b"] if link["claim_a"] == claim_id else link["claim_a"]
    label = f"{link.get('relation', 'link')} #{other}"
    if link.get("note"):
        label += f": {link['note']}"
    if op == "unlink":
        return [{"field": "link", "old": label, "new": None}]
    return [{"field": "link", "old": None, "new": label}]


def parse_since(value: str | None) -> str | None:
    """``--since``: a date or an ISO time (UTC unless an offset is given), as stored text."""
    if value is None or not value.strip():
        return None
    value = value.strip()
    if _SINCE.fullmatch(value):
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
        else:
            if len(value) == 10:
                return when.date().isoformat()
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    raise InvalidInput(
        f"--since {value!r}: expected a date YYYY-MM-DD or a time YYYY-MM-DDTHH:MM[:SS][Z]"
    )


def event_log(conn: Connection, since: str | None = None) -> list[dict[str, Any]]:
    """The event log, oldest first: id, at, actor, op, record, row_id, before, after."""
    start = parse_since(since)
    query = select(Event).order_by(Event.c.id)
    if start:
        query = query.where(Event.c.at >= start)
    rows = conn.execute(query).all()
    return [
        {
            "id": e.id,
            "at": e.at,
            "actor": e.actor,
            "op": e.op,
            "record": e.record,
            "row_id": e.row_id,
            "before": _load(e.before),
            "after": _load(e.after),
        }
        for e in rows
    ]
