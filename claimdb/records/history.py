"""Revision history: edit and retract claims, read a claim's versions and the event log.

Nothing is kept in copy tables: every change appends to the one ``event`` table in the
same transaction (``Claimdb.log``), and history is read back from it. An ``edit`` logs
the full claim record before and after; a ``retract`` logs the retraction fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.api import _claim_record, content_key, search_key
from claimdb.db.store import now, retried
from claimdb.db.tables import Claim, ClaimVia, Entity, Event, Link, Source
from claimdb.errors import Conflict, InvalidInput
from claimdb.models import ACTS
from claimdb.records import names

# What ``claim edit`` may change: option name → claim column.
EDITABLE = {
    "text": "text",
    "quote": "quote",
    "translation": "translation",
    "act": "act",
    "said_on": "said_on",
    "speaker": "speaker_id",
    "target": "target_id",
    "source": "source_id",
    "topic": "topic",
    "location": "location",
    "lang": "lang",
    "credibility": "credibility",
}
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
_NOT_RECORDED = ("id", "search_key", "retracted_at", "retraction_reason")
_SINCE = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?"
)


# -- writes -------------------------------------------------------------------------------


@retried
def edit_claim(db, ref: str | int, changes: Mapping[str, Any]) -> tuple[int, list[str]]:
    """Change the given fields of a claim (``None``: keep; ``""``: clear an optional one).

    Returns the claim id and the fields that changed (empty: the values were current).
    """
    given = {k: v for k, v in changes.items() if v is not None}
    if set(given) - set(EDITABLE):
        raise ValueError(f"not editable: {sorted(set(given) - set(EDITABLE))}")
    with db.store.write() as conn:
        row = db.get_claim(conn, ref)
        claim_id = row["id"]
        if not given:
            options = ", ".join("--" + k.replace("_", "-") for k in EDITABLE)
            raise InvalidInput(f"claim #{claim_id}: nothing to change; give one of {options}")
        if row["retracted_at"] is not None:
            raise Conflict(
                f"claim #{claim_id} is retracted ({row['retraction_reason']}); "
                "a retracted claim cannot be edited"
            )
        new = row | _new_values(db, conn, given)
        changed = [c for c in EDITABLE.values() if new[c] != row[c]]
        if not changed:
            return claim_id, []
        if new["quote"] and new["source_id"] is not None and {"quote", "source_id"} & set(changed):
            db._check_quote(conn, new["quote"], new["source_id"])
        new["content_key"] = content_key(new["speaker_id"], new["said_on"], new["text"])
        clash = conn.execute(
            select(Claim.c.id).where(
                Claim.c.content_key == new["content_key"], Claim.c.id != claim_id
            )
        ).first()
        if clash:
            raise Conflict(
                f"claim #{clash.id} already says this (same speaker, date and text); "
                f"claim #{claim_id} was not changed"
            )
        new["search_key"] = search_key(new["text"], new["quote"], new["translation"])
        new["updated_at"] = now()
        columns = [*changed, "content_key", "search_key", "updated_at"]
        conn.execute(
            update(Claim).where(Claim.c.id == claim_id).values(**{c: new[c] for c in columns})
        )
        via = _via(conn, claim_id)
        db.log(conn, "edit", "claim", claim_id, before=_record(row, via), after=_record(new, via))
        return claim_id, changed


def _new_values(db, conn: Connection, given: Mapping[str, Any]) -> dict[str, Any]:
    """Checked column values for the options given."""
    out: dict[str, Any] = {}
    for option, value in given.items():
        column = EDITABLE[option]
        if option == "text":
            out[column] = validate.text(value, "claim text", required=True)
        elif option == "act":
            out[column] = validate.choice(value, ACTS, "act")
        elif option == "said_on":
            out[column] = validate.iso_date(value, "said-on date")
        elif option in ("speaker", "target"):
            out[column] = names.resolve(conn, value, option)
        elif option == "source":
            out[column] = db.find_source(conn, value) if str(value).strip() else None
        elif option == "credibility":
            out[column] = validate.credibility(value)
        else:
            out[column] = validate.text(value, option)
    return out


def _via(conn: Connection, claim_id: int) -> list[int]:
    rows = conn.execute(
        select(ClaimVia.c.entity_id)
        .where(ClaimVia.c.claim_id == claim_id)
        .order_by(ClaimVia.c.position)
    )
    return list(rows.scalars())


def _record(row: Mapping[str, Any], via: list[int]) -> dict[str, Any]:
    """The logged record of a claim: the same keys as when it was added."""
    return _claim_record({k: v for k, v in row.items() if k not in _NOT_RECORDED}, via)


@retried
def retract_claim(db, ref: str | int, reason: str) -> int:
    """Mark a claim retracted with a reason (never deleted; its links are kept)."""
    reason = validate.text(reason, "retraction reason", required=True)
    with db.store.write() as conn:
        row = db.get_claim(conn, ref)
        claim_id = row["id"]
        if row["retracted_at"] is not None:
            raise Conflict(
                f"claim #{claim_id} was already retracted on {row['retracted_at'][:10]} "
                f"({row['retraction_reason']})"
            )
        stamp = now()
        after = {"retracted_at": stamp, "retraction_reason": reason, "updated_at": stamp}
        conn.execute(update(Claim).where(Claim.c.id == claim_id).values(**after))
        before = {"retracted_at": None, "retraction_reason": None, "updated_at": row["updated_at"]}
        db.log(conn, "retract", "claim", claim_id, before=before, after=after)
        return claim_id


# -- reads ----------------------------------------------------------------------------------


def claim_history(db, ref: str | int) -> list[dict[str, Any]]:
    """Every version of a claim, oldest first, with its link and unlink events.

    Each entry: version (claim changes only), at, by, op, changes = [{field, old, new}].
    """
    with db.store.read() as conn:
        row = db.get_claim(conn, ref)
        claim_id = row["id"]
        link_ids = select(Link.c.id).where(
            or_(Link.c.claim_a == claim_id, Link.c.claim_b == claim_id)
        )
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
            parsed.insert(0, _created(row, _via(conn, claim_id), parsed))
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
    state = _record(row, via)
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


def event_log(db, since: str | None = None) -> list[dict[str, Any]]:
    """The event log, oldest first: id, at, actor, op, record, row_id, before, after."""
    start = parse_since(since)
    query = select(Event).order_by(Event.c.id)
    if start:
        query = query.where(Event.c.at >= start)
    with db.store.read() as conn:
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


def summary(event: Mapping[str, Any], width: int = 100) -> str:
    """One short line saying what an event changed (for tables)."""
    before, after = event["before"] or {}, event["after"] or {}
    if before and after:
        parts = [
            f"{k}: {_short(before.get(k))} → {_short(after.get(k))}"
            for k in after
            if k not in ("updated_at", "content_key") and before.get(k) != after.get(k)
        ]
        line = "; ".join(parts)
    else:
        record = after or before
        label = next((record[k] for k in ("text", "name", "title", "alias") if k in record), None)
        line = str(label) if label is not None else json.dumps(record, ensure_ascii=False)
    return line if len(line) <= width else line[: width - 1] + "…"


def _short(value: Any, width: int = 40) -> str:
    text = "—" if value is None else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"
