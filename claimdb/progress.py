"""A progress bar on stderr for long imports (the one other module allowed to use rich).

Shown only when asked for (the CLI asks when stderr is a terminal); otherwise the
returned ``advance`` function does nothing, so callers never branch on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Advance = Callable[[int], None]


def _nothing(_done: int) -> None:
    return None


@contextmanager
def bar(description: str, total: int | None, enabled: bool, console=None) -> Iterator[Advance]:
    """Yield ``advance(n)``: n more units (bytes) done. ``total`` None shows a counter."""
    if not enabled:
        yield _nothing
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = [SpinnerColumn(), TextColumn("{task.description}", markup=False)]
    if total:
        columns += [BarColumn(), DownloadColumn(), TimeRemainingColumn()]
    else:
        columns += [DownloadColumn()]
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=total)
        yield lambda n: progress.advance(task, n)
