"""Source writes inside a transaction, and the quote rule: a claim's quote must be found
in its source's text (verbatim, or once both are normalised)."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from claimdb import validate
from claimdb.db.store import now
from claimdb.db.tables import Claim, Source
from claimdb.errors import InvalidInput, NotFound
from claimdb.models import RELIABILITY
from claimdb.records import events, names
from claimdb.text.normalize import normalize


def add(
    conn: Connection,
    actor: str,
    title: str,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    lang: str | None = None,
    text: str | None = None,
    reliability: str | None = None,
    log: bool = True,
) -> int:
    """A new source; ``log=False``: the caller logs one event for many (an import)."""
    title = validate.text(title, "source title", required=True).strip()
    if reliability is not None:
        reliability = validate.choice(reliability.upper(), RELIABILITY, "reliability")
    if text is not None and "\x00" in text:
        raise InvalidInput("source text: contains a NUL byte")
    row = {
        "title": title,
        "publisher": validate.text(publisher, "publisher"),
        "url": validate.text(url, "url"),
        "published_on": validate.iso_date(published, "published date"),
        "lang": validate.text(lang, "lang"),
        "text": text or None,
        "sha256": digest(text) if text else None,
        "reliability": reliability,
        "created_at": now(),
    }
    source_id = conn.execute(insert(Source), row).inserted_primary_key[0]
    if log:
        after = {k: v for k, v in row.items() if k != "text"}
        events.append(conn, actor, "add", "source", source_id, after=after)
    return source_id


def remove_unused(conn: Connection, ids: list[int]) -> list[int]:
    """Delete the sources among ``ids`` that no claim cites (an import's sources for
    claims it found present already); returns their ids. Only for rows of the same
    transaction, never logged: to the log they never existed."""
    if not ids:
        return []
    cited = conn.execute(select(Claim.c.source_id).where(Claim.c.source_id.in_(ids)))
    unused = sorted(set(ids) - set(cited.scalars()))
    if unused:
        conn.execute(delete(Source).where(Source.c.id.in_(unused)))
    return unused


def digest(text: str) -> str:
    """The sha256 of a source text, as stored (and checked by ``claimdb check``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find(conn: Connection, ref: str | int) -> int:
    """The id of the source ``ref`` (12 or #12); NotFound when there is none."""
    source_id = names.parse_claim_id(ref, "source id")
    if conn.execute(select(Source.c.id).where(Source.c.id == source_id)).first() is None:
        raise NotFound(f"source #{source_id}: no such source")
    return source_id


def text_of(conn: Connection, source_id: int) -> str | None:
    return conn.execute(select(Source.c.text).where(Source.c.id == source_id)).scalar()


def details(conn: Connection, ref: str | int) -> tuple[int, str | None, str | None]:
    """(id, text, published date) of an existing source; NotFound if there is none."""
    source_id = find(conn, ref)
    row = conn.execute(select(Source.c.text, Source.c.published_on).where(Source.c.id == source_id))
    text, published = row.one()
    return source_id, text, published


def quote_found(quote: str, source_text: str, normalized_text: str | None = None) -> bool:
    """Verbatim, or equal once both are normalised (diacritics, hamza forms, spacing).
    ``normalized_text``: ``normalize(source_text)`` when the caller keeps it."""
    if quote in source_text:
        return True
    folded = normalize(source_text) if normalized_text is None else normalized_text
    return normalize(quote) in folded


def check_quote(quote: str, source_id: int, source_text: str | None) -> None:
    """InvalidInput unless ``quote`` is in the source's text (when it has one)."""
    if source_text and not quote_found(quote, source_text):
        short = quote if len(quote) <= 40 else quote[:40] + "…"
        raise InvalidInput(f"quote '{short}' is not found in the text of source #{source_id}")


def set_reliability(conn: Connection, actor: str, row: Any, reliability: str | None) -> None:
    """Grade one source (``row``: its id and current reliability); logged when changed."""
    if row.reliability == reliability:
        return
    conn.execute(update(Source).where(Source.c.id == row.id).values(reliability=reliability))
    before, after = {"reliability": row.reliability}, {"reliability": reliability}
    events.append(conn, actor, "grade", "source", row.id, before=before, after=after)
