"""What an export covers, read in streams: the claims that pass the filters (in id
order, never all in memory), and the entities and sources they need.

Entities (and their aliases and memberships) are read whole: they are few next to
claims. The filters (a ``Selection``) are those of ``report``: speaker, target (entity
ids), topic, since.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Alias, Claim, ClaimVia, Entity, Link, Membership, Source, Verdict
from claimdb.models import VerdictView


@dataclass
class Selection:
    """Which claims an export covers (None: any)."""

    speaker: int | None = None
    target: int | None = None
    topic: str | None = None
    since: str | None = None

    @property
    def any(self) -> bool:
        return any(v is not None and v != "" for v in vars(self).values())

    def where(self) -> list[Any]:
        clauses = []
        if self.speaker is not None:
            clauses.append(Claim.c.speaker_id == self.speaker)
        if self.target is not None:
            clauses.append(Claim.c.target_id == self.target)
        if self.topic:
            clauses.append(Claim.c.topic == self.topic)
        if self.since:
            clauses.append(Claim.c.said_on >= self.since)
        return clauses


@dataclass
class EntityRow:
    id: int
    name: str
    kind: str
    parent_id: int | None
    aliases: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)


def _stream(conn: Connection, query) -> Iterator[Any]:
    return iter(conn.execution_options(stream_results=True).execute(query))


def entities(conn: Connection) -> dict[int, EntityRow]:
    """Every entity with its aliases (in the order added) and members."""
    rows = {
        r.id: EntityRow(r.id, r.name, r.kind, r.parent_id)
        for r in conn.execute(select(Entity.c.id, Entity.c.name, Entity.c.kind, Entity.c.parent_id))
    }
    for entity_id, alias in conn.execute(
        select(Alias.c.entity_id, Alias.c.alias).order_by(Alias.c.id)
    ):
        rows[entity_id].aliases.append(alias)
    for coalition, member in conn.execute(
        select(Membership.c.coalition_id, Membership.c.member_id)
    ):
        rows[coalition].members.append(member)
    return rows


def needed(conn: Connection, filters: Selection, rows: dict[int, EntityRow]) -> set[int]:
    """The entities an export needs: all, or those the chosen claims name, with the
    parents and members they depend on."""
    if not filters.any:
        return set(rows)
    where = filters.where()
    todo = set(conn.execute(select(Claim.c.speaker_id).where(*where).distinct()).scalars())
    todo |= set(conn.execute(select(Claim.c.target_id).where(*where).distinct()).scalars())
    todo |= set(
        conn.execute(
            select(ClaimVia.c.entity_id)
            .join(Claim, Claim.c.id == ClaimVia.c.claim_id)
            .where(*where)
        ).scalars()
    )
    out: set[int] = set()
    while todo:
        entity_id = todo.pop()
        if entity_id in out:
            continue
        out.add(entity_id)
        row = rows[entity_id]
        todo.update(d for d in [row.parent_id, *row.members] if d is not None)
    return out


def in_dependency_order(rows: dict[int, EntityRow], ids: Iterable[int]) -> list[EntityRow]:
    """Parents and members before the entities that name them; otherwise by id."""
    ids = set(ids)
    deps = {i: {d for d in [rows[i].parent_id, *rows[i].members] if d in ids} for i in ids}
    users: dict[int, list[int]] = defaultdict(list)
    for i, ds in deps.items():
        for d in ds:
            users[d].append(i)
    ready = [i for i, ds in deps.items() if not ds]
    heapq.heapify(ready)
    out: list[int] = []
    while ready:
        i = heapq.heappop(ready)
        out.append(i)
        for u in users[i]:
            deps[u].discard(i)
            if not deps[u]:
                heapq.heappush(ready, u)
    out += sorted(ids - set(out))  # a cycle (not expected): keep id order
    return [rows[i] for i in out]


def camps(rows: dict[int, EntityRow]) -> dict[int, str]:
    """Each entity's camp: the name of its root ancestor."""
    out: dict[int, str] = {}
    for entity_id in rows:
        chain, at = [], entity_id
        while at is not None and at not in out and len(chain) < 64:
            chain.append(at)
            at = rows[at].parent_id
        root = out[at] if at is not None and at in out else rows[chain[-1]].name
        for i in chain:
            out[i] = root
    return out


def sources(conn: Connection, filters: Selection) -> Iterator[Any]:
    """The chosen claims' sources and the reviews (sources) of their verdicts."""
    query = select(*Source.columns).order_by(Source.c.id)
    if filters.any:
        chosen = select(Claim.c.id).where(*filters.where())
        query = query.where(
            or_(
                Source.c.id.in_(select(Claim.c.source_id).where(*filters.where())),
                Source.c.id.in_(select(Verdict.c.source_id).where(Verdict.c.claim_id.in_(chosen))),
            )
        )
    return _stream(conn, query)


def verdicts(conn: Connection) -> Iterator[Any]:
    """Every verdict (claim, source, rating fields) in claim order."""
    columns = [Verdict.c[k] for k in VERDICT_COLUMNS]
    return _stream(conn, select(*columns).order_by(Verdict.c.claim_id, Verdict.c.id))


VERDICT_COLUMNS = (
    *("claim_id", "source_id", "rating", "rating_value", "best_rating", "worst_rating"),
    "explanation",
)


def verdict_views(conn: Connection) -> Iterator[tuple[int, VerdictView]]:
    """(claim id, verdict) for every verdict, in claim order (for ``Follow``)."""
    query = (
        select(
            Verdict.c.claim_id, Source.c.publisher, Source.c.title, Verdict.c.rating,
            Verdict.c.rating_value, Verdict.c.best_rating, Verdict.c.worst_rating,
            Source.c.url, Source.c.published_on,
        )
        .join(Source, Source.c.id == Verdict.c.source_id)
        .order_by(Verdict.c.claim_id, Source.c.published_on, Verdict.c.id)
    )  # fmt: skip
    for claim_id, publisher, title, *rest in _stream(conn, query):
        yield claim_id, VerdictView(publisher or title, *rest)


def with_verdicts(conn: Connection) -> set[int]:
    """The ids of the claims that have a verdict."""
    return set(conn.execute(select(Verdict.c.claim_id).distinct()).scalars())


# The columns ``claims`` yields, in this order (exports index rows by position).
CLAIM_COLUMNS = (
    *("id", "speaker_id", "target_id", "said_on", "act", "lang", "text", "quote"),
    *("translation", "topic", "location", "source_id", "credibility", "retracted_at"),
    "retraction_reason",
)


def claims(conn: Connection, filters: Selection) -> Iterator[Any]:
    """The chosen claims in id order (CLAIM_COLUMNS, then ``linked``: whether a live
    link touches the claim)."""
    linked = or_(
        exists().where(Link.c.claim_a == Claim.c.id, Link.c.removed_at.is_(None)),
        exists().where(Link.c.claim_b == Claim.c.id, Link.c.removed_at.is_(None)),
    )
    columns = [Claim.c[c] for c in CLAIM_COLUMNS]
    query = select(*columns, linked.label("linked"))
    return _stream(conn, query.where(*filters.where()).order_by(Claim.c.id))


def vias(conn: Connection, filters: Selection) -> Iterator[Any]:
    query = select(ClaimVia.c.claim_id, ClaimVia.c.entity_id).order_by(
        ClaimVia.c.claim_id, ClaimVia.c.position
    )
    if filters.any:
        query = query.join(Claim, Claim.c.id == ClaimVia.c.claim_id).where(*filters.where())
    return _stream(conn, query)


def links(conn: Connection) -> Iterator[Any]:
    """Live links in (claim_a, claim_b) order."""
    return _stream(
        conn,
        select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note)
        .where(Link.c.removed_at.is_(None))
        .order_by(Link.c.claim_a, Link.c.claim_b),
    )


def links_by_claim(conn: Connection) -> Iterator[tuple[int, int, str, str | None, int]]:
    """Each live link twice, once from each end: (claim, other claim, relation, note,
    other claim's speaker id), ordered by claim then other claim."""
    other = Claim.alias("other")

    def side(mine, theirs):
        return _stream(
            conn,
            select(mine, theirs, Link.c.relation, Link.c.note, other.c.speaker_id)
            .join(other, other.c.id == theirs)
            .where(Link.c.removed_at.is_(None))
            .order_by(mine, theirs),
        )

    return heapq.merge(
        side(Link.c.claim_a, Link.c.claim_b),
        side(Link.c.claim_b, Link.c.claim_a),
        key=lambda r: (r[0], r[1]),
    )


class Follow:
    """Walks a stream ordered by claim id alongside the claims: ``take(id)`` returns the
    rows for that claim (rows of claims not asked for are skipped)."""

    def __init__(self, rows: Iterable[Any]) -> None:
        self.rows = iter(rows)
        self.head = next(self.rows, None)

    def take(self, claim_id: int) -> list[Any]:
        out = []
        while self.head is not None and self.head[0] <= claim_id:
            if self.head[0] == claim_id:
                out.append(self.head)
            self.head = next(self.rows, None)
        return out
