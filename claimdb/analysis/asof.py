"""What the database held at a past time, rebuilt from the rows and the event log.

A row existed at T when ``created_at <= T``. Its values at T are its current values with
the ``before`` of every later event on it applied, newest first (an ``edit`` logs the full
record, a ``retract`` or ``grade`` only the fields it changed), so any mix of changes
rewinds exactly. A link was live at T when ``created_at <= T`` and it was not removed by
then. Entities, their names, parents and coalitions are taken as they are now.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.engine import Connection

from claimdb.analysis import disputes
from claimdb.analysis.standing import annotate, make_nodes
from claimdb.db.tables import Claim, ClaimVia, Entity, Event, Link, Source
from claimdb.errors import InvalidInput, NotFound
from claimdb.models import ClaimView, LinkRow
from claimdb.records import reads, verdicts
from claimdb.records.ids import chunks

STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"  # as claimdb.db.store.now() writes times


def parse_at(value: str) -> str:
    """An ISO date (meaning the END of that day, UTC) or datetime (UTC unless it has an
    offset) as stored time text, e.g. '2015-10-02' → '2015-10-02T23:59:59.999999Z'."""
    text = value.strip()
    try:
        if len(text) == 10:
            when = datetime.combine(date.fromisoformat(text), time.max, UTC)
        else:
            when = datetime.fromisoformat(text.replace(" ", "T", 1))
            when = when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)
    except ValueError:
        raise InvalidInput(
            f"--as-of {value!r}: expected an ISO date or time (UTC), "
            "e.g. 2015-10-02 or 2015-10-02T14:30:00"
        ) from None
    return when.strftime(STAMP)


def _rewind(
    conn: Connection, record: str, rows: dict[int, dict[str, Any]], at: str
) -> dict[int, dict[str, Any]]:
    """Apply, newest first, the ``before`` of every event on these rows after ``at``."""
    for part in chunks(rows):
        events = conn.execute(
            select(Event.c.row_id, Event.c.before)
            .where(Event.c.record == record, Event.c.row_id.in_(part), Event.c.at > at)
            .order_by(Event.c.id.desc())
        )
        for row_id, before in events:
            if before:
                state = rows[row_id]
                state.update({k: v for k, v in json.loads(before).items() if k in state})
    return rows


def claims_at(conn: Connection, at: str, ids: Collection[int] | None = None) -> dict[int, dict]:
    """Claim rows (with ``via``: entity ids) as they were at ``at``; absent if not yet added."""
    query = select(Claim).where(Claim.c.created_at <= at)
    parts = [query] if ids is None else [query.where(Claim.c.id.in_(p)) for p in chunks(ids)]
    rows = {r["id"]: dict(r) for q in parts for r in conn.execute(q).mappings()}
    via: dict[int, list[int]] = defaultdict(list)
    for part in chunks(rows):
        for claim_id, entity_id in conn.execute(
            select(ClaimVia.c.claim_id, ClaimVia.c.entity_id)
            .where(ClaimVia.c.claim_id.in_(part))
            .order_by(ClaimVia.c.claim_id, ClaimVia.c.position)
        ):
            via[claim_id].append(entity_id)
    for claim_id, row in rows.items():
        row["via"] = via[claim_id]
    rows = _rewind(conn, "claim", rows, at)
    for row in rows.values():
        if row["retracted_at"] is not None and row["retracted_at"] > at:
            row["retracted_at"] = row["retraction_reason"] = None
    return rows


def links_at(conn: Connection, at: str, ids: Collection[int] | None = None) -> list[LinkRow]:
    """Links live at ``at``, touching ``ids`` when given, ordered by pair."""
    query = select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note).where(
        Link.c.created_at <= at, or_(Link.c.removed_at.is_(None), Link.c.removed_at > at)
    )
    if ids is None:
        rows = conn.execute(query).all()
    else:
        rows = [
            r
            for part in chunks(ids)
            for r in conn.execute(
                query.where(or_(Link.c.claim_a.in_(part), Link.c.claim_b.in_(part)))
            )
        ]
    unique = {(r.claim_a, r.claim_b): LinkRow(*r) for r in rows}
    return [unique[k] for k in sorted(unique)]


def views_at(conn: Connection, rows: dict[int, dict], at: str) -> dict[int, ClaimView]:
    """ClaimViews of claim rows at ``at`` (sources with their reliability at ``at``)."""
    entity_ids = {r[k] for r in rows.values() for k in ("speaker_id", "target_id")}
    entity_ids |= {e for r in rows.values() for e in r["via"]}
    names: dict[int, str] = {}
    for part in chunks(entity_ids):
        names |= dict(
            conn.execute(select(Entity.c.id, Entity.c.name).where(Entity.c.id.in_(part))).all()
        )
    source_ids = {r["source_id"] for r in rows.values() if r["source_id"] is not None}
    sources: dict[int, dict] = {}
    for part in chunks(source_ids):
        query = select(Source.c.id, Source.c.title, Source.c.url, Source.c.reliability).where(
            Source.c.id.in_(part), Source.c.created_at <= at
        )
        sources |= {r["id"]: dict(r) for r in conn.execute(query).mappings()}
    sources = _rewind(conn, "source", sources, at)
    camp = reads.camps(conn, {r["speaker_id"] for r in rows.values()})
    judged = verdicts.of_claims(conn, rows, at=at)  # those recorded by then
    out = {}
    for i, r in sorted(rows.items()):
        source = sources.get(r["source_id"], {})
        speaker = r["speaker_id"]
        out[i] = ClaimView(
            id=i,
            speaker=names.get(speaker, f"#{speaker}"),
            target=names.get(r["target_id"], f"#{r['target_id']}"),
            text=r["text"],
            quote=r["quote"],
            translation=r["translation"],
            lang=r["lang"],
            act=r["act"],
            said_on=r["said_on"],
            source=source.get("title"),
            topic=r["topic"],
            location=r["location"],
            camp=camp[speaker][1] if speaker in camp else None,
            source_id=r["source_id"],
            source_url=source.get("url"),
            via=[names.get(e, f"#{e}") for e in r["via"]],
            grade=reads.grade(source.get("reliability"), r["credibility"]),
            retracted=r["retracted_at"] is not None,
            retraction_reason=r["retraction_reason"],
            speaker_id=speaker,
            target_id=r["target_id"],
            verdicts=judged.get(i, []),
        )
    return out


def claim_detail(
    conn: Connection, claim_id: int, at: str
) -> tuple[ClaimView, list[dict[str, Any]]]:
    """One claim as it was at ``at``, with its standing and its links live then."""
    rows = claims_at(conn, at, [claim_id])
    if claim_id not in rows:
        raise NotFound(f"claim #{claim_id} did not exist yet at {at}")
    links = links_at(conn, at, [claim_id])
    others = {reads.other_end(r, claim_id) for r in links}
    rows |= claims_at(conn, at, others)
    views = views_at(conn, rows, at)
    nodes = make_nodes(conn, ((i, v.speaker_id, v.retracted) for i, v in views.items()))
    edges = [disputes.Edge(r.claim_a, r.claim_b, r.relation, r.note) for r in links]
    view = views[claim_id]
    annotate([view], disputes.standing(nodes, edges))
    return view, reads.link_entries(claim_id, links, views)


def report_input(
    conn: Connection,
    at: str,
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
) -> tuple[dict[int, ClaimView], list[LinkRow]]:
    """The claims and live links of the report as it would have been at ``at``
    (the filters are applied to the claims as they were then)."""
    rows = claims_at(conn, at)
    live = {i for i, r in rows.items() if include_retracted or r["retracted_at"] is None}
    links = [r for r in links_at(conn, at) if r.claim_a in live and r.claim_b in live]
    if speaker is not None or target is not None or topic or since:
        wanted = _component(
            links,
            {
                i
                for i, r in rows.items()
                if (speaker is None or r["speaker_id"] == speaker)
                and (target is None or r["target_id"] == target)
                and (not topic or r["topic"] == topic)
                and (not since or (r["said_on"] or "") >= since)
            },
        )
        links = [r for r in links if r.claim_a in wanted and r.claim_b in wanted]
    ids = {r.claim_a for r in links} | {r.claim_b for r in links}
    return views_at(conn, {i: rows[i] for i in ids}, at), links


def _component(links: list[LinkRow], seeds: set[int]) -> set[int]:
    """Every claim connected by ``links`` to a linked claim in ``seeds``."""
    adjacent: dict[int, list[int]] = defaultdict(list)
    for r in links:
        adjacent[r.claim_a].append(r.claim_b)
        adjacent[r.claim_b].append(r.claim_a)
    reached = {i for i in seeds if i in adjacent}
    todo = list(reached)
    while todo:
        for other in adjacent[todo.pop()]:
            if other not in reached:
                reached.add(other)
                todo.append(other)
    return reached
