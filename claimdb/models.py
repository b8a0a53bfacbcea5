"""SQLModel tables (mapping onto schema.sql) and the plain result types.

The tables are used through SQLAlchemy Core (``Claim.__table__``) on the hot paths
and for PostgreSQL DDL; ``tests/test_schema.py`` proves they agree with schema.sql.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Column, ForeignKey, Integer, Text
from sqlmodel import Field, SQLModel

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


def _text(nullable: bool = True, **kw) -> Field:
    return Field(default=None, sa_column=Column(Text, nullable=nullable, **kw))


def _ref(table: str, nullable: bool = True) -> Field:
    return Field(
        default=None, sa_column=Column(Integer, ForeignKey(f"{table}.id"), nullable=nullable)
    )


class Entity(SQLModel, table=True):
    __tablename__ = "entity"
    id: int | None = Field(default=None, primary_key=True)
    name: str = _text(False)
    key: str = _text(False)
    kind: str = _text(False)
    parent_id: int | None = _ref("entity")
    created_at: str = _text(False)


class Alias(SQLModel, table=True):
    __tablename__ = "alias"
    id: int | None = Field(default=None, primary_key=True)
    entity_id: int = _ref("entity", nullable=False)
    alias: str = _text(False)
    key: str = _text(False)


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    coalition_id: int = Field(
        sa_column=Column(Integer, ForeignKey("entity.id"), primary_key=True, nullable=False)
    )
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("entity.id"), primary_key=True, nullable=False)
    )


class Source(SQLModel, table=True):
    __tablename__ = "source"
    id: int | None = Field(default=None, primary_key=True)
    title: str = _text(False)
    publisher: str | None = _text()
    url: str | None = _text()
    published_on: str | None = _text()
    lang: str | None = _text()
    text: str | None = _text()
    sha256: str | None = _text()
    reliability: str | None = _text()
    created_at: str = _text(False)


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = _ref("entity", nullable=False)
    target_id: int = _ref("entity", nullable=False)
    text: str = _text(False)
    quote: str | None = _text()
    translation: str | None = _text()
    lang: str | None = _text()
    said_on: str | None = _text()
    source_id: int | None = _ref("source")
    act: str = _text(False)
    location: str | None = _text()
    topic: str | None = _text()
    credibility: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    search_key: str = _text(False)
    content_key: str | None = _text(unique=True)
    retracted_at: str | None = _text()
    retraction_reason: str | None = _text()
    created_at: str = _text(False)
    updated_at: str = _text(False)


class ClaimVia(SQLModel, table=True):
    __tablename__ = "claim_via"
    claim_id: int = Field(
        sa_column=Column(Integer, ForeignKey("claim.id"), primary_key=True, nullable=False)
    )
    position: int = Field(sa_column=Column(Integer, primary_key=True, nullable=False))
    entity_id: int = _ref("entity", nullable=False)


class Link(SQLModel, table=True):
    __tablename__ = "link"
    id: int | None = Field(default=None, primary_key=True)
    claim_a: int = _ref("claim", nullable=False)
    claim_b: int = _ref("claim", nullable=False)
    relation: str = _text(False)
    note: str | None = _text()
    created_at: str = _text(False)
    created_by: str = _text(False)
    removed_at: str | None = _text()
    removed_by: str | None = _text()


class Event(SQLModel, table=True):
    __tablename__ = "event"
    id: int | None = Field(default=None, primary_key=True)
    at: str = _text(False)
    actor: str = _text(False)
    op: str = _text(False)
    record: str = _text(False)
    row_id: int | None = Field(default=None, sa_column=Column(Integer, nullable=True))
    before: str | None = _text()
    after: str | None = _text()


class SchemaVersion(SQLModel, table=True):
    __tablename__ = "schema_version"
    version: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    applied_at: str = _text(False)


# ---- result types: what the service returns and render.py draws -------------------


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
