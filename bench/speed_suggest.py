"""``python -m bench suggest-speed [--size quick|full] [--db PATH]``: ``claimdb suggest``
at scale, as a user runs it (the CLI in its own process), with its peak memory.

Rows: the whole database; with ``--target`` (the target with the most claims: the
worst case); with ``--topic`` (the benchmark's big dispute topic). The database is the
benchmark data set written directly (``bench/direct.py``), or ``--db`` when given.
Goals (issue 18/13): < 60 s and < 1 GB for the whole database at 1M claims; < 2 s with a
filter. CPU time (user + system, the command and its wrapper) is printed beside the wall
time: on a shared machine the wall time also counts waiting for a core.
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.generate import BIG_TOPIC, SIZES, Dataset


def _run(db: Path, args: list[str], report: Path) -> dict:
    command = [sys.executable, "-m", "claimdb", "--db", str(db), "suggest", *args, "-f", "json"]
    wrapped = [sys.executable, "-m", "bench.peak", str(report), "--", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(wrapped, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = json.loads(report.read_text())
    result["cpu"] = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result["found"] = len(json.loads(out.stdout)) if out.returncode == 0 else None
    result["error"] = out.stderr.strip().splitlines()[-1:] if out.returncode else []
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench suggest-speed")
    parser.add_argument("--size", choices=sorted(SIZES), default="quick")
    parser.add_argument("--db", type=Path, help="An existing benchmark database.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claimdb-suggest-") as tmp:
        db = args.db
        if db is None:
            from bench import direct

            db = Path(tmp) / "bench.db"
            direct.write(db, Dataset(SIZES[args.size]))
        conn = sqlite3.connect(db)
        claims = conn.execute("SELECT count(*) FROM claim").fetchone()[0]
        (target,) = conn.execute(
            "SELECT e.name FROM claim c JOIN entity e ON e.id = c.target_id "
            "GROUP BY c.target_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        topic_claims = conn.execute(
            "SELECT count(*) FROM claim WHERE topic = ?", (BIG_TOPIC,)
        ).fetchone()[0]
        target_claims = conn.execute(
            "SELECT count(*) FROM claim c JOIN entity e ON e.id = c.target_id WHERE e.name = ?",
            (target,),
        ).fetchone()[0]
        conn.close()
        rows = [
            ("suggest (whole database)", [], "< 60 s, < 1 GB"),
            (f"suggest --target ({target_claims:,} claims)", ["--target", target], "< 2 s"),
            (f"suggest --topic ({topic_claims:,} claims)", ["--topic", BIG_TOPIC], "< 2 s"),
        ]
        print(f"claimdb suggest at {claims:,} claims ({db.name})\n")
        print("| command | time | CPU time | peak memory | suggestions | goal |")
        print("|---|---:|---:|---:|---:|---|")
        for name, extra, goal in rows:
            r = _run(db, extra, Path(tmp) / "peak.json")
            found = r["found"] if r["found"] is not None else f"failed: {r['error']}"
            print(
                f"| {name} | {r['seconds']:.1f} s | {r['cpu']:.1f} s | {r['peak_mb']:,.0f} MB "
                f"| {found} | {goal} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
