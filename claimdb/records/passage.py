"""A claim's quote in the text of its source (``claimdb open``)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Source
from claimdb.errors import InvalidInput, NotFound
from claimdb.ingest.text import locate
from claimdb.records import claims


@dataclass
class Passage:
    """A claim's quote in its source: the text before, the quote, the text after."""

    title: str
    before: str
    quote: str
    after: str


def passage(conn: Connection, ref: str | int, context: int | None = 300) -> Passage:
    """The quote of claim ``ref`` (else its text) in its source's text, with ``context``
    characters around it (whole words; all of the text when None)."""
    claim = claims.get(conn, ref)
    cid = claim["id"]
    if claim["source_id"] is None:
        raise InvalidInput(f"claim #{cid} has no source")
    src = conn.execute(select(Source).where(Source.c.id == claim["source_id"])).mappings().one()
    if not src["text"]:
        raise InvalidInput(f"source #{src['id']} of claim #{cid} holds no text")
    text = src["text"].replace("\r\n", "\n")
    span = locate(claim["quote"] or "", text) or locate(claim["text"], text)
    if span is None:
        raise NotFound(f"claim #{cid}: its quote is not found in the text of source #{src['id']}")
    lo, hi = span
    start, end = (0, len(text)) if context is None else _window(text, lo, hi, context)
    about = ", ".join(str(x) for x in (src["publisher"], src["published_on"]) if x)
    title = f"claim #{cid} in source #{src['id']}: {src['title']}" + (
        f" ({about})" if about else ""
    )
    before = ("…" if start > 0 else "") + text[start:lo]
    after = text[hi:end] + ("…" if end < len(text) else "")
    return Passage(title, before, text[lo:hi], after)


def _window(text: str, lo: int, hi: int, context: int) -> tuple[int, int]:
    """``context`` characters each side of [lo, hi), widened to whole words."""
    start, end = max(0, lo - context), min(len(text), hi + context)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
