"""Files written whole or not at all: a temporary name in the same directory, flushed,
then renamed. A process killed part-way leaves only a temporary, which the next writer
of the same file removes (when the process that made it is gone)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from claimdb.errors import DatabaseError

SUFFIXES = ("", "-journal", "-wal", "-shm")  # a SQLite file and its companions


def temporary_name(dest: Path) -> Path:
    """``.NAME.PID.tmp`` beside ``dest``: hidden, and telling whose it is."""
    return dest.with_name(f".{dest.name}.{os.getpid()}.tmp")


def remove_stale_temporaries(dest: Path) -> list[Path]:
    """Remove the temporaries for ``dest`` left by processes that no longer run."""
    removed = []
    for path in dest.parent.glob(f".{_glob_escape(dest.name)}.*.tmp"):
        pid = path.name[len(dest.name) + 2 : -len(".tmp")]
        if pid.isdigit() and not _running(int(pid)):
            remove(path)
            removed.append(path)
    return removed


def publish(temporary: Path, dest: Path) -> None:
    """Flush ``temporary`` to disk and give it the name ``dest``, never replacing a
    file that appeared there meanwhile; then flush the directory entry too."""
    fd = os.open(temporary, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(temporary, dest)  # fails if dest exists: no file is ever overwritten
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if dest.exists():
            raise FileExistsError(dest) from None
        os.rename(temporary, dest)
    _fsync_directory(dest.parent)


def verify_copy(path: Path, shown: Path | None = None) -> None:
    """A quick check that a copy (a backup) opens and is sound. Opened as immutable (no
    one else writes a fresh copy), so no -wal or -shm file is left beside it."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.Error as e:
        result = str(e)
    finally:
        conn.close()
    if result != "ok":
        raise DatabaseError(f"{shown or path}: the copy does not pass a quick check: {result}")


def remove(path: Path) -> None:
    """``path`` and its SQLite companions, if present."""
    for suffix in SUFFIXES:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def _fsync_directory(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot flush a directory; the rename is still atomic
    finally:
        os.close(fd)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
