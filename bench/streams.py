"""Whole listings as a user runs them: time and peak memory of the commands that write
every row (``--limit 0``), against the hand-written SQL answering the same question
(``bench/raw_streams.py``, ``bench/raw_export.py``); and a table against the JSON of
the same rows.

Each command runs as its own process with stdout to a file; claimdb and its baseline run
interleaved (A B, then B A), and the ratio is the median of the pairs'. Peak memory is
the process's own high-water mark (``bench/peak.py``): flat memory means the same peak
at any size.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.measure import Row, run_child

PEAK_GOAL_MB = 200.0
TABLE_ROWS = 20_000
COMMANDS = (
    ("claim list --limit 0 -f json", ["claim", "list", "--limit", "0", "-f", "json"], "claims"),
    ("timeline --limit 0 -f json", ["timeline", "--limit", "0", "-f", "json"], "claims"),
    ("export (jsonl)", ["export"], "export"),
    ("report --limit 0 -f json", ["report", "--limit", "0", "-f", "json"], "linked"),
    ("speakers", ["speakers", "-f", "json"], "speakers"),
)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CLAIMDB_DB", None)
    env["COLUMNS"] = "100"
    return env


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, peak MB) of one run; stdout goes to a file, as ``> out.json`` would."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        shell = [sys.executable, "-c", _REDIRECT, str(out), *argv]
        run = run_child(shell, env=env)
        if run.returncode != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {run.stderr.decode()[-300:]}")
        return run.seconds * 1000, run.peak_mb


# exec the command with its stdout on a file (no pipe to drain, no shell)
_REDIRECT = (
    "import os, sys; fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_TRUNC); "
    "os.dup2(fd, 1); os.execv(sys.argv[2], sys.argv[2:])"
)


def _paired(ours: list[str], base: list[str], n: int, env: dict[str, str]):
    samples = []
    for k in range(n):
        if k % 2:
            b, a = _run(base, env), _run(ours, env)
        else:
            a, b = _run(ours, env), _run(base, env)
        samples.append((a, b))
    ratios = [a[0] / b[0] for a, b in samples]
    spread = (statistics.median(ratios), min(ratios), max(ratios))
    ms = statistics.median(a[0] for a, _ in samples), statistics.median(b[0] for _, b in samples)
    peak = max(a[1] for a, _ in samples), max(b[1] for _, b in samples)
    return ms, peak, spread


def rows(db: Path, claims: int, n: int = 1) -> list[Row]:
    """A time row and a peak-memory row per command on ``db`` (``claims`` claims)."""
    env = _env()
    claimdb = [sys.executable, "-m", "claimdb", "--db", str(db)]
    out = []
    for name, argv, mode in COMMANDS:
        if mode == "export":
            base = [sys.executable, "-m", "bench.raw_export", str(db), "/dev/stdout"]
        else:
            base = [sys.executable, "-m", "bench.raw_streams", mode, str(db)]
        (ours_ms, base_ms), (ours_mb, base_mb), spread = _paired([*claimdb, *argv], base, n, env)
        what = f"{name} ({claims:,} claims, whole process)"
        out.append(Row(what, ours_ms, base_ms, "ms", "—", None, spread=spread))
        out.append(
            Row(
                f"{name}: peak memory",
                ours_mb,
                base_mb,
                "MB",
                f"< {PEAK_GOAL_MB:g} MB",
                ours_mb < PEAK_GOAL_MB,
            )
        )
    out.append(speakers_row(db, claims))
    out.append(table_row(db, n, env))
    return out


def speakers_row(db: Path, claims: int) -> Row:
    """``speakers`` in-process (the top 50, their camps and links), against the grouped
    queries of ``raw_streams.speakers`` on the same file, interleaved."""
    import sqlite3

    from bench import raw_streams
    from bench.measure import paired_ms
    from claimdb.api import Claimdb

    handle, conn = Claimdb(str(db)), sqlite3.connect(db)
    try:
        timed = paired_ms(
            lambda: handle.top_speakers(50),
            lambda: raw_streams.speakers(conn, lambda text: None),
            repeat=3,
        )
    finally:
        handle.close()
        conn.close()
    return Row(
        f"speakers, the top 50 ({claims:,} claims, in-process)",
        timed.ours_ms,
        timed.base_ms,
        "ms",
        "< 1 s",
        timed.ours_ms < 1000,
        spread=timed.spread,
    )


def table_row(db: Path, n: int, env: dict[str, str]) -> Row:
    """``timeline --limit 20000`` drawn as a table against the same rows as JSON."""
    claimdb = [sys.executable, "-m", "claimdb", "--db", str(db), "timeline"]
    limit = ["--limit", str(TABLE_ROWS)]
    (table_ms, json_ms), _, spread = _paired(
        [*claimdb, *limit], [*claimdb, *limit, "-f", "json"], max(n, 1), env
    )
    return Row(
        f"timeline of {TABLE_ROWS:,} rows: table vs JSON (whole process)",
        table_ms,
        json_ms,
        "ms",
        "<= 2x",
        spread[0] <= 2.0,
        spread=spread,
    )
