"""Admiralty (NATO) grading: source reliability A-F, claim credibility 1-6, e.g. ``C3``.

The analyst sets grades; nothing here overwrites one with a suggestion. Every change is
one ``grade`` event per row in the event log, written in the same transaction.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.tables import Source
from claimdb.errors import InvalidInput, NotFound
from claimdb.models import RELIABILITY, Report
from claimdb.records import sources
from claimdb.text.normalize import normalize

CLEAR = "none"  # the value that removes a grade
_MIN_GRADE = re.compile(r"([A-F])?([1-6])?")

Minimum = tuple[str | None, int | None]


def parse_reliability(value: str) -> str | None:
    """'A'..'F' (any case), or 'none' for "not graded"."""
    value = value.strip()
    if value.lower() == CLEAR:
        return None
    return validate.choice(value.upper(), RELIABILITY, "reliability")


def parse_credibility(value: str) -> int | None:
    """1..6, or 'none' for "not graded"."""
    value = value.strip()
    if value.lower() == CLEAR:
        return None
    return validate.credibility(value)


def parse_min_grade(value: str) -> Minimum:
    """'B3' (both), 'B' (reliability only) or '3' (credibility only); A and 1 are best."""
    match = _MIN_GRADE.fullmatch(value.strip().upper())
    if not match or not any(match.groups()):
        raise InvalidInput(
            f"grade {value!r}: expected a reliability A-F and/or a credibility 1-6, e.g. B3, B or 3"
        )
    letter, digit = match.groups()
    return letter, int(digit) if digit else None


def meets(grade: str | None, minimum: Minimum) -> bool:
    """Whether a grade ('C3', 'C?', '?3' or None) is at least ``minimum``; a part the
    analyst has not graded never meets a minimum on that part."""
    letter, digit = minimum
    reliability, credibility = (grade or "??")[0], (grade or "??")[1]
    if letter and (reliability == "?" or reliability > letter):
        return False
    return not (digit and (credibility == "?" or int(credibility) > digit))


def grade_key(grade: str | None) -> tuple[str, str]:
    """Best first (A before F, 1 before 6); a part not graded sorts after F / 6."""
    reliability, credibility = (grade or "??")[0], (grade or "??")[1]
    return reliability.replace("?", "Z"), credibility.replace("?", "9")


def sort_report(report: Report) -> None:
    """Claims in each side best grade first; disputes by their best claim's grade."""
    for d in report.disputes:
        for side in d.sides:
            side.claims.sort(key=lambda c: (grade_key(c.grade), c.id))
    report.disputes.sort(
        key=lambda d: (min(grade_key(c.grade) for s in d.sides for c in s.claims), d.number)
    )


# -- the grade of a publisher's sources ---------------------------------------------------


def grade_sources(
    conn: Connection,
    actor: str,
    value: str,
    source: str | None = None,
    publisher: str | None = None,
) -> list[dict[str, Any]]:
    """Set (or clear) the reliability of one source, or of every source of a publisher
    (matched after normalisation). Returns one ``{id, title, before, after}`` per source;
    sources added later are not graded by this."""
    if (source is None) == (publisher is None):
        raise InvalidInput("give either a source id or --publisher PUBLISHER")
    reliability = parse_reliability(value)
    query = select(Source.c.id, Source.c.title, Source.c.publisher, Source.c.reliability)
    if source is not None:
        rows = conn.execute(query.where(Source.c.id == sources.find(conn, source))).all()
    else:
        key = normalize(publisher or "")
        rows = [r for r in conn.execute(query) if r.publisher and normalize(r.publisher) == key]
        if not rows:
            raise NotFound(f"publisher {publisher!r}: no source has this publisher")
    for r in rows:
        sources.set_reliability(conn, actor, r, reliability)
    return [
        {"id": r.id, "title": r.title, "before": r.reliability, "after": reliability} for r in rows
    ]
