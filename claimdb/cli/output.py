"""Where a command's output goes: standard output, or a file that appears only when complete.

``quiet_when_reader_stops`` is the one place that handles a reader closing the pipe early
(``claimdb export | head``, ``claimdb timeline -f csv | head -1``): like other Unix tools,
claimdb then stops without a traceback or an error line (exit 141, as if killed by SIGPIPE).
"""

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

import typer

from claimdb.errors import InvalidInput

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left


@contextmanager
def quiet_when_reader_stops() -> Iterator[None]:
    """Run a command body; if stdout's reader has gone, exit quietly instead of failing."""
    try:
        yield
        sys.stdout.flush()  # buffered rows would otherwise fail at interpreter exit
    except BrokenPipeError:
        # Later writes (Python's own flush at exit included) go nowhere instead of failing.
        devnull = os.open(os.devnull, os.O_WRONLY)
        with suppress(OSError, ValueError):
            os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(SIGPIPE_EXIT) from None


@contextmanager
def file_output(path: Path, bom: bool = False) -> Iterator[TextIO]:
    """UTF-8 text to ``path``, written to a hidden partial file and renamed when complete:
    readers never see half a file, and a failure leaves no file behind."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out:
            yield out
        os.replace(partial, path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"{path}: cannot write: {e.strerror}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextmanager
def text_output(path: Path | None, bom: bool = False) -> Iterator[TextIO]:
    """UTF-8 text to stdout (whatever its locale), or to ``path`` via ``file_output``."""
    if path is not None:
        with file_output(path, bom) as out:
            yield out
        return
    out = io.TextIOWrapper(typer.get_binary_stream("stdout"), encoding="utf-8", newline="")
    try:
        with quiet_when_reader_stops():
            out.write("\ufeff" if bom else "")
            yield out
            out.flush()
    finally:
        with suppress(OSError, ValueError):
            out.detach()
