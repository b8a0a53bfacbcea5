"""schema.org ClaimReview (JSON-LD) out: one review for every chosen claim.

The selection is that of the other exports (speaker, target, topic, since; none: every
claim); retracted claims are left out, since a withdrawn record is nothing to publish.
An empty selection is an error (``NothingToExport``): an empty feed is almost always a
wrong filter, and a script that publishes it should stop.

Each ``ClaimReview`` (``@context`` schema.org) has:

- ``claimReviewed``: the claim's text, or with ``short`` a form of at most 75
  characters cut at a word (the full text then goes to ``itemReviewed.text``);
- ``itemReviewed``: a ``Claim`` whose ``author`` is the speaker (Person for a person,
  else Organization), ``datePublished`` the day it was said, ``appearance`` the source
  (its URL, title and publisher), ``inLanguage``;
- ``reviewRating``: the analyst's own truthfulness rating, the claim's Admiralty
  credibility: 1 "Confirmed by other sources" (``ratingValue`` 5) ... 5 "Improbable"
  (1), with ``bestRating`` 5 and ``worstRating`` 1; 6 "Truth cannot be judged" and an
  unset credibility ("Not rated") carry no value;
- the claim's **standing** (contested, corroborated...), which says how the claim
  stands against the claims linked to it and is no truthfulness rating, kept apart
  from the rating: ``itemReviewed.creativeWorkStatus``, a ``DefinedTerm`` of the set
  "claimdb standing" whose description names the linked claims;
- ``url`` (the review page plus ``#claim-ID``), ``author`` (the desk publishing the
  reviews, with its URL) and ``datePublished`` (today).

A claim with fact-checkers' **verdicts** (imported ClaimReviews) is exported as those
reviews, each by its own fact-checker (the review's URL, title, date and rating, as they
came in), so that importing the export gives the same records; the analyst's own review
is added to them only when the analyst graded the claim's credibility. The claim's
target, when it is not the speaker, is ``itemReviewed.about``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.analysis import standing as standings
from claimdb.batching import batched
from claimdb.db.tables import Source
from claimdb.errors import InvalidInput
from claimdb.io import export_selection as selection
from claimdb.io.export_selection import Selection
from claimdb.models import VerdictView
from claimdb.records import verdicts

CONTEXT = "https://schema.org"
SHORT = 75  # Google: "try to keep this less than 75 characters"
BEST, WORST = 5, 1
# Admiralty credibility → the rating's name and value (6: no value, it is no judgement)
CREDIBILITY = {
    1: ("Confirmed by other sources", 5),
    2: ("Probably true", 4),
    3: ("Possibly true", 3),
    4: ("Doubtful", 2),
    5: ("Improbable", 1),
    6: ("Truth cannot be judged", None),
}
NOT_RATED = "Not rated"
STANDING_SET = {
    "@type": "DefinedTermSet",
    "name": "claimdb standing",
    "description": "How a claim stands against the claims linked to it (not a rating of "
    "its truth): contested, disputed-within-camp, corroborated or uncorroborated.",
}
PHRASE = {"contradicts": "contradicted by", "supports": "supported by"}
CHUNK = 500  # claims whose standings are computed together


class NothingToExport(InvalidInput):
    """The selection holds no claim."""


@dataclass(frozen=True)
class Desk:
    """Who publishes the reviews: the page (``url``), its organisation and that one's URL."""

    url: str
    author: str
    author_url: str | None = None
    short: bool = False
    today: str = ""

    @classmethod
    def of(cls, options: dict[str, Any]) -> Desk:
        """From the export options ``url``, ``author``, ``author_url`` and ``short``."""
        return cls(options["url"], options["author"], options.get("author_url"),
                   bool(options.get("short")))  # fmt: skip

    def __post_init__(self) -> None:
        if not self.author_url:
            parts = urlsplit(self.url)
            if parts.scheme in ("http", "https") and parts.netloc:
                object.__setattr__(self, "author_url", f"{parts.scheme}://{parts.netloc}/")
        if not self.today:
            object.__setattr__(self, "today", datetime.now(UTC).date().isoformat())


def _set(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not None}


def short_text(text: str, limit: int = SHORT) -> str:
    """``text`` on one line, at most ``limit`` characters: cut at the last space that
    leaves room for '…' (mid-word only when there is no space at all)."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)  # a space at limit - 1 still leaves room for '…'
    head = flat[:cut] if cut > 0 else flat[: limit - 1]
    return head.rstrip(" ,;:.-–—،") + "…"


def credibility_rating(credibility: int | None) -> dict[str, Any]:
    """The analyst's rating of a claim's truth, from its Admiralty credibility."""
    if credibility is None:
        return {"@type": "Rating", "name": NOT_RATED, "alternateName": NOT_RATED}
    name, value = CREDIBILITY[credibility]
    rating: dict[str, Any] = {"@type": "Rating"}
    if value is not None:
        rating |= {"ratingValue": value, "bestRating": BEST, "worstRating": WORST}
    return rating | {
        "name": name,
        "alternateName": name,
        "ratingExplanation": f"Admiralty credibility {credibility}: {name.lower()}, "
        "as the analyst graded it.",
    }


def standing_term(standing: str | None, links: list[str]) -> dict[str, Any] | None:
    if not standing:
        return None
    return _set(
        **{"@type": "DefinedTerm"},
        name=standing,
        termCode=standing,
        inDefinedTermSet=STANDING_SET,
        description="; ".join(links) or None,
    )


@dataclass
class ClaimFacts:
    """What one review needs to know about a claim (plain values)."""

    id: int
    text: str
    speaker: str
    speaker_kind: str
    said_on: str | None
    lang: str | None
    credibility: int | None
    source_title: str | None = None
    source_url: str | None = None
    source_publisher: str | None = None
    standing: str | None = None
    links: tuple[str, ...] = ()
    target: str | None = None
    verdicts: list[VerdictView] = field(default_factory=list)


def person_or_organization(kind: str) -> str:
    return "Person" if kind == "person" else "Organization"


def claim_item(c: ClaimFacts, full_text: bool) -> dict[str, Any]:
    """The ``itemReviewed`` Claim."""
    appearance = None
    if c.source_title or c.source_url:
        publisher = (
            {"@type": "Organization", "name": c.source_publisher} if c.source_publisher else None
        )
        appearance = _set(
            **{"@type": "CreativeWork"}, url=c.source_url, name=c.source_title, publisher=publisher
        )
    return _set(
        **{"@type": "Claim"},
        author={"@type": person_or_organization(c.speaker_kind), "name": c.speaker},
        datePublished=c.said_on,
        appearance=appearance,
        inLanguage=c.lang,
        about={"@type": "Thing", "name": c.target} if c.target and c.target != c.speaker else None,
        text=c.text if full_text else None,
        creativeWorkStatus=standing_term(c.standing, list(c.links)),
    )


def review(c: ClaimFacts, desk: Desk) -> dict[str, Any]:
    """The analyst's ClaimReview of one claim."""
    reviewed = short_text(c.text) if desk.short else c.text
    return {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": f"{desk.url}#claim-{c.id}",
        "claimReviewed": reviewed,
        "datePublished": desk.today,
        "author": _set(**{"@type": "Organization"}, name=desk.author, url=desk.author_url),
        "itemReviewed": claim_item(c, full_text=reviewed != c.text),
        "reviewRating": credibility_rating(c.credibility),
    }


def _number(value: float | None) -> float | int | None:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _site(url: str | None) -> str | None:
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}/"
    return None


def verdict_review(c: ClaimFacts, v: VerdictView, desk: Desk, n: int) -> dict[str, Any]:
    """A fact-checker's review of a claim, as it was imported."""
    reviewed = short_text(c.text) if desk.short else c.text
    rating = _set(
        **{"@type": "Rating"},
        ratingValue=_number(v.rating_value),
        bestRating=_number(v.best_rating),
        worstRating=_number(v.worst_rating),
        name=v.rating,
        alternateName=v.rating,
        ratingExplanation=v.explanation,
    )
    return _set(
        **{"@context": CONTEXT, "@type": "ClaimReview"},
        url=v.url or f"{desk.url}#claim-{c.id}-verdict-{n}",
        name=v.title if v.title and v.title != v.url else None,
        claimReviewed=reviewed,
        datePublished=v.reviewed_on,
        inLanguage=v.lang,
        author=_set(**{"@type": "Organization"}, name=v.reviewer, url=_site(v.url)),
        itemReviewed=claim_item(c, full_text=reviewed != c.text),
        reviewRating=rating,
    )


def reviews_of(c: ClaimFacts, desk: Desk) -> list[dict[str, Any]]:
    """The fact-checkers' reviews of a claim, then the analyst's (when there is no
    verdict, or the analyst graded the claim)."""
    out = [verdict_review(c, v, desk, n) for n, v in enumerate(c.verdicts, 1)]
    if not c.verdicts or c.credibility is not None:
        out.append(review(c, desk))
    return out


# -- reading the selection --------------------------------------------------------------


def facts(conn: Connection, filters: Selection) -> Iterator[ClaimFacts]:
    """The chosen live claims in id order, with speaker, source and standing."""
    entities = selection.entities(conn)
    rows = (r for r in selection.claims(conn, filters) if r[13] is None)  # not retracted
    for chunk in batched(rows, CHUNK):
        yield from _chunk_facts(conn, chunk, entities)


def _chunk_facts(conn: Connection, rows: list[Any], entities) -> list[ClaimFacts]:
    ids = [r[0] for r in rows]
    found, edges, nodes = standings.standings_and_links(conn, ids)
    wanted = set(ids)
    links: dict[int, list[str]] = {i: [] for i in ids}
    for e in edges:
        for mine, other in ((e.a, e.b), (e.b, e.a)):
            if mine in wanted:
                who = entities[nodes[other].speaker_id].name if other in nodes else "?"
                text = f"{PHRASE.get(e.relation, e.relation)} #{other} ({who})"
                links[mine].append(text + (f": {e.note}" if e.note else ""))
    judged = verdicts.of_claims(conn, ids)
    source_ids = {r[11] for r in rows if r[11] is not None}
    sources = {}
    if source_ids:
        query = select(Source.c.id, Source.c.title, Source.c.url, Source.c.publisher)
        sources = {s.id: s for s in conn.execute(query.where(Source.c.id.in_(source_ids)))}
    out = []
    for r in rows:
        speaker = entities[r[1]]
        source = sources.get(r[11])
        out.append(
            ClaimFacts(
                id=r[0],
                text=r[6],
                speaker=speaker.name,
                speaker_kind=speaker.kind,
                said_on=r[3],
                lang=r[5],
                credibility=r[12],
                source_title=source.title if source else None,
                source_url=source.url if source else None,
                source_publisher=source.publisher if source else None,
                standing=found.get(r[0]),
                links=tuple(links[r[0]]),
                target=entities[r[2]].name,
                verdicts=judged.get(r[0], []),
            )
        )
    return out


def export(conn: Connection, out: TextIO, filters: Selection, desk: Desk) -> int:
    """Write a JSON array of reviews of the chosen claims; returns how many. Nothing is
    written when the selection is empty (``NothingToExport``)."""
    count = 0
    for c in facts(conn, filters):
        for item in reviews_of(c, desk):
            out.write("[\n" if count == 0 else ",\n")
            out.write(json.dumps(item, ensure_ascii=False, indent=2))
            count += 1
    if count == 0:
        raise NothingToExport(
            "no claims to export: "
            + ("no live claim matches the filters" if filters.any else "the database has none")
        )
    out.write("\n]\n")
    return count
