"""Reading user files as UTF-8 text, with one clear error line."""

from __future__ import annotations

from pathlib import Path

from claimdb.errors import InvalidInput


def read_text(path: Path | str) -> str:
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(f"{path}: cannot read: {e.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InvalidInput(f"{path}:{line}: not UTF-8 text") from None
