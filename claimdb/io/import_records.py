"""Import records: their fields, reading them from bytes, and checks on single fields.

A record is a dict in the JSONL shape (``formats.jsonl`` documents it) with the line
it came from. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, BinaryIO

from claimdb import validate
from claimdb.errors import ClaimdbError, InvalidInput

PROGRESS_STEP = 1 << 18  # report progress every 256 KiB read
TYPES = ("entity", "source", "claim", "link", "dismissal", "verdict")
FIELDS = {
    "entity": ("type", "name", "kind", "aliases", "parent", "members"),
    "source": (
        *("type", "key", "title", "publisher", "url", "published", "lang", "reliability"),
        *("sha256", "text"),
    ),
    "claim": (
        *("type", "key", "speaker", "target", "said_on", "act", "lang", "text", "quote"),
        *("translation", "topic", "location", "source", "via", "credibility"),
        *("retracted_at", "retraction_reason"),
    ),
    "link": ("type", "a", "b", "relation", "note"),
    "dismissal": ("type", "a", "b", "note"),
    "verdict": (
        *("type", "claim", "source", "rating", "rating_value", "best_rating", "worst_rating"),
        "explanation",
    ),
}
_FIELD_SETS = {kind: frozenset(names) for kind, names in FIELDS.items()}


@dataclass
class Summary:
    """What a load or an import added and found already present, by record kind
    (``files``: the data set files loaded)."""

    added: dict[str, int]
    existing: dict[str, int]
    files: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, kinds: Iterable[str]) -> Summary:
        kinds = tuple(kinds)
        return cls(dict.fromkeys(kinds, 0), dict.fromkeys(kinds, 0))

    def count(self, kind: str, added: bool) -> None:
        (self.added if added else self.existing)[kind] += 1


def decoded_lines(
    stream: BinaryIO, name: str, advance: Callable[[int], None]
) -> Iterator[tuple[int, str]]:
    """Numbered UTF-8 lines (with their endings) from a binary stream; a BOM is dropped.

    ``advance(n)`` is told every so often how many more bytes were read."""
    pending = 0
    for number, raw in enumerate(stream, 1):
        pending += len(raw)
        if pending >= PROGRESS_STEP:
            advance(pending)
            pending = 0
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InvalidInput(f"{name}:{number}: not UTF-8 text") from None
        if number == 1 and text.startswith("\ufeff"):
            text = text[1:]
        yield number, text
    advance(pending)


def located(error: ClaimdbError, name: str, line: int | str, kind: str | None) -> ClaimdbError:
    """The error with the file, line (or a record's label, such as 'review 3') and record
    type in front (once)."""
    if getattr(error, "located", False):
        return error
    where = f"{name}:{line}" if isinstance(line, int) else f"{name}: {line}"
    out = type(error)(f"{where}: {kind + ': ' if kind else ''}{error}")
    out.located = True  # type: ignore[attr-defined]
    return out


def kind_of(record: dict[str, Any]) -> str:
    kind = record.get("type")
    if kind not in _FIELD_SETS:
        got = f"type {kind!r}" if kind is not None else "no type"
        raise InvalidInput(f"record has {got}; expected one of {', '.join(TYPES)}")
    return kind


def check_fields(kind: str, record: dict[str, Any]) -> None:
    if not _FIELD_SETS[kind].issuperset(record):
        unknown = sorted(set(record) - _FIELD_SETS[kind])[0]
        raise InvalidInput(f"unknown field {unknown!r}; expected {', '.join(FIELDS[kind][1:])}")


# -- single fields ----------------------------------------------------------------------


def text(r: dict[str, Any], name: str) -> str | None:
    """Text or absent; a value of another JSON type is an error."""
    value = r.get(name)
    if value is None or isinstance(value, str):
        return value
    raise InvalidInput(f"{name}: expected text, not {_json_type(value)}")


def optional(r: dict[str, Any], name: str) -> str | None:
    """Optional text as claimdb keeps it: blank is absent."""
    value = r.get(name)
    return None if value is None else validate.text(text(r, name), name)


def required(r: dict[str, Any], name: str) -> str:
    value = text(r, name)
    if value is None or not value.strip():
        raise InvalidInput(f"{name}: missing")
    return value


def names(r: dict[str, Any], name: str) -> list[str]:
    value = r.get(name)
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise InvalidInput(f"{name}: expected a list of names, not {_json_type(value)}")


def key(r: dict[str, Any], name: str) -> str | None:
    """A record key: text or a whole number, compared as text."""
    value = r.get(name)
    if isinstance(value, str) and value.strip().startswith("#"):
        validate.record_id(value, name)  # a #id in the database: within range
    if value is None or (isinstance(value, str) and value.strip()):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InvalidInput(f"{name}: expected a key (text or a number), not {_json_type(value)}")


def number(r: dict[str, Any], name: str) -> float | None:
    """A number or absent (a rating's value and scale)."""
    value = r.get(name)
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise InvalidInput(f"{name}: expected a number, not {_json_type(value)}")


def credibility(r: dict[str, Any]) -> int | None:
    value = r.get("credibility")
    if value is None:
        return None
    if isinstance(value, str) or type(value) is int:
        return validate.credibility(value)
    raise InvalidInput(f"credibility: expected a number from 1 to 6, not {_json_type(value)}")


def retraction(r: dict[str, Any], stamp: str) -> tuple[str | None, str | None]:
    """(retracted_at, reason): a reason alone means retracted now; a time needs a reason."""
    if "retracted_at" not in r and "retraction_reason" not in r:
        return None, None
    at = text(r, "retracted_at") or None
    reason = validate.text(text(r, "retraction_reason"), "retraction_reason")
    if at is not None:
        try:
            datetime.fromisoformat(at)
        except ValueError:
            raise InvalidInput(
                f"retracted_at {at!r}: expected a UTC time such as 2015-10-03T12:00:00Z"
            ) from None
        if reason is None:
            raise InvalidInput("retracted_at without retraction_reason")
    elif reason is not None:
        at = stamp
    return at, reason


def _json_type(value: Any) -> str:
    kinds = {dict: "an object", list: "a list", bool: "true/false", str: "text", int: "a number"}
    return kinds.get(type(value), "a number")
