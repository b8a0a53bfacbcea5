"""Verdict records of an import: checked as a batch, then inserted by one executemany.

A verdict is keyed by its claim and the review (a source): the same pair with the same
rating is already present; with another rating it is an error naming the record, since
an import never overwrites what a fact-checker said.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.engine import Connection

from claimdb.db.tables import Verdict
from claimdb.errors import ClaimdbError, Conflict, NotFound
from claimdb.io import import_records as rec

COLUMNS = ("rating", "rating_value", "best_rating", "worst_rating", "explanation")


def write(
    conn: Connection,
    pending: list[tuple[int | str, dict[str, Any], int]],
    ids: dict[str, int],
    name: str,
    stamp: str,
) -> tuple[int, int]:
    """Insert the (line, verdict record, source id) triples whose claim ``ids`` maps to a
    claim id; returns (added, already present)."""
    new: dict[tuple[int, int], tuple[int | str, dict[str, Any]]] = {}
    existing = 0
    for line, r, source_id in pending:
        try:
            ref = rec.key(r, "claim")
            if ref not in ids:
                raise NotFound(f"claim: unknown claim key {ref!r}; give the key of a claim above")
            pair = (ids[ref], source_id)
            if pair in new:
                _same(new[pair][1]["rating"], r["rating"], pair)
                existing += 1
            else:
                new[pair] = (line, r)
        except ClaimdbError as e:
            raise rec.located(e, name, line, "verdict") from None
    if not new:
        return 0, existing
    found = conn.execute(
        select(Verdict.c.claim_id, Verdict.c.source_id, Verdict.c.rating).where(
            tuple_(Verdict.c.claim_id, Verdict.c.source_id).in_(list(new))
        )
    ).all()
    for claim_id, source_id, rating in found:
        line, r = new.pop((claim_id, source_id))
        try:
            _same(rating, r["rating"], (claim_id, source_id))
        except ClaimdbError as e:
            raise rec.located(e, name, line, "verdict") from None
        existing += 1
    if new:
        rows = [
            {"claim_id": c, "source_id": s, "created_at": stamp} | {k: r.get(k) for k in COLUMNS}
            for (c, s), (_, r) in new.items()
        ]
        conn.execute(insert(Verdict), rows)
    return len(new), existing


def _same(earlier: str, rating: str, pair: tuple[int, int]) -> None:
    if earlier != rating:
        raise Conflict(
            f"claim #{pair[0]} already has the verdict {earlier!r} from source #{pair[1]}, "
            f"not {rating!r}"
        )
