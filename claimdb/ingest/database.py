"""The database side of ``claimdb ingest``: proposals resolved against the database,
a target for each, and the accepted claims written in one transaction.

``claimdb.ingest`` (pure) finds the attributions; this module gives it a ``resolve``
callback over the names and aliases in the database (an exact normalised match, never
a fuzzy guess: a near match is only offered as ``suggestion``), picks a target (below),
and writes through the one write path of each record (``claimdb.records``).

Target rule: the first entity named in the quote (by a name or alias, whole words) that
is not the speaker and is not inside the speaker phrase; else the first such entity in
the rest of the sentence; else none, and the analyst is asked (or ``--accept-all`` skips
the proposal). The speaker's own camp may be the target: "Ray said the EU is ..." is
about the EU.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Alias, Entity, Source
from claimdb.errors import InvalidInput
from claimdb.ingest import Proposal, propose
from claimdb.ingest.lexicon import word_key
from claimdb.records import claims, entities, names, sources
from claimdb.text.matching import NameIndex
from claimdb.text.normalize import normalize

MAX_WORDS = 6  # the longest name looked for in a quote, in words
LOOKUP_BATCH = 500  # n-gram keys per name/alias query
_CLITICS = "وبلف"  # Arabic one-letter prefixes written onto the next word
_WORD = re.compile(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]+")


@dataclass
class Item:
    """A proposal with its database side: ids, the target, the fields the analyst edits."""

    proposal: Proposal
    speaker_id: int | None = None
    speaker: str | None = None  # the known entity's name
    new_name: str | None = None  # a speaker to create (when unknown)
    suggestion: str | None = None  # a near match for an unknown speaker ("did you mean")
    camp_id: int | None = None  # the resolved camp phrase: the parent of a new speaker
    target_id: int | None = None
    target: str | None = None
    act: str = "asserts"
    via_ids: list[int] = field(default_factory=list)  # the reporters of reported speech, known

    def as_json(self) -> dict[str, Any]:
        p = asdict(self.proposal)
        return {
            "index": p["index"],
            "sentence": p["sentence"],
            "quote": p["quote"],
            "text": p["claim"] or p["quote"],  # the claim text: the reported content
            "via": list(p["via"]),
            "speaker_phrase": p["speaker_phrase"],
            "speaker": self.speaker,
            "new_speaker": self.speaker_id is None,
            "new_name": self.new_name,
            "title": p["title"] if self.speaker_id is None else None,
            "suggestion": self.suggestion,
            "camp_phrase": p["camp_phrase"],
            "act": self.act,
            "verb": p["verb"],
            "lang": p["lang"],
            "target": self.target,
        }


@dataclass
class NewSource:
    """A source to create for the ingested text (``--title`` and friends)."""

    title: str
    publisher: str | None = None
    url: str | None = None
    published: str | None = None
    lang: str | None = None


@dataclass
class Written:
    """What one ingest wrote."""

    source_id: int | None = None
    source_created: bool = False
    claims: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)  # same speaker, date and text already
    entities: list[str] = field(default_factory=list)  # speakers created
    skipped: Counter[str] = field(default_factory=Counter)  # reason → count
    by_index: dict[int, int] = field(default_factory=dict)  # proposal index → claim id


class Names:
    """Entity names and aliases of one database, looked up inside a read transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.ids: dict[str, int] = {}  # canonical name → id, for every name resolved
        self._cache: dict[str, tuple[int, str] | None] = {}
        self._index: NameIndex | None = None
        self._owners: dict[str, frozenset[tuple[int, str]]] = {}  # n-gram key → entities
        self._camps: dict[int, set[int]] = {}
        self._mentioned: dict[str, list[tuple[int, int, int, str]]] = {}
        self._heads: dict[str, int] | None = None

    def find(self, phrase: str) -> tuple[int, str] | None:
        """(id, name) of the one entity called ``phrase``; None if none or ambiguous."""
        key = normalize(phrase)
        if key not in self._cache:
            found = names.exact_matches(self.conn, phrase) if key else []
            self._cache[key] = found[0] if len(found) == 1 else None
        hit = self._cache[key]
        if hit:
            self.ids[hit[1]] = hit[0]
        return hit

    def resolve(self, phrase: str) -> str | None:
        """The callback ``propose`` needs: a known entity's name, or None."""
        hit = self.find(phrase)
        return hit[1] if hit else None

    def suggest(self, phrase: str) -> str | None:
        """A near match ("did you mean"), never used without the analyst's word."""
        if self._index is None:
            self._index = NameIndex(names.labels(self.conn))
        found = self._index.suggest(phrase, limit=1)
        return found[0].label.entity_name if found else None

    def camp(self, entity_id: int) -> set[int]:
        """The ids above ``entity_id``: its parent, the parent's parent..."""
        from claimdb.records.reads import ancestry

        if entity_id not in self._camps:
            chain = ancestry(self.conn, [entity_id]).get(entity_id, [])
            self._camps[entity_id] = {eid for eid, _ in chain[1:]}
        return self._camps[entity_id]

    def mentions(self, text: str) -> list[tuple[int, int, int, str]]:
        """(start, end, id, name) of each entity named in ``text``, in order."""
        if text not in self._mentioned:  # the sentences of several proposals, repeated text
            self._mentioned[text] = self._find_mentions(text)
        return self._mentioned[text]

    def _name_heads(self) -> dict[str, int]:
        """First word of every entity name and alias key → the most words after it (≤ 6)."""
        if self._heads is None:
            self._heads = {}
            for (key,) in self.conn.execute(select(Entity.c.key).union_all(select(Alias.c.key))):
                parts = (key or "").split(" ")
                if parts[0]:
                    self._heads[parts[0]] = min(
                        MAX_WORDS, max(self._heads.get(parts[0], 0), len(parts))
                    )
        return self._heads

    def _find_mentions(self, text: str) -> list[tuple[int, int, int, str]]:
        words = [(m.start(), m.end(), word_key(m.group())) for m in _WORD.finditer(text)]
        words = [w for w in words if w[2]]
        grams: dict[str, list[tuple[int, int]]] = {}
        name_heads = self._name_heads()
        for i, (start, _, first) in enumerate(words):
            heads = {first}
            if len(first) > 3 and first[0] in _CLITICS:  # وواشنطن, بموسكو: و ب ل ف + a name
                heads.add("ال" + first[2:] if first.startswith("لل") else first[1:])  # للإرهابيين
            for head in heads & name_heads.keys():  # only where some name could start
                for n in range(1, min(name_heads[head], len(words) - i) + 1):
                    key = " ".join([head, *(w[2] for w in words[i + 1 : i + n])])
                    grams.setdefault(key, []).append((start, words[i + n - 1][1]))
        if not grams:
            return []
        missing = [key for key in grams if key not in self._owners]
        for at in range(0, len(missing), LOOKUP_BATCH):  # each n-gram is looked up once
            batch, owners = missing[at : at + LOOKUP_BATCH], {}
            for query in _key_queries(batch):
                for key, entity_id, name in self.conn.execute(query):
                    owners.setdefault(key, set()).add((entity_id, name))
            self._owners.update((key, frozenset(owners.get(key, ()))) for key in batch)
        found = [
            (start, end, *next(iter(self._owners[key])))
            for key, spans in grams.items()
            if len(self._owners[key]) == 1
            for start, end in spans
        ]
        return sorted(found, key=lambda m: (m[0], -m[1]))


def _key_queries(keys: list[str]):
    by_name = select(Entity.c.key, Entity.c.id, Entity.c.name).where(Entity.c.key.in_(keys))
    by_alias = (
        select(Alias.c.key, Entity.c.id, Entity.c.name)
        .join(Entity, Entity.c.id == Alias.c.entity_id)
        .where(Alias.c.key.in_(keys))
    )
    return by_name, by_alias


def plan(conn: Connection, text: str, lang: str | None = None) -> list[Item]:
    """The proposals of ``text``, resolved against the database, each with a target."""
    book = Names(conn)
    return [_item(book, p) for p in propose(text, lang, book.resolve)]


def _item(book: Names, p: Proposal) -> Item:
    item = Item(p, act=p.act)
    item.via_ids = [hit[0] for name in p.via if (hit := book.find(name))]
    if p.speaker:
        item.speaker, item.speaker_id = p.speaker, book.ids.get(p.speaker)
    else:
        item.new_name = p.new_name or p.speaker_phrase
        item.suggestion = book.suggest(item.new_name)
        camp = book.find(p.camp_phrase) if p.camp_phrase else None
        item.camp_id = camp[0] if camp else None
    target = pick_target(book, p, item.speaker_id)
    if target:
        item.target_id, item.target = target
    return item


def pick_target(book: Names, p: Proposal, speaker_id: int | None) -> tuple[int, str] | None:
    """The first entity named in the quote, then in the sentence, that is not the speaker;
    one outside the speaker's camp (its parents) first."""
    at = p.sentence.find(p.speaker_phrase) if p.speaker_phrase else -1
    phrase = range(at, at + len(p.speaker_phrase)) if at >= 0 else range(0)
    own = book.camp(speaker_id) if speaker_id else set()
    in_sentence = book.mentions(p.sentence)
    quote_at = p.sentence.find(p.quote)
    if quote_at >= 0:  # the quote's mentions are the sentence's inside it (no second lookup)
        quote_end = quote_at + len(p.quote)
        in_quote = [m for m in in_sentence if quote_at <= m[0] and m[1] <= quote_end]
    else:  # not in the sentence: its own mentions, taken as if the quote opened it
        in_quote = book.mentions(p.quote)
    found = [
        (entity_id in own, n, entity_id, name)
        for n, mentions in enumerate((in_quote, in_sentence))
        for start, end, entity_id, name in mentions
        if entity_id != speaker_id and not (start in phrase and end - 1 in phrase)
    ]
    return min(found, key=lambda f: (f[1], f[0]))[2:] if found else None


def auto_accept(items: list[Item], create_entities: bool) -> tuple[list[Item], Counter[str]]:
    """``--accept-all``: the proposals that can be written as they are, and why the rest not."""
    accepted, skipped = [], Counter()
    for item in items:
        if item.target_id is None:
            skipped["no target"] += 1
        elif item.speaker_id is None and not create_entities:
            skipped["unknown speaker (pass --create-entities)"] += 1
        else:
            accepted.append(item)
    return accepted, skipped


def write(
    conn: Connection,
    actor: str,
    items: list[Item],
    text: str,
    source: NewSource | int,
    said_on: str | None = None,
) -> Written:
    """Write the accepted items, creating the source and new speakers, in ONE transaction.

    A claim already recorded (same speaker, date and text) is not written twice; a
    ``NewSource`` whose text is already held by a source reuses that source.
    """
    out = Written()
    source_text = text
    if isinstance(source, NewSource):
        out.source_id, out.source_created, published = _source(conn, actor, source, text)
        said_on = said_on or published
    else:
        out.source_id = source
        source_text = sources.text_of(conn, source)
    for item in items:
        quote = item.proposal.quote
        if source_text and not sources.quote_found(quote, source_text):
            out.skipped[f"quote not in the text of source #{out.source_id}"] += 1
            continue
        if item.target_id is None:
            raise InvalidInput(f"proposal {item.proposal.index}: no target")
        speaker_id = item.speaker_id or _new_speaker(conn, actor, item, out)
        claim_id, created = claims.add(
            conn,
            actor,
            text=item.proposal.claim or quote,  # the reported content
            speaker_id=speaker_id,
            target_id=item.target_id,
            source_id=out.source_id,
            said_on=said_on,
            act=item.act,
            lang=item.proposal.lang,
            quote=quote,
            via_ids=item.via_ids,
        )
        (out.claims if created else out.existing).append(claim_id)
        out.by_index[item.proposal.index] = claim_id
    return out


def _source(conn: Connection, actor: str, s: NewSource, text: str) -> tuple[int, bool, str | None]:
    """(id, created, date published) of the source holding ``text``: an existing one first."""
    same = conn.execute(
        select(Source.c.id, Source.c.published_on).where(Source.c.sha256 == sources.digest(text))
    ).first()
    if same is not None:
        return same.id, False, same.published_on
    new = sources.add(conn, actor, s.title, s.publisher, s.url, s.published, s.lang, text)
    return new, True, s.published


def _new_speaker(conn: Connection, actor: str, item: Item, out: Written) -> int:
    name = (item.new_name or item.proposal.speaker_phrase).strip()
    found = names.exact_matches(conn, name)
    if len(found) == 1:  # created for an earlier proposal of this text
        return found[0][0]
    kind = "person" if item.proposal.camp_phrase and item.proposal.new_name else "organisation"
    parent = f"#{item.camp_id}" if item.camp_id else None
    out.entities.append(name)
    return entities.add(conn, actor, name, kind, parent=parent)
