"""The contradiction report and the speakers summary, built from the store.

Queries fetch the linked claims set-wise; the pure ``disputes`` module splits
them into disputes and sides; the result types go to ``render``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.analysis import disputes, standing
from claimdb.db.tables import Claim, Link
from claimdb.errors import InvalidInput
from claimdb.models import (
    ClaimView,
    DisputeView,
    LinkRow,
    LinkView,
    Report,
    Side,
    SpeakerPair,
)
from claimdb.records import reads
from claimdb.records.ids import ids_sql

BATCH = 500  # seed claims expanded at a time


_TOUCHING = """
SELECT claim_a, claim_b, relation, note FROM link WHERE removed_at IS NULL AND claim_a {ids}
UNION ALL
SELECT claim_a, claim_b, relation, note FROM link WHERE removed_at IS NULL AND claim_b {ids}
"""


def _links_touching(conn: Connection, ids: set[int]) -> list[Any]:
    """Live links with either claim in ``ids``: one statement, each side on its own index
    (link_a, link_b)."""
    where, value = ids_sql(conn, ids)
    return conn.execute(text(_TOUCHING.format(ids=where)), {"ids": value}).all()


_RETRACTED = "SELECT id FROM claim WHERE id {ids} AND retracted_at IS NOT NULL"


def seed_ids(
    conn: Connection, speaker: int | None, target: int | None, topic: str | None, since: str | None
) -> list[int] | None:
    """Claims matching the filters that take part in a live link (None: no filter)."""
    if speaker is None and target is None and not topic and not since:
        return None
    linked = select(Link.c.id).where(
        or_(Link.c.claim_a == Claim.c.id, Link.c.claim_b == Claim.c.id), Link.c.removed_at.is_(None)
    )
    query = select(Claim.c.id).where(linked.exists())
    for column, value in (
        (Claim.c.speaker_id, speaker),
        (Claim.c.target_id, target),
        (Claim.c.topic, topic),
    ):
        if value is not None and value != "":
            query = query.where(column == value)
    if since:
        query = query.where(Claim.c.said_on >= since)
    return sorted(conn.execute(query).scalars())


def _live_links(conn: Connection, include_retracted: bool) -> list[Any]:
    query = select(Link.c.claim_a, Link.c.claim_b, Link.c.relation, Link.c.note).where(
        Link.c.removed_at.is_(None)
    )
    if not include_retracted:  # joins, not "IN (SELECT ...)": that probes list × list
        a, b = Claim.alias("a"), Claim.alias("b")
        query = (
            query.join(a, a.c.id == Link.c.claim_a)
            .join(b, b.c.id == Link.c.claim_b)
            .where(a.c.retracted_at.is_(None), b.c.retracted_at.is_(None))
        )
    return conn.execute(query.order_by(Link.c.claim_a, Link.c.claim_b)).all()


def first_claims(conn: Connection, batch: int) -> Iterator[list[int]]:
    """The smallest claim of every linked group is the claim_a of one of its links: these,
    in ascending order, ``batch`` at a time (keyset pagination over link_pair)."""
    after = 0
    while True:
        ids = list(
            conn.execute(
                select(Link.c.claim_a)
                .where(Link.c.removed_at.is_(None), Link.c.claim_a > after)
                .distinct()
                .order_by(Link.c.claim_a)
                .limit(batch)
            ).scalars()
        )
        if not ids:
            return
        yield ids
        after = ids[-1]


class Walk:
    """Disputes grown breadth first from seed claims: one query per step outwards for a
    whole batch of seeds, each claim's retraction looked up once, union-find for groups."""

    def __init__(self, conn: Connection, include_retracted: bool) -> None:
        self.conn = conn
        self.include_retracted = include_retracted
        self.reached: set[int] = set()
        self.retracted: dict[int, bool] = {}
        self.seen: set[tuple[int, int]] = set()
        self.parent: dict[int, int] = {}
        self.rows: list[Any] = []

    def find(self, x: int) -> int:
        parent = self.parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def live(self, ids: set[int]) -> set[int]:
        """The ids that are not retracted claims (all of them with include_retracted)."""
        if self.include_retracted:
            return ids
        unknown = ids - self.retracted.keys()
        if unknown:
            where, value = ids_sql(self.conn, unknown)
            sql = text(_RETRACTED.format(ids=where))
            found = set(self.conn.execute(sql, {"ids": value}).scalars())
            self.retracted.update((i, i in found) for i in unknown)
        return {i for i in ids if not self.retracted[i]}

    def grow(self, seeds: Iterable[int]) -> None:
        """Add the whole disputes of ``seeds`` (their live links, transitively)."""
        frontier = self.live({s for s in seeds if s not in self.reached})
        while frontier:
            self.reached |= frontier
            links = _links_touching(self.conn, frontier)
            ends = self.live({i for r in links for i in (r[0], r[1])})
            step: set[int] = set()
            for r in links:
                a, b = r[0], r[1]
                if a in ends and b in ends and (a, b) not in self.seen:
                    self.seen.add((a, b))
                    self.rows.append(r)
                    self.parent[self.find(a)] = self.find(b)
                    step.add(a)
                    step.add(b)
            frontier = step - self.reached


def _paged_links(
    conn: Connection, seeds: Iterable[list[int]], include_retracted: bool, limit: int | None
) -> list[Any]:
    """Live links of the first ``limit`` disputes (all without one) holding a seed claim.

    Disputes come in the order of their smallest seed. Seeds arrive in ascending batches,
    each grown to whole disputes (``Walk``), so a report's first page reads only the
    disputes it shows, however many links the database holds.
    """
    walk = Walk(conn, include_retracted)
    order: dict[int, None] = {}  # dispute roots, in the order of their first seed
    for batch in seeds:
        walk.grow(batch)
        for s in batch:
            if s in walk.parent:
                order.setdefault(walk.find(s))
        if limit is not None and len(order) >= limit:
            break
    shown = set(list(order)[:limit])
    return sorted(LinkRow(*r) for r in walk.rows if walk.find(r[0]) in shown)  # by (a, b)


def build(
    conn: Connection,
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
    limit: int | None = None,
) -> Report:
    return assemble(conn, *fetch(conn, speaker, target, topic, since, include_retracted, limit))


def fetch(
    conn: Connection,
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
    limit: int | None = None,
) -> tuple[dict[int, ClaimView], list[Any]]:
    """The report's claims (by id) and live links (rows with claim_a, claim_b, relation, note).

    With ``limit``, only the first ``limit`` disputes: by their smallest claim, or with a
    filter by their smallest claim that matches it. The speaker summary then covers them.
    """
    if limit is not None and limit < 0:
        raise InvalidInput(f"--limit {limit}: expected 0 (every dispute) or more")
    seeds = seed_ids(conn, speaker, target, topic, since)
    if seeds is None and limit is None:
        rows = _live_links(conn, include_retracted)
    else:
        batch = min(limit, BATCH) if limit else BATCH
        batches = (
            first_claims(conn, batch)
            if seeds is None
            else (seeds[i : i + batch] for i in range(0, len(seeds), batch))
        )
        rows = _paged_links(conn, batches, include_retracted, limit)
    rows = [LinkRow(*r) for r in rows]  # a Row attribute costs ~1 µs; a NamedTuple's ~30 ns
    ids = {r.claim_a for r in rows} | {r.claim_b for r in rows}
    views = {c.id: c for c in reads.claims(conn, ids=ids, include_retracted=True)}
    return views, rows


def assemble(conn: Connection, views: dict[int, ClaimView], rows: list[Any]) -> Report:
    """Disputes, sides, voices, standings and the speaker summary of claims and links."""
    speakers = {c.speaker_id for c in views.values()}
    chains = reads.ancestry(conn, speakers)  # once: camps and blocs both need it
    camp = {k: chain[-1] for k, chain in chains.items()}
    bloc = reads.blocs(conn, speakers, chains)
    nodes = {
        c.id: disputes.Node(
            c.id, c.speaker_id, camp[c.speaker_id][0], bloc[c.speaker_id], c.retracted
        )
        for c in views.values()
    }
    edges = [disputes.Edge(r.claim_a, r.claim_b, r.relation, r.note) for r in rows]
    found = disputes.build_disputes(nodes.values(), edges)
    standing = disputes.standing(nodes, found)
    for c in views.values():
        c.standing = standing.get(c.id)
    out = []
    for number, d in enumerate(found, 1):
        sides = d.sides or [d.claim_ids]
        out.append(
            DisputeView(
                number=number,
                sides=[
                    Side([views[i] for i in side], disputes.voices(side, nodes)) for side in sides
                ],
                links=[LinkView(e.a, e.b, e.relation, e.note) for e in d.edges],
                tangled=d.tangled,
                within_camp=d.within_camp,
                camps=sorted({views[i].camp or "" for i in d.claim_ids}),
            )
        )
    pairs = disputes.speaker_pairs(nodes, edges)
    names = {c.speaker_id: c.speaker for c in views.values()}
    summary = sorted(
        (
            SpeakerPair(names[a], names[b], n.get("contradicts", 0), n.get("supports", 0))
            for (a, b), n in pairs.items()
            if a != b
        ),
        key=lambda p: (-p.contradicts, -p.supports, p.a, p.b),
    )
    return Report(disputes=out, pairs=summary)


def report(
    conn: Connection,
    as_of: str | None = None,
    min_grade: str | None = None,
    sort: str = "dispute",
    limit: int | None = None,
    **filters: Any,
) -> Report:
    """The contradiction report, now or ``as_of`` a time, restricted to claims graded at
    least ``min_grade`` and sorted by ``sort`` (``dispute`` or ``grade``); with ``limit``,
    its first ``limit`` disputes only (see ``fetch``)."""
    from claimdb.analysis import grading

    validate.choice(sort, ("dispute", "grade"), "sort")
    minimum = grading.parse_min_grade(min_grade) if min_grade else None
    if as_of is not None:
        from claimdb.analysis import asof

        views, rows = asof.report_input(conn, asof.parse_at(as_of), **filters)
    else:
        views, rows = fetch(conn, limit=limit, **filters)
    if minimum is not None:
        views = {i: v for i, v in views.items() if grading.meets(v.grade, minimum)}
        rows = [r for r in rows if r.claim_a in views and r.claim_b in views]
        linked = {r.claim_a for r in rows} | {r.claim_b for r in rows}
        views = {i: v for i, v in views.items() if i in linked}
    result = assemble(conn, views, rows)
    if as_of is not None and limit:
        result.disputes = result.disputes[:limit]
    standing.annotate((c for d in result.disputes for s in d.sides for c in s.claims), {})
    if sort == "grade":
        grading.sort_report(result)
    return result
