"""``python -m bench [--size quick|full] [--workdir DIR] [--json FILE]``: the results table.

``python -m bench quality-suggest``: quality of ``claimdb suggest`` on labelled real text;
``python -m bench suggest-speed [--size] [--db]``: ``claimdb suggest`` at scale.

quick (2k entities, 20k claims, 4k links) runs in seconds and is what the test suite
runs; full (100k entities, 1M claims, 200k links) takes a good while and several GB of
disk in the work directory (a temporary one unless ``--workdir`` is given).
"""

from __future__ import annotations

import argparse
import json
import platform
import sqlite3
import sys
from pathlib import Path

from bench.generate import SIZES
from bench.measure import Row


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "rows/s":
        return f"{value:,.0f} rows/s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    return f"{value:,.1f} ms" if value >= 10 else f"{value:,.2f} ms"


def _result(row: Row) -> str:
    if not row.measured:
        return row.note
    return {True: "pass", False: "FAIL", None: "—"}[row.ok]


def table(rows: list[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| operation | claimdb | baseline | ratio | goal | result |",
        "|---|---:|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = "—" if r.ratio is None else f"{r.ratio:.2f}x"
        if r.spread is not None:
            ratio += f" ({r.spread[1]:.2f}–{r.spread[2]:.2f})"
        lines.append(
            f"| {r.operation} | {_number(r.claimdb, r.unit)} | {_number(r.baseline, r.unit)} "
            f"| {ratio} | {r.goal} | {_result(r)} |"
        )
    return "\n".join(lines)


def machine() -> str:
    """One line describing where the benchmark ran."""
    import os
    from importlib.metadata import version

    libs = ", ".join(f"{name} {version(name)}" for name in ("sqlalchemy", "typer", "rapidfuzz"))
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {libs}"
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["quality-search"]:  # Arabic search quality on real headlines
        from bench.quality_search import main as quality_search

        return quality_search(argv[1:])
    if argv[:1] == ["search-speed"]:  # search time and index size at 100k-1M claims
        from bench.search_speed import main as search_speed

        return search_speed(argv[1:])
    if argv[:1] == ["quality-ingest"]:  # python -m bench quality-ingest: bench/quality_ingest.py
        from bench.quality_ingest import main as quality_ingest

        return quality_ingest(argv[1:])
    if argv[:1] == ["quality-suggest"]:  # labelled real text: bench/quality_suggest.py
        from bench.quality_suggest import main as quality_suggest

        return quality_suggest(argv[1:])
    if argv[:1] == ["suggest-speed"]:  # suggest at scale: bench/speed_suggest.py
        from bench.speed_suggest import main as suggest_speed

        return suggest_speed(argv[1:])
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="quick")
    parser.add_argument("--workdir", type=Path, help="Keep the data and databases here.")
    parser.add_argument("--json", type=Path, help="Also write the rows as JSON to this file.")
    parser.add_argument("-q", "--quiet", action="store_true", help="No progress on stderr.")
    args = parser.parse_args(argv)

    from bench.suite import run

    spec = SIZES[args.size]
    rows = run(args.size, args.workdir, verbose=not args.quiet)
    print(
        f"claimdb benchmark, size {args.size}: {spec.entities:,} entities, "
        f"{spec.claims:,} claims, {spec.links:,} links\n{machine()}\n"
    )
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in rows], indent=2) + "\n")
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
