"""When the output cannot be written (a full disk, a closed pipe, an encoding that
cannot show the text): one line that says so, and whether the change was saved.

Written data is never taken back: a command whose write transaction committed before
its output failed says that the change was saved, so that no one runs it again.
"""

import errno
import os
import sys

OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EPIPE, errno.EFBIG, errno.EDQUOT, errno.EBADF}


def failure(e: OSError | UnicodeEncodeError, saved: bool) -> tuple[str | None, int]:
    """The line to show (None: say nothing) and the exit code."""
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
        if not saved:  # the reader stopped early (claimdb ... | head): not an error
            return None, 141
        why = "the reader of the output stopped early (broken pipe)"
    else:
        why = f"the output could not be written: {e.strerror or e}"
    return (f"the change was saved, but {why}" if saved else why), 1


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so that no flush at exit fails a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # stdout is not a file (a test runner's buffer): nothing will be flushed
