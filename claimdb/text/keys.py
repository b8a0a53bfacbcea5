"""The keys stored beside a claim's text (pure): its content key and its search key.

``content_key`` makes loads and imports idempotent (same speaker, date and normalised
text → same claim); ``search_key`` is what the full-text index holds
(``claimdb.text.stem``). Schema upgrades recompute both when normalisation changes.
"""

from __future__ import annotations

import hashlib

from claimdb.text.normalize import normalize
from claimdb.text.stem import search_key

__all__ = ["content_key", "normalized_content_key", "search_key"]


def content_key(
    speaker_id: int, said_on: str | None, text: str, normalized: str | None = None
) -> str:
    """Stable key of a claim: same speaker, date and normalised text → same claim.
    ``normalized``: ``normalize(text)`` when the caller has it already (the bulk import)."""
    folded = normalize(text) if normalized is None else normalized
    return normalized_content_key(speaker_id, said_on, folded)


def normalized_content_key(speaker_id: int, said_on: str | None, normalized_text: str) -> str:
    """``content_key`` for a text already normalised (the bulk import's hot path)."""
    raw = f"{speaker_id}\x1f{said_on or ''}\x1f{normalized_text}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
