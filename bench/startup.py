"""Start-up: ``claimdb --help`` and ``--version`` against a bare Typer app, as processes."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from bench.measure import Row, best_of_ms

BARE = Path(__file__).with_name("bare_typer.py")
GOAL_RATIO = 1.5
HEAVY = ("sqlalchemy", "rapidfuzz", "claimdb.api", "claimdb.db.store")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("CLAIMDB_DB", None)
    env["COLUMNS"] = "100"
    return env


def rows(n: int) -> list[Row]:
    """Best of ``n`` runs of each command and of the bare app with the same flag."""
    out = []
    for flag in ("--help", "--version"):
        mine = best_of_ms([sys.executable, "-m", "claimdb", flag], n, _env())
        base = best_of_ms([sys.executable, str(BARE), flag], n, _env())
        ok = mine <= GOAL_RATIO * base
        out.append(Row(f"claimdb {flag} (start-up)", mine, base, "ms", "<= 1.5x", ok))
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
