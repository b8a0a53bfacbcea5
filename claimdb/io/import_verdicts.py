"""Verdict records of an import: checked one by one, written in batches.

A verdict is keyed by its claim and the review (a source): the same pair with the same
rating is already present; with another rating it is an error naming the record, since
an import never overwrites what a fact-checker said.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, tuple_
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.tables import Verdict
from claimdb.errors import ClaimdbError, Conflict, InvalidInput, NotFound
from claimdb.io import import_records as rec

NUMBERS = ("rating_value", "best_rating", "worst_rating")


def check(r: dict[str, Any]) -> Any:
    """Check a verdict record's own fields; returns its source reference."""
    validate.text(rec.text(r, "rating"), "rating", required=True)
    for name in NUMBERS:
        rec.number(r, name)
    rec.optional(r, "explanation")
    if rec.key(r, "claim") is None:
        raise InvalidInput("claim: missing (the key of a claim record above, or #id)")
    return r.get("source")


class Batch:
    """Verdicts waiting for their claims' ids: ``add``, then ``write``."""

    def __init__(self) -> None:
        self.pending: list[tuple[int | str, dict[str, Any], int]] = []

    def add(self, line: int | str, r: dict[str, Any], source_id: int) -> int:
        """Keep a checked record and its review's source id; returns how many wait."""
        fields = {k: r.get(k) for k in NUMBERS} | {"claim": rec.key(r, "claim")}
        fields |= {"rating": r["rating"].strip(), "explanation": rec.optional(r, "explanation")}
        self.pending.append((line, fields, source_id))
        return len(self.pending)

    def claim_refs(self) -> set[str]:
        return {r["claim"] for _, r, _ in self.pending}

    def write(
        self, conn: Connection, ids: dict[str, int], name: str, stamp: str
    ) -> tuple[int, int]:
        """Insert the waiting verdicts (``ids``: claim keys → claim ids); returns (added,
        already present)."""
        pending, self.pending = self.pending, []
        new: dict[tuple[int, int], tuple[int | str, dict[str, Any]]] = {}
        existing = 0
        for line, r, source_id in pending:
            try:
                if r["claim"] not in ids:
                    raise NotFound(f"claim: unknown claim key {r['claim']!r}")
                pair = (ids[r["claim"]], source_id)
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
            columns = ("rating", *NUMBERS, "explanation")
            rows = [
                {"claim_id": c, "source_id": s, "created_at": stamp} | {k: r[k] for k in columns}
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
