"""Whole commands as a user runs them (start-up, query, rendering), as processes.

``--help`` and ``--version`` against a bare Typer app; data commands on the demo
database against sqlite-utils (the peer tool) reading the same file. Each pair runs
interleaved (``paired_process_ms``): the ratio is the median of the pairs'."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from bench.measure import Row, not_measured, paired_process_ms

BARE = Path(__file__).with_name("bare_typer.py")
GOAL_RATIO = 1.5
HEAVY = ("sqlalchemy", "rapidfuzz", "claimdb.api", "claimdb.db.store")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CLAIMDB_DB", None)
    env["COLUMNS"] = "100"
    return env


def rows(n: int) -> list[Row]:
    """``n`` interleaved pairs of each command and of the bare app with the same flag."""
    out = []
    for flag in ("--help", "--version"):
        timed = paired_process_ms(
            [sys.executable, "-m", "claimdb", flag], [sys.executable, str(BARE), flag], n, _env()
        )
        out.append(
            Row(
                f"claimdb {flag} (start-up)",
                timed.ours_ms,
                timed.base_ms,
                "ms",
                f"<= {GOAL_RATIO}x",
                timed.ratio <= GOAL_RATIO,
                spread=timed.spread,
            )
        )
    return out


PEER_GOAL = 2.0
PEER_COMMANDS = (
    ("claim list --limit 1", ["claim", "list", "--limit", "1"]),
    ("claim show 1", ["claim", "show", "1"]),
    ("report", ["report"]),
)


def peer_rows(n: int, work: Path) -> list[Row]:
    """Data commands on the demo database against ``sqlite-utils rows DB claim --limit 1``."""
    goal = f"<= {PEER_GOAL:g}x sqlite-utils"
    if importlib.util.find_spec("sqlite_utils") is None:
        return [
            not_measured(f"claimdb {name} (demo db, whole process)", "ms", goal, "no sqlite-utils")
            for name, _ in PEER_COMMANDS
        ]
    import subprocess

    db = work / "demo.db"
    env = _env()
    claimdb = [sys.executable, "-m", "claimdb", "--db", str(db)]
    if not db.exists():
        subprocess.run([*claimdb, "demo"], env=env, check=True, capture_output=True)
    peer = [sys.executable, "-m", "sqlite_utils", "rows", str(db), "claim", "--limit", "1"]
    out = []
    for name, argv in PEER_COMMANDS:
        timed = paired_process_ms([*claimdb, *argv], peer, n, env)
        out.append(
            Row(
                f"claimdb {name} (demo db, whole process)",
                timed.ours_ms,
                timed.base_ms,
                "ms",
                goal,
                timed.ratio <= PEER_GOAL,
                spread=timed.spread,
            )
        )
    return out


def heavy_imports() -> list[str]:
    """The heavy modules ``claimdb --help`` imports (there should be none)."""
    import subprocess

    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "claimdb", "--help"],
        capture_output=True,
        text=True,
        env=_env(),
        check=True,
    )
    found = set()
    for line in result.stderr.splitlines():
        name = line.rsplit("|", 1)[-1].strip()
        if name.split(".")[0] in HEAVY or name in HEAVY:
            found.add(name.split(".")[0] if name.split(".")[0] in HEAVY else name)
    return sorted(found)
