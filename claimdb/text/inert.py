"""Making user text inert for terminals and spreadsheets (pure, no rich)."""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI_CONTROL = re.compile(r"[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def visible(value: str) -> str:
    """Control characters and bidi controls as visible, inert escapes (\\x1b, <U+202E>)."""
    value = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return _BIDI_CONTROL.sub(lambda m: f"<U+{ord(m.group()):04X}>", value)


def csv_safe(value: Any) -> Any:
    """Neutralise spreadsheet formulas: a cell starting with = + - @ tab or CR gets a '."""
    if isinstance(value, str) and value.startswith(_FORMULA):
        return "'" + value
    return value
