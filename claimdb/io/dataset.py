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
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from claimdb.db.tables import Entity, Source
from claimdb.errors import ClaimdbError, InvalidInput
from claimdb.io.import_records import Summary
from claimdb.records import claims, entities, events, links, names, sources
from claimdb.text.normalize import normalize

SECTIONS = ("source", "entity", "claim", "link")


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
    except RecursionError:
        line = _first_line_with(source, r"(?:[\[{]\s*){200}")
        raise InvalidInput(f"{path}:{line}: not valid TOML: nested too deeply") from None
    except ValueError:  # an integer of more digits than int() converts (4,300)
        line = _first_line_with(source, r"[0-9_]{4300}")
        raise InvalidInput(f"{path}:{line}: not valid TOML: a number too long") from None
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


def _first_line_with(source: str, pattern: str) -> int:
    m = re.search(pattern, source)
    return source.count("\n", 0, m.start()) + 1 if m else 1


def _line_of(message: str) -> int:
    m = re.search(r"line (\d+)", message)
    return int(m.group(1)) if m else 1


def load(conn: Connection, actor: str, paths: Iterable[str | Path]) -> Summary:
    """Load data set files inside one write transaction; ``actor`` is logged."""
    summary = Summary.of(SECTIONS)
    for path in map(Path, paths):
        _Loader(conn, actor, path, summary).run()
        summary.files.append(str(path))
    if any(summary.added.values()):
        after = {"files": summary.files, "added": summary.added}
        events.append(conn, actor, "load", "dataset", None, after=after)
    return summary


class _Loader:
    def __init__(self, conn: Connection, actor: str, path: Path, summary: Summary) -> None:
        self.conn, self.actor, self.path, self.summary = conn, actor, path, summary
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
        self.summary.count(section, added)

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
            source_id = sources.add(
                self.conn,
                self.actor,
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
                entities.add_alias(self.conn, entity_id, alias)
        else:
            parent = r.get("parent")
            entity_id = entities.add(
                self.conn,
                self.actor,
                r["name"],
                r.get("kind", "organisation"),
                r.get("aliases", []),
                f"#{self._ref('entity', parent, 'parent')}" if parent else None,
            )
        members = [self._ref("entity", m, "member") for m in r.get("members", [])]
        entities.add_members(self.conn, entity_id, members)
        self._key(r, "entity", entity_id)
        self._count("entity", not found)

    def _claim(self, r: dict[str, Any]) -> None:
        claim_id, created = claims.add(
            self.conn,
            self.actor,
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
        existed = links.live(self.conn, lo, hi) is not None
        links.add(self.conn, self.actor, a, b, r["relation"], r.get("note"), exists_ok=True)
        self._count("link", not existed)
