"""Checks on user input that need no database: dates, texts, choices."""

from __future__ import annotations

import re
from datetime import date

from claimdb.errors import InvalidInput

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_TEXT = 100_000  # characters in one claim text, quote or translation


def iso_date(value: str | None, what: str = "date") -> str | None:
    """``YYYY-MM-DD`` or None; anything else is bad input that says what was expected."""
    if value is None or value == "":
        return None
    value = value.strip()
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value).isoformat()
    except ValueError:
        pass
    raise InvalidInput(f"{what} {value!r}: expected a date as YYYY-MM-DD, e.g. 2015-10-02")


def text(value: str | None, what: str, required: bool = False) -> str | None:
    """Text as given (never rewritten); blank → None, or an error when required."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"{what}: empty text")
        return None
    if "\x00" in value:
        raise InvalidInput(f"{what}: contains a NUL byte")
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{what}: {len(value):,} characters; the limit is {MAX_TEXT:,}")
    return value


def choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise InvalidInput(f"{what} {value!r}: expected one of {', '.join(allowed)}")
    return value


def credibility(value: int | str | None) -> int | None:
    """Admiralty credibility 1 (confirmed) to 6 (cannot be judged)."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= 6:
        raise InvalidInput(f"credibility {value!r}: expected a number from 1 to 6")
    return number
