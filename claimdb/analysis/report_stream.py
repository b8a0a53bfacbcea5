"""The whole report as a stream of disputes (``report --limit 0`` in JSON or CSV).

Disputes are grown from seed claims a batch at a time (``report.Walk``, the same walk
that pages the report), each batch assembled, numbered and yielded before the next is
read: memory holds one batch of disputes plus the ids the walk has reached, however many
links the database holds. The speaker summary is added up batch by batch and is ready
when the last dispute has been read. Disputes come in the order of their smallest claim,
as in ``report.report``: a dispute's smallest claim is the first of its links' claim_a,
so it is first reached from the batch of seeds that holds that claim.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.engine import Connection

from claimdb.analysis import report, standing
from claimdb.models import DisputeView, LinkRow, SpeakerPair
from claimdb.records import reads


def disputes(
    conn: Connection,
    summary: list[SpeakerPair],
    speaker: int | None = None,
    target: int | None = None,
    topic: str | None = None,
    since: str | None = None,
    include_retracted: bool = False,
    batch: int | None = None,
) -> Iterator[DisputeView]:
    """Every dispute of the report (with the filters of ``report.fetch``), in order;
    ``summary`` is filled with the report's speaker summary once the last one is read."""
    batch = batch or report.BATCH
    seeds = report.seed_ids(conn, speaker, target, topic, since)
    batches = (
        report.first_claims(conn, batch)
        if seeds is None
        else (seeds[i : i + batch] for i in range(0, len(seeds), batch))
    )
    walk = report.Walk(conn, include_retracted)
    pairs: dict[tuple[str, str], list[int]] = {}
    number = 0
    for seed_batch in batches:
        walk.grow(seed_batch)
        if not walk.rows:
            continue
        rows = sorted(LinkRow(*r) for r in walk.rows)
        # The disputes of this batch are whole: no later seed reaches into them except
        # by a claim already reached. The walk keeps those claims, and forgets the rest.
        for done in (walk.rows, walk.seen, walk.parent, walk.retracted):
            done.clear()
        ids = {r.claim_a for r in rows} | {r.claim_b for r in rows}
        views = {c.id: c for c in reads.claims(conn, ids=ids, include_retracted=True)}
        part = report.assemble(conn, views, rows)
        standing.annotate((c for d in part.disputes for s in d.sides for c in s.claims), {})
        for p in part.pairs:
            counted = pairs.setdefault((p.a, p.b), [0, 0])
            counted[0] += p.contradicts
            counted[1] += p.supports
        for d in part.disputes:
            number += 1
            d.number = number
            yield d
    summary[:] = sorted(
        (SpeakerPair(a, b, c, s) for (a, b), (c, s) in pairs.items()),
        key=lambda p: (-p.contradicts, -p.supports, p.a, p.b),
    )
