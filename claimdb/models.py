"""The words of the data model and the plain result types the API returns.

The tables themselves are read from schema.sql (``claimdb.db.tables``); the choices
below are the ones schema.sql's CHECK constraints allow (tests/test_schema.py proves it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

KINDS = (
    "person",
    "ministry",
    "government",
    "state",
    "organisation",
    "coalition",
    "armed_group",
    "group",
    "media",
    "place",
)
ACTS = ("asserts", "denies", "demands", "concern", "accuses")
RELATIONS = ("contradicts", "supports")
RELIABILITY = ("A", "B", "C", "D", "E", "F")


# ---- result types: what the API returns and claimdb/render/ draws ----------------


@dataclass
class EntityView:
    id: int
    name: str
    kind: str
    parent: str | None = None
    camp: str | None = None
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    member_of: list[str] = field(default_factory=list)
    claims: int = 0


@dataclass
class VerdictView:
    """A fact-checker's verdict on a claim (not its standing, not the analyst's grade)."""

    reviewer: str
    rating: str
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    url: str | None = None
    reviewed_on: str | None = None
    source_id: int | None = None
    explanation: str | None = None
    title: str | None = None  # of the review
    lang: str | None = None  # of the review

    def __str__(self) -> str:
        """'PolitiFact: False (1 on 1–6), 2014-07-23'; '(1/6)' without a worst value"""
        text = f"{self.reviewer}: {self.rating}"
        value, worst, best = self.rating_value, self.worst_rating, self.best_rating
        if value is not None and worst is not None and best is not None:
            text += f" ({value:g} on {worst:g}–{best:g})"
        elif value is not None:
            text += f" ({value:g}" + (f"/{best:g})" if best is not None else ")")
        return text + (f", {self.reviewed_on}" if self.reviewed_on else "")


@dataclass
class ClaimView:
    id: int
    speaker: str
    target: str
    text: str
    quote: str | None
    translation: str | None
    lang: str | None
    act: str
    said_on: str | None
    source: str | None
    topic: str | None
    location: str | None
    camp: str | None = None
    source_id: int | None = None
    source_url: str | None = None
    via: list[str] = field(default_factory=list)
    grade: str | None = None  # Admiralty code the analyst set, '?' for an unset part: C3, C?, ?3
    standing: str | None = None
    suggested_credibility: int | None = None  # from the standing; never stored
    chain: list[str] = field(default_factory=list)  # publisher → via → speaker → its camp
    retracted: bool = False
    retraction_reason: str | None = None
    speaker_id: int = 0
    target_id: int = 0
    verdicts: list[VerdictView] = field(default_factory=list)  # fact-checkers', if any


@dataclass
class LinkView:
    a: int
    b: int
    relation: str
    note: str | None


@dataclass
class Side:
    claims: list[ClaimView]
    voices: int


@dataclass
class DisputeView:
    number: int
    sides: list[Side]
    links: list[LinkView]
    tangled: bool
    within_camp: bool
    camps: list[str]


@dataclass
class SpeakerPair:
    a: str
    b: str
    contradicts: int
    supports: int


@dataclass
class Report:
    disputes: list[DisputeView]
    pairs: list[SpeakerPair]


class LinkRow(NamedTuple):
    claim_a: int
    claim_b: int
    relation: str
    note: str | None
