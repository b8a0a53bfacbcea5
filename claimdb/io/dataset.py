"""The data set format of seeds/: human-editable TOML with a local key per record.

    [dataset]   name, description
    [[source]]  key, title, publisher, url, published, lang, text_file, sha256, reliability
    [[entity]]  key, name, kind, aliases = [...], parent = "<key>", members = ["<key>", ...]
    [[claim]]   key, speaker, target, source, said_on, act, lang, text, quote, translation,
                topic, location, via = ["<key>", ...], credibility
    [[link]]    a, b, relation, note

Records refer to each other by key; a key that is not in the file is looked up as a
name in the database. Loading is all or nothing and idempotent: entities are matched
by name, sources by content hash, claims by content key, links by pair.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.db.store import retried
from claimdb.db.tables import Entity, Membership, Source
from claimdb.errors import ClaimdbError, InvalidInput
from claimdb.records import names
from claimdb.text.normalize import normalize

SECTIONS = ("source", "entity", "claim", "link")


@dataclass
class Summary:
    files: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))
    existing: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SECTIONS, 0))


def read(path: Path) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """Parse one file; returns the data and the line of each record, per section."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read: {e.strerror}") from None
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InvalidInput(f"{path}:{line}: not UTF-8 text") from None
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None) or _line_of(str(e))
        raise InvalidInput(f"{path}:{line}: not valid TOML: {str(e).split(' (at')[0]}") from None
    lines: dict[str, list[int]] = {s: [] for s in SECTIONS}
    for number, text in enumerate(source.splitlines(), 1):
        m = re.match(r"\s*\[\[\s*(\w+)\s*\]\]", text)
        if m and m.group(1) in lines:
            lines[m.group(1)].append(number)
    unknown = set(data) - set(SECTIONS) - {"dataset"}
    if unknown:
        raise InvalidInput(f"{path}:1: unknown section [{sorted(unknown)[0]}]")
    return data, lines


def _dependency_order(records: list[tuple[int, dict]]) -> list[tuple[int, dict]]:
    """Entities after the parent and members they name (a cycle keeps file order)."""
    keys = {r.get("key") for _, r in records if isinstance(r, dict)}
    done: set[str] = set()
    ordered: list[tuple[int, dict]] = []
    pending = list(records)
    while pending:
        ready = [
            (i, r)
            for i, r in pending
            if not isinstance(r, dict)
            or all(
                d in done or d not in keys for d in [r.get("parent"), *r.get("members", [])] if d
            )
        ]
        if not ready:  # a cycle: let the loader report the first unresolved reference
            return ordered + pending
        for item in ready:
            ordered.append(item)
            if isinstance(item[1], dict):
                done.add(item[1].get("key"))
        pending = [p for p in pending if p not in ready]
    return ordered


def _line_of(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


@retried
def load(db, paths: Iterable[str | Path]) -> Summary:
    """Load data set files into ``db`` (a service.Claimdb) in one transaction."""
    summary = Summary()
    with db.store.write() as conn:
        for path in map(Path, paths):
            _Loader(db, conn, path, summary).run()
            summary.files.append(str(path))
        if any(summary.added.values()):
            db.log(
                conn,
                "load",
                "dataset",
                None,
                after={"files": summary.files, "added": summary.added},
            )
    return summary


class _Loader:
    def __init__(self, db, conn: Connection, path: Path, summary: Summary) -> None:
        self.db, self.conn, self.path, self.summary = db, conn, path, summary
        self.keys: dict[str, dict[str, int]] = {s: {} for s in SECTIONS}

    def run(self) -> None:
        data, lines = read(self.path)
        for section in SECTIONS:
            records = data.get(section, [])
            if not isinstance(records, list):
                raise InvalidInput(f"{self.path}:1: [{section}] must be written [[{section}]]")
            numbered = list(enumerate(records))
            if section == "entity":
                numbered = _dependency_order(numbered)
            for index, record in numbered:
                line = lines[section][index] if index < len(lines[section]) else 1
                try:
                    getattr(self, f"_{section}")(record)
                except ClaimdbError as e:
                    raise type(e)(
                        f"{self.path}:{line}: {section} {record.get('key', '')!r}: {e}"
                    ) from None
                except (KeyError, TypeError, AttributeError) as e:
                    raise InvalidInput(
                        f"{self.path}:{line}: {section} "
                        f"{record.get('key', '')!r}: missing or bad field {e}"
                    ) from None

    def _count(self, section: str, added: bool) -> None:
        (self.summary.added if added else self.summary.existing)[section] += 1

    def _key(self, record: dict[str, Any], section: str, new_id: int) -> None:
        key = record["key"]
        if key in self.keys[section]:
            raise InvalidInput(f"duplicate key {key!r}")
        self.keys[section][key] = new_id

    def _ref(self, section: str, ref: str, role: str) -> int:
        if ref in self.keys[section]:
            return self.keys[section][ref]
        if section == "entity":
            return names.resolve(self.conn, ref, role)
        if section == "claim":
            return names.parse_claim_id(ref, f"{role} claim")
        raise InvalidInput(f"unknown {role} key {ref!r}")

    def _source(self, r: dict[str, Any]) -> None:
        text = None
        if r.get("text_file"):
            file = self.path.parent / r["text_file"]
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                raise InvalidInput(
                    f"text_file {r['text_file']!r}: cannot read as UTF-8 ({e})"
                ) from None
            digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if r.get("sha256") and r["sha256"] != digest:
                raise InvalidInput(f"text_file {r['text_file']!r}: sha256 does not match")
            found = self.conn.execute(select(Source.c.id).where(Source.c.sha256 == digest)).first()
        else:
            found = self.conn.execute(
                select(Source.c.id).where(
                    Source.c.title == r["title"], Source.c.url == r.get("url")
                )
            ).first()
        if found:
            source_id = found.id
        else:
            source_id = self.db._add_source(
                self.conn,
                r["title"],
                r.get("publisher"),
                r.get("url"),
                r.get("published"),
                r.get("lang"),
                text,
                r.get("reliability"),
            )
        self._key(r, "source", source_id)
        self._count("source", not found)

    def _entity(self, r: dict[str, Any]) -> None:
        found = self.conn.execute(
            select(Entity.c.id).where(Entity.c.key == normalize(r["name"]))
        ).first()
        if found:
            entity_id = found.id
            for alias in r.get("aliases", []):
                self.db._add_alias(self.conn, entity_id, alias)
        else:
            parent = r.get("parent")
            entity_id = self.db._add_entity(
                self.conn,
                r["name"],
                r.get("kind", "organisation"),
                r.get("aliases", []),
                f"#{self._ref('entity', parent, 'parent')}" if parent else None,
            )
        for member in r.get("members", []):
            member_id = self._ref("entity", member, "member")
            exists = self.conn.execute(
                select(Membership).where(
                    Membership.c.coalition_id == entity_id, Membership.c.member_id == member_id
                )
            ).first()
            if not exists:
                self.conn.execute(
                    Membership.insert().values(coalition_id=entity_id, member_id=member_id)
                )
        self._key(r, "entity", entity_id)
        self._count("entity", not found)

    def _claim(self, r: dict[str, Any]) -> None:
        claim_id, created = self.db._insert_claim(
            self.conn,
            text=r["text"],
            speaker_id=self._ref("entity", r["speaker"], "speaker"),
            target_id=self._ref("entity", r["target"], "target"),
            source_id=self._ref("source", r["source"], "source") if r.get("source") else None,
            said_on=r.get("said_on"),
            act=r.get("act", "asserts"),
            lang=r.get("lang"),
            translation=r.get("translation"),
            quote=r.get("quote"),
            topic=r.get("topic"),
            location=r.get("location"),
            via_ids=[self._ref("entity", v, "via") for v in r.get("via", [])],
            credibility=r.get("credibility"),
        )
        self._key(r, "claim", claim_id)
        self._count("claim", created)

    def _link(self, r: dict[str, Any]) -> None:
        a, b = self._ref("claim", r["a"], "a"), self._ref("claim", r["b"], "b")
        lo, hi = sorted((a, b))
        existed = self.db._live_link(self.conn, lo, hi) is not None
        self.db._link(self.conn, a, b, r["relation"], r.get("note"), exists_ok=True)
        self._count("link", not existed)
