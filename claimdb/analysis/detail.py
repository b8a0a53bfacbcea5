"""One claim as ``claim show`` shows it: its standing, its chain and its links, now or
as it was at a past time."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Connection

from claimdb.analysis import asof
from claimdb.analysis.standing import annotate, chain, standings
from claimdb.models import ClaimView
from claimdb.records import reads


def claim_detail(
    conn: Connection, claim_id: int, as_of: str | None = None
) -> tuple[ClaimView, list[dict[str, Any]]]:
    """One claim (now, or as it was at ``as_of``) with standing, chain and its links."""
    if as_of is not None:
        view, links = asof.claim_detail(conn, claim_id, asof.parse_at(as_of))
    else:
        view, links = reads.claim_detail(conn, claim_id)
        annotate([view], standings(conn, [claim_id]))
    view.chain = chain(conn, view)
    return view, links
