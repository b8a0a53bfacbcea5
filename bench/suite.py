"""The whole benchmark: build the data, run every measurement, return the table rows."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from bench import direct, startup, transfer
from bench.generate import SIZES, Dataset
from bench.measure import Row, not_measured


def _log(message: str, started: float) -> None:
    import sys

    print(f"[{time.perf_counter() - started:7.1f} s] {message}", file=sys.stderr, flush=True)


def _guard(rows: list[Row], make: Callable[[], list[Row]], fallback: list[Row]) -> None:
    """Run one benchmark; a feature that fails there is a row marked not measured."""
    try:
        rows.extend(make())
    except Exception as e:  # the table must still print; the reason goes in the row
        reason = f"{type(e).__name__}: {str(e).splitlines()[0][:80] if str(e) else ''}"
        rows.extend(not_measured(r.operation, r.unit, r.goal, reason) for r in fallback)


def run(size: str = "quick", workdir: Path | None = None, verbose: bool = False) -> list[Row]:
    """Every row of the results table, measured on data of ``size`` in ``workdir``."""
    import tempfile

    spec = SIZES[size]
    quick = size == "quick"
    started = time.perf_counter()

    def log(message: str) -> None:
        if verbose:
            _log(message, started)

    with tempfile.TemporaryDirectory(prefix="claimdb-bench-") as tmp:
        work = Path(workdir or tmp)
        work.mkdir(parents=True, exist_ok=True)
        data = Dataset(spec)
        rows: list[Row] = []

        log(f"import and export, {spec.claims:,} claims")
        _guard(rows, lambda: _transfer(data, work, log), transfer.placeholders(spec.claims, ""))
        db_path = work / "import.db"
        if not rows[-1].measured:  # no import: the reads get a database written directly
            log("building the read database directly")
            db_path = work / "direct.db"
            db_path.unlink(missing_ok=True)
            direct.write(db_path, data)

        log("read paths")
        _reads(rows, db_path, repeat=3 if quick else 5)

        log("name index (bench_matching)")
        _guard(
            rows,
            lambda: _matching(spec.entities),
            [not_measured("NameIndex.suggest, one typo", "ms", "< 50 ms", "")],
        )

        log("start-up")
        _guard(
            rows,
            lambda: startup.rows(3 if quick else 10),
            [
                not_measured("claimdb --help (start-up)", "ms", "<= 1.5x", ""),
                not_measured("claimdb --version (start-up)", "ms", "<= 1.5x", ""),
            ],
        )
        log("whole commands against sqlite-utils")
        _guard(
            rows,
            lambda: startup.peer_rows(3 if quick else 10, work),
            [
                not_measured(f"claimdb {name} (demo db, whole process)", "ms", "<= 2x", "")
                for name, _ in startup.PEER_COMMANDS
            ],
        )
        log("done")
        return rows


def _transfer(data: Dataset, work: Path, log: Callable[[str], None]) -> list[Row]:
    rows: list[Row] = []
    transfer.rows_into(rows, data, work, log)
    return rows


def _reads(rows: list[Row], path: Path, repeat: int) -> None:
    from bench.reads import Reads

    reads = Reads(path, repeat)
    try:
        page = "< 100 ms, <= 2x"
        for make, operation, goal in (
            (reads.claim_list, "claim list, first page", page),
            (lambda: [reads.report_page()], "report, first page", page),
            (lambda: [reads.report_big()], "report of one dispute of 1,000 claims", "< 200 ms"),
            (lambda: [reads.search()], "search, two words", "< 100 ms"),
            (reads.names, "resolve a name or alias", "< 50 ms"),
        ):
            _guard(rows, make, [not_measured(operation, "ms", goal, "")])
    finally:
        reads.close()


def _matching(entities: int) -> list[Row]:
    """The in-memory name index of claimdb.text.matching, from bench/bench_matching.py."""
    from bench import bench_matching

    out = []
    for r in bench_matching.run(entities):
        ours, base = float(r["claimdb_ms"]), float(r["baseline_ms"])  # type: ignore[arg-type]
        operation = f"NameIndex.{r['operation']} ({entities:,} entities x 4 labels)"
        out.append(Row(operation, ours, base, "ms", str(r["goal"]), bool(r["ok"])))
    return out
