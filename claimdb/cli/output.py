"""Where a command's output goes: standard output, or a file that appears only when complete.

``quiet_when_reader_stops`` is the one place that handles a reader closing the pipe early
(``claimdb export | head``, ``claimdb timeline -f csv | head -1``): like other Unix tools,
claimdb then stops without a traceback or an error line (exit 141, as if killed by SIGPIPE).

``failure`` says what went wrong when the output cannot be written (a full disk, an
encoding that cannot show the text) and, when a write transaction committed before,
that the change was saved, so that no one runs it again.
"""

import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TextIO

import typer

from claimdb.errors import InvalidInput

SIGPIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for a writer whose reader left
OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EFBIG, errno.EDQUOT, errno.EBADF}


@contextmanager
def quiet_when_reader_stops(saved: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Run a command body; if stdout's reader has gone, exit quietly instead of failing
    (unless ``saved()``: a change was committed, and ``failure`` says so)."""
    try:
        yield
        sys.stdout.flush()  # buffered rows would otherwise fail at interpreter exit
    except BrokenPipeError:
        _silence_stdout()
        if saved():
            raise
        raise typer.Exit(SIGPIPE_EXIT) from None


def failure(e: OSError | UnicodeEncodeError, saved: bool) -> tuple[str | None, int]:
    """The line to show for an error of a file, of the output or of the text given (None:
    say nothing), and the exit code."""
    if isinstance(e, UnicodeEncodeError) and e.encoding.replace("-", "").lower() == "utf8":
        return "text that is not valid Unicode (a byte that is not UTF-8 in an argument?)", 1
    if isinstance(e, OSError) and (e.filename is not None or e.errno not in OUTPUT_ERRNOS):
        where = f"{e.filename}: " if e.filename else ""
        return f"{where}{e.strerror or e}", 1
    _silence_stdout()
    if isinstance(e, UnicodeEncodeError):
        why = (
            f"the output encoding ({e.encoding}) cannot show {e.object[e.start : e.end]!r}; "
            "set PYTHONIOENCODING=utf-8 or a UTF-8 locale"
        )
    elif e.errno == errno.EPIPE:
        if not saved:
            return None, SIGPIPE_EXIT
        why = "the reader of the output stopped early (broken pipe)"
    else:
        why = f"the output could not be written: {e.strerror or e}"
    return (f"the change was saved, but {why}" if saved else why), 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null: later writes (Python's own flush at exit included) go
    nowhere instead of failing a second time."""
    with suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


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
