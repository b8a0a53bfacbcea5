"""Search speed and index size at scale: ``python -m bench search-speed [--claims N]``.

Builds the bench data set (``bench/generate.py``) of ``N`` claims straight into a
claimdb database (``bench/direct.py``; the triggers fill the full-text index), then:

- times ``Claimdb.search`` for the benchmark's two-word query (``bench.reads.SEARCH``,
  the 20 best hits with what ``claim show`` shows of each; median of ``--repeat`` warm
  runs), and the ranking alone (``records.search.ranked``: the index, the tiers);
- sizes the full-text index (``dbstat``: every page of ``claim_fts*``) against the index
  as it was before stems and the as-written column (an FTS5 table over the words part
  of each search key alone, built in the same file and dropped afterwards).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _ms(run, repeat: int, clock=time.perf_counter) -> float:
    """Median milliseconds of ``run`` over ``repeat`` warm runs, by ``clock``."""
    run()  # warm
    times = []
    for _ in range(repeat):
        started = clock()
        run()
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def _pages(conn, prefix: str) -> int:
    return conn.execute(
        "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name LIKE ?", (prefix + "%",)
    ).fetchone()[0]


def measure(claims: int, work: Path, repeat: int) -> dict[str, float]:
    import sqlite3

    from bench import direct
    from bench.generate import Dataset, Size
    from bench.reads import SEARCH
    from claimdb.api import Claimdb
    from claimdb.records.search import Filters, ranked
    from claimdb.text.query import parse

    path = work / f"search-{claims}.db"
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    size = Size(f"{claims}", entities=max(200, claims // 10), claims=claims, links=claims // 5)
    direct.write(path, Dataset(size))
    built = time.perf_counter() - started
    db = Claimdb(str(path))
    try:
        query = parse(SEARCH)
        with db.store.read() as conn:
            hits = len(ranked(conn, "sqlite", query, Filters(), 10**9))

            def rank_only() -> None:
                with db.store.read() as c:
                    ranked(c, "sqlite", query, Filters(), 20)

        search_ms = _ms(lambda: db.search(SEARCH, limit=20), repeat)
        # CPU time too: on a shared machine the wall clock also counts waiting for a core
        search_cpu_ms = _ms(lambda: db.search(SEARCH, limit=20), repeat, time.process_time)
        rank_ms = _ms(rank_only, repeat)
    finally:
        db.close()
    conn = sqlite3.connect(path)
    try:
        now = _pages(conn, "claim_fts")
        conn.execute("CREATE VIRTUAL TABLE before_fts USING fts5 (k, content='')")
        conn.execute(
            "INSERT INTO before_fts (rowid, k) SELECT id, "
            "CASE WHEN instr(search_key, ' | ') > 0 "
            "THEN substr(search_key, 1, instr(search_key, ' | ') - 1) ELSE search_key END "
            "FROM claim"
        )
        conn.commit()
        before = _pages(conn, "before_fts")
        conn.execute("DROP TABLE before_fts")
        conn.commit()
        keys = conn.execute(
            "SELECT sum(length(search_key)), sum(CASE WHEN instr(search_key, ' | ') > 0 "
            "THEN instr(search_key, ' | ') - 1 ELSE length(search_key) END) FROM claim"
        ).fetchone()
    finally:
        conn.close()
    return {
        "claims": claims,
        "hits": hits,
        "build_s": built,
        "search_ms": search_ms,
        "search_cpu_ms": search_cpu_ms,
        "rank_ms": rank_ms,
        "index_mb": now / 1e6,
        "before_mb": before / 1e6,
        "index_ratio": now / before,
        "key_ratio": keys[0] / keys[1],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench search-speed", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--workdir", type=Path, help="Keep the database here.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="claimdb-search-") as tmp:
        work = args.workdir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        m = measure(args.claims, work, args.repeat)
    ok = m["search_ms"] < 100 and m["index_ratio"] <= 2
    print(
        f"| claims | hits | search, 20 best (ms) | (CPU ms) | ranking alone (ms) | index (MB) "
        f"| index before (MB) | ratio | search_key ratio | build (s) |\n"
        f"|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        f"| {m['claims']:,} | {m['hits']:,} | {m['search_ms']:.1f} | {m['search_cpu_ms']:.1f} "
        f"| {m['rank_ms']:.1f} "
        f"| {m['index_mb']:.1f} | {m['before_mb']:.1f} | {m['index_ratio']:.2f}x "
        f"| {m['key_ratio']:.2f}x | {m['build_s']:.0f} |"
    )
    print("goal: search < 100 ms, index <= 2x: " + ("pass" if ok else "FAIL"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
