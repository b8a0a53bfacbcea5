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
    written = _Bits()  # the claims of the disputes written already: one bit per claim id
    for seed_batch in batches:
        walk.grow([s for s in seed_batch if s not in written])
        if not walk.rows:
            continue
        rows = sorted(LinkRow(*r) for r in walk.rows)
        # The disputes of this batch are whole: no later seed reaches into them except
        # by a claim already reached. Those claims become bits; the walk forgets the rest.
        written.update(walk.reached)
        for done in (walk.rows, walk.seen, walk.parent, walk.retracted, walk.reached):
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


class _Bits:
    """A set of claim ids as a bitmap: 125 kB for a million claims, where a set of ints
    takes tens of megabytes."""

    def __init__(self) -> None:
        self.bits = bytearray()

    def __contains__(self, i: int) -> bool:
        return (i >> 3) < len(self.bits) and bool(self.bits[i >> 3] >> (i & 7) & 1)

    def update(self, ids: set[int]) -> None:
        if not ids:
            return
        top = max(ids) >> 3
        if top >= len(self.bits):
            self.bits.extend(bytes(top + 1 - len(self.bits)))
        for i in ids:
            self.bits[i >> 3] |= 1 << (i & 7)
