"""schema.org ClaimReview (JSON-LD) for the claims that are in a dispute.

One ClaimReview per claim: ``claimReviewed`` is the claim's text, ``itemReviewed`` a
``Claim`` (author = the speaker, a Person or an Organization; ``datePublished`` = the
day it was said; ``appearance`` = the source), and ``reviewRating.alternateName`` the
claim's standing in the report (contested, corroborated...), explained by the claims
that contradict or support it. The review's ``url`` and ``author`` come from options.
The output is a JSON array of ClaimReview objects, each with its own ``@context``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Entity
from claimdb.models import ClaimView, DisputeView, Report

CONTEXT = "https://schema.org"
REQUIRED = ("@context", "@type", "url", "claimReviewed", "author", "reviewRating", "itemReviewed")
PHRASE = {"contradicts": "contradicted by", "supports": "supported by"}


def _set(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def speaker_kinds(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    ids = sorted(set(ids))
    if not ids:
        return {}
    return dict(conn.execute(select(Entity.c.id, Entity.c.kind).where(Entity.c.id.in_(ids))).all())


def reviews(
    report: Report, kinds: dict[int, str], url: str, author: str, today: str
) -> list[dict[str, Any]]:
    """A ClaimReview for every claim of every dispute, in report order."""
    out, seen = [], set()
    for dispute in report.disputes:
        claims = {c.id: c for side in dispute.sides for c in side.claims}
        for claim in claims.values():
            if claim.id not in seen:
                seen.add(claim.id)
                out.append(_review(claim, dispute, claims, kinds, url, author, today))
    return out


def _review(
    c: ClaimView,
    dispute: DisputeView,
    claims: dict[int, ClaimView],
    kinds: dict[int, str],
    url: str,
    author: str,
    today: str,
) -> dict[str, Any]:
    appearance = None
    if c.source or c.source_url:
        appearance = _set(**{"@type": "CreativeWork", "url": c.source_url, "name": c.source})
    speaker_type = "Person" if kinds.get(c.speaker_id) == "person" else "Organization"
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": f"{url}#claim-{c.id}",
        "claimReviewed": c.text,
        "datePublished": today,
        "author": {"@type": "Organization", "name": author},
        "itemReviewed": _set(
            **{"@type": "Claim"},
            author={"@type": speaker_type, "name": c.speaker},
            datePublished=c.said_on,
            appearance=appearance,
            inLanguage=c.lang,
        ),
        "reviewRating": _set(
            **{"@type": "Rating"},
            alternateName=c.standing or "in dispute",
            ratingExplanation=_explain(c, dispute, claims),
        ),
    }


def _explain(c: ClaimView, dispute: DisputeView, claims: dict[int, ClaimView]) -> str:
    parts = []
    for link in dispute.links:
        if c.id not in (link.a, link.b):
            continue
        other = claims.get(link.b if link.a == c.id else link.a)
        if other is None:
            continue
        when = f", {other.said_on}" if other.said_on else ""
        part = f"{PHRASE.get(link.relation, link.relation)} #{other.id} ({other.speaker}{when})"
        parts.append(part + (f": {link.note}" if link.note else ""))
    return f"Dispute {dispute.number}: " + "; ".join(parts)


def export(conn: Connection, out: TextIO, report: Report, url: str, author: str) -> int:
    """Write the reviews of the disputes of ``report``; returns how many."""
    speakers = {c.speaker_id for d in report.disputes for s in d.sides for c in s.claims}
    kinds = speaker_kinds(conn, speakers)
    today = datetime.now(UTC).date().isoformat()
    items = reviews(report, kinds, url, author, today)
    out.write(json.dumps(items, ensure_ascii=False, indent=2) + "\n")
    return len(items)
