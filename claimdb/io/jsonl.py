"""JSONL: one JSON object per line, each with a ``type``. The lossless format.

    {"type":"entity","name":..,"kind":..,"aliases":[..],"parent":NAME,"members":[NAME..]}
    {"type":"source","key":..,"title":..,"publisher":..,"url":..,"published":"YYYY-MM-DD",
     "lang":..,"reliability":"A".."F","sha256":..,"text":..}
    {"type":"claim","key":..,"speaker":NAME,"target":NAME,"said_on":"YYYY-MM-DD",
     "act":..,"lang":..,"text":..,"quote":..,"translation":..,"topic":..,"location":..,
     "source":KEY|"#id","via":[NAME..],"credibility":1..6,"retracted_at":..,
     "retraction_reason":..}
    {"type":"link","a":KEY|"#id","b":KEY|"#id","relation":"contradicts"|"supports","note":..}
    {"type":"dismissal","a":KEY|"#id","b":KEY|"#id","note":..}   (``claimdb suggest dismiss``)
    {"type":"verdict","claim":KEY|"#id","source":KEY|"#id","rating":TEXT,"rating_value":N,
     "best_rating":N,"worst_rating":N,"explanation":..}

A verdict is a fact-checker's rating of a claim: ``source`` is the review (its publisher
is the fact-checker), ``rating`` the textual rating, the numbers its value and scale.

Absent and null fields are the same. Names resolve as on the command line, except that
a name given by an entity record of the same file means that entity. Keys are local to
the file; a record may refer only to records above it (or ``#id`` in the database).

Export writes entities (parents and members first), then sources, claims (in id
order), live links, dismissed suggestions and verdicts, with every field that is set
and no others, so that export → import into an empty database → export gives the same
bytes. Keys are numbered by position in the export (``s1``, ``c7``); only claims that
are linked, dismissed or have a verdict carry one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from sqlalchemy.engine import Connection

from claimdb.errors import InvalidInput
from claimdb.io import export_selection as selection
from claimdb.io.export_selection import Selection


def records(lines: Iterable[tuple[int, str]], name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Parse numbered lines; blank lines are skipped."""
    for number, text in lines:
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as e:
            raise InvalidInput(
                f"{name}:{number}: not valid JSON: {e.msg} (column {e.colno})"
            ) from None
        except RecursionError:
            raise InvalidInput(f"{name}:{number}: not valid JSON: nested too deeply") from None
        except ValueError:  # an integer of more digits than int() converts (4,300)
            raise InvalidInput(f"{name}:{number}: not valid JSON: a number too long") from None
        if not isinstance(record, dict):
            raise InvalidInput(f"{name}:{number}: expected a JSON object with a type")
        if ("\\ud" in text or "\\uD" in text) and (field := _lone_surrogate(record)):
            raise InvalidInput(
                f"{name}:{number}: {field}: a \\u escape of half a surrogate pair, not a character"
            )
        yield number, record


def _lone_surrogate(record: dict[str, Any]) -> str | None:
    """The field holding a lone surrogate (from an escape such as ``\\ud800``), if any."""
    pending: list[tuple[str, Any]] = [(str(k), v) for k, v in record.items()]
    pending += [("field name", k) for k in record]
    while pending:
        field, value = pending.pop()
        if isinstance(value, str):
            if any("\ud800" <= c <= "\udfff" for c in value):
                return field
        elif isinstance(value, dict):
            pending += [(field, v) for v in value.values()] + [(field, k) for k in value]
        elif isinstance(value, list):
            pending += [(field, v) for v in value]
    return None


_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _dump(record: dict[str, Any]) -> str:
    return _encode(record) + "\n"


def _set(**fields: Any) -> dict[str, Any]:
    """The fields that have a value (absent and empty are the same on import)."""
    return {k: v for k, v in fields.items() if v is not None and v != []}


def export(conn: Connection, out: TextIO, filters: Selection) -> dict[str, int]:
    """Write the chosen records to ``out``; returns how many of each were written."""
    from claimdb.records.dismissals import dismissals

    counts = dict.fromkeys(("entity", "source", "claim", "link", "verdict"), 0)
    dismissed = list(dismissals(conn))
    rows = selection.entities(conn)
    names = {i: r.name for i, r in rows.items()}
    for e in selection.in_dependency_order(rows, selection.needed(conn, filters, rows)):
        out.write(
            _dump(
                _set(
                    type="entity",
                    name=e.name,
                    kind=e.kind,
                    aliases=e.aliases,
                    parent=names.get(e.parent_id),
                    members=sorted(names[m] for m in e.members),
                )
            )
        )
        counts["entity"] += 1
    source_keys: dict[int, str] = {}
    for s in selection.sources(conn, filters):
        source_keys[s.id] = key = f"s{len(source_keys) + 1}"
        out.write(
            _dump(
                _set(
                    type="source",
                    key=key,
                    title=s.title,
                    publisher=s.publisher,
                    url=s.url,
                    published=s.published_on,
                    lang=s.lang,
                    reliability=s.reliability,
                    sha256=s.sha256,
                    text=s.text,
                )
            )
        )
    counts["source"] = len(source_keys)
    keyed = {p[end] for p in dismissed for end in ("a", "b")} | selection.with_verdicts(conn)
    claim_keys = _claims(conn, out, filters, names, source_keys, counts, keyed)
    for a, b, relation, note in selection.links(conn):
        if a in claim_keys and b in claim_keys:
            out.write(
                _dump(
                    _set(
                        type="link", a=claim_keys[a], b=claim_keys[b], relation=relation, note=note
                    )
                )
            )
            counts["link"] += 1
    for pair in dismissed:
        if pair["a"] in claim_keys and pair["b"] in claim_keys:
            a, b, note = claim_keys[pair["a"]], claim_keys[pair["b"]], pair.get("note")
            out.write(_dump(_set(type="dismissal", a=a, b=b, note=note)))
            counts["dismissal"] = counts.get("dismissal", 0) + 1
    for v in selection.verdicts(conn):
        if v[0] in claim_keys and v[1] in source_keys:
            fields = dict(zip(selection.VERDICT_COLUMNS[2:], v[2:], strict=True))
            fields |= {
                k: _number(fields[k]) for k in ("rating_value", "best_rating", "worst_rating")
            }
            out.write(
                _dump(
                    _set(type="verdict", claim=claim_keys[v[0]], source=source_keys[v[1]], **fields)
                )
            )
            counts["verdict"] += 1
    return counts


def _number(value: float | None) -> float | int | None:
    """A stored number as written: 4.0 is 4."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


_TEXTS = ("said_on", "act", "lang", "text", "quote", "translation", "topic", "location")
_LAST = ("credibility", "retracted_at", "retraction_reason")


def _claims(
    conn: Connection,
    out: TextIO,
    filters: Selection,
    names: dict[int, str],
    source_keys: dict[int, str],
    counts: dict[str, int],
    keyed: set[int],
) -> dict[int, str]:
    """Write the claims (rows in selection.CLAIM_COLUMNS order, then ``linked``);
    returns the keys given to linked ones and to those in ``keyed``."""
    keys: dict[int, str] = {}
    via = selection.Follow(selection.vias(conn, filters))
    write = out.write
    number = 0
    for number, row in enumerate(selection.claims(conn, filters), 1):
        claim_id = row[0]
        record: dict[str, Any] = {"type": "claim"}
        if row[15] or claim_id in keyed:
            keys[claim_id] = record["key"] = f"c{number}"
        record["speaker"] = names[row[1]]
        record["target"] = names[row[2]]
        for name, value in zip(_TEXTS, row[3:11], strict=True):
            if value is not None:
                record[name] = value
        if row[11] is not None:
            record["source"] = source_keys[row[11]]
        chain = via.take(claim_id)
        if chain:
            record["via"] = [names[v[1]] for v in chain]
        for name, value in zip(_LAST, row[12:15], strict=True):
            if value is not None:
                record[name] = value
        write(_encode(record))
        write("\n")
    counts["claim"] = number
    return keys
