"""Fact-checkers' verdicts on claims, read (the importer writes them:
``claimdb.io.import_verdicts``)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, true
from sqlalchemy.engine import Connection

from claimdb.db.tables import Source, Verdict
from claimdb.models import VerdictView
from claimdb.records.ids import among


def of_claims(
    conn: Connection, ids: Iterable[int], at: str | None = None
) -> dict[int, list[VerdictView]]:
    """The fact-checkers' verdicts on these claims, oldest review first (with ``at``:
    those recorded by then)."""
    ids = list(ids)
    if not ids:
        return {}
    query = (
        select(
            Verdict.c.claim_id, Source.c.publisher, Source.c.title, Verdict.c.rating,
            Verdict.c.rating_value, Verdict.c.best_rating, Verdict.c.worst_rating,
            Source.c.url, Source.c.published_on, Source.c.id, Verdict.c.explanation,
            Source.c.title, Source.c.lang,
        )
        .join(Source, Source.c.id == Verdict.c.source_id)
        .where(among(conn, Verdict.c.claim_id, ids))
        .where(Verdict.c.created_at <= at if at is not None else true())
        .order_by(Verdict.c.claim_id, Source.c.published_on, Verdict.c.id)
    )  # fmt: skip
    out: dict[int, list[VerdictView]] = {}
    for claim_id, publisher, title, *rest in conn.execute(query):
        out.setdefault(claim_id, []).append(VerdictView(publisher or title, *rest))
    return out
