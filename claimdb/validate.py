"""Checks on user input that need no database: dates, texts, choices."""

from __future__ import annotations

import re
from datetime import date

from claimdb.errors import InvalidInput

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"#?(\d+)")
# A letter or digit (Python's isalnum) that normalize keeps: all but tatweel, fillers and
# a few Arabic and halfwidth forms that are marks in disguise (tests/test_empty_text.py).
_KEPT_WORD_CHAR = re.compile(
    "[^\\W_\u0640\u06e5\u06e6\u115f\u1160\u3164\ufc5e-\ufc63\ufcf2-\ufcf4"
    "\ufe70-\ufe7f\uff9e-\uffa0]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
MAX_TEXT = 100_000  # characters in one claim text, quote or translation
MAX_ID = 2**63 - 1  # the largest id a database row can have (a signed 64-bit integer)


def record_id(value: str | int, what: str = "claim id") -> int:
    """``12`` or ``#12`` → 12, within the range of a database id; else bad input."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        m = _ID.fullmatch(str(value).strip())
        if not m:
            raise InvalidInput(f"{what} {_short(value)}: expected a number such as 12 or #12")
        digits = m.group(1).lstrip("0") or "0"
        number = int(digits) if len(digits) <= 19 else MAX_ID + 1  # no 4,300-digit int()
    if not 0 <= number <= MAX_ID:
        raise InvalidInput(f"{what} {_short(value)}: out of range; ids go up to {MAX_ID}")
    return number


def _short(value: object) -> str:
    shown = repr(str(value).strip()) if not isinstance(value, int) else str(value)
    return shown if len(shown) <= 40 else f"{shown[:30]}…({len(shown):,} characters)"


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
    """Text as given (never rewritten); blank → None, or an error when required.

    Required text (a claim, a name, an alias, a title, a reason) must say something: a
    letter or digit after normalisation, not only punctuation, marks or invisible
    characters."""
    if value is None or not value.strip():
        if required:
            raise InvalidInput(f"{what}: empty text")
        return None
    if "\x00" in value:
        raise InvalidInput(f"{what}: contains a NUL byte")
    if len(value) > MAX_TEXT:
        raise InvalidInput(f"{what}: {len(value):,} characters; the limit is {MAX_TEXT:,}")
    if _SURROGATE.search(value):
        raise InvalidInput(f"{what}: not valid Unicode text (a byte that is not UTF-8?)")
    if required and not has_word(value):
        raise InvalidInput(
            f"{what} {_short(value)}: no letter or digit "
            "(only punctuation, marks or invisible characters)"
        )
    return value


def has_word(value: str) -> bool:
    """A letter or digit remains after normalisation (``text.matching.normalize``).

    Fast: a letter or digit that normalisation keeps settles it; only text without one
    (punctuation, marks, invisible characters, symbols such as ™) is normalised."""
    if _KEPT_WORD_CHAR.search(value):
        return True
    if value.isascii():
        return False
    from claimdb.text.normalize import normalize

    return bool(normalize(value))


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
