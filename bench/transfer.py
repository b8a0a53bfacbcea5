"""Bulk import and export at size: throughput against raw sqlite3, and peak memory.

The data goes to a JSONL file in the ``claimdb import`` format (claimdb/io/jsonl.py).
claimdb imports it (``python -m claimdb import``) and the baseline, bench/raw_import.py,
loads the same file with the sqlite3 module alone: it parses each line and writes the
same rows (names resolved through dicts, the same normalised search and content keys)
with ``executemany`` in one transaction into the same schema, and fills the full-text
index once. Both run as child processes, so their peak memory is measured the same way.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from bench.generate import Dataset
from bench.measure import Row, not_measured, run_child

GOAL_RATIO = 0.5
GOAL_MB = 300.0


def available() -> bool:
    return importlib.util.find_spec("claimdb.cli.transfer") is not None


def records(data: Dataset) -> Iterator[dict]:
    """The data set as import records: entities (parents first), sources, claims, links."""
    names: dict[int, str] = {}
    for e in data.entities():
        names[e["id"]] = e["name"]
        record = {"type": "entity", "name": e["name"], "kind": e["kind"], "aliases": e["aliases"]}
        if e["parent"]:
            record["parent"] = names[e["parent"]]
        if e.get("members"):
            record["members"] = [names[m] for m in e["members"]]
        yield record
    for s in data.sources():
        yield {
            "type": "source",
            "key": f"s{s['id']}",
            "title": s["title"],
            "publisher": s["publisher"],
            "url": s["url"],
            "published": s["published_on"],
            "lang": s["lang"],
        }
    linked = {i for link in data.links for i in (link["a"], link["b"])}
    for c in data.claims():
        record = {
            "type": "claim",
            "speaker": names[c["speaker"]],
            "target": names[c["target"]],
            "said_on": c["said_on"],
            "act": c["act"],
            "lang": c["lang"],
            "text": c["text"],
            "translation": c["translation"],
            "topic": c["topic"],
            "location": c["location"],
            "source": c["source"] and f"s{c['source']}",
            "via": [names[v] for v in c["via"]],
            "retraction_reason": c["retracted"],
        }
        if c["id"] in linked:
            record["key"] = f"c{c['id']}"
        yield {k: v for k, v in record.items() if v is not None and v != []}
    for link in data.links:
        record = {"type": "link", "a": f"c{link['a']}", "b": f"c{link['b']}"}
        record |= {"relation": link["relation"], "note": link["note"]}
        yield {k: v for k, v in record.items() if v is not None}


def placeholders(claims: int, reason: str) -> list[Row]:
    """The four rows, not measured (``reason``)."""
    label = f"{claims:,} claims"
    return [
        not_measured(f"import {label} (JSONL)", "rows/s", ">= 0.5x", reason),
        not_measured(f"peak memory, import {label}", "MB", "< 300 MB", reason),
        not_measured(f"export {label} (JSONL)", "rows/s", "reported", reason),
        not_measured(f"peak memory, export {label}", "MB", "< 300 MB", reason),
    ]


def write_jsonl(data: Dataset, path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for record in records(data):
            out.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")


def _checked(run, what: str):
    if run.returncode != 0:
        raise RuntimeError(f"{what} failed: {run.stderr.decode(errors='replace')[-300:]}")
    return run


def rows_into(
    rows: list[Row], data: Dataset, work: Path, log: Callable[[str], None]
) -> Path | None:
    """Append the import and export rows; return the imported database (None without
    claimdb import)."""
    n = data.size.claims
    label = f"{n:,} claims"
    if not available():
        rows += placeholders(n, "claimdb import/export are not there yet")
        return None
    source = work / "data.jsonl"
    log(f"writing {source}")
    write_jsonl(data, source)
    ours, raw = work / "import.db", work / "raw.db"
    for path in (ours, raw):
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    python = sys.executable
    log("claimdb import")
    mine = _checked(
        run_child([python, "-m", "claimdb", "--db", str(ours), "import", str(source)]),
        "claimdb import",
    )
    log("raw sqlite3 import")
    base = _checked(
        run_child([python, "-m", "bench.raw_import", str(source), str(raw)]), "raw import"
    )
    ok_rate = n / mine.seconds >= GOAL_RATIO * n / base.seconds
    rows.append(
        Row(
            f"import {label} (JSONL)",
            n / mine.seconds,
            n / base.seconds,
            "rows/s",
            ">= 0.5x",
            ok_rate,
        )
    )
    rows.append(
        Row(
            f"peak memory, import {label}",
            mine.peak_mb,
            base.peak_mb,
            "MB",
            "< 300 MB",
            mine.peak_mb < GOAL_MB,
        )
    )
    log("claimdb export")
    out, raw_out = work / "export.jsonl", work / "raw-export.jsonl"
    mine = _checked(
        run_child([python, "-m", "claimdb", "--db", str(ours), "export", "--output", str(out)]),
        "claimdb export",
    )
    log("raw sqlite3 export")
    base = _checked(
        run_child([python, "-m", "bench.raw_export", str(ours), str(raw_out)]), "raw export"
    )
    rows.append(
        Row(
            f"export {label} (JSONL)",
            n / mine.seconds,
            n / base.seconds,
            "rows/s",
            "reported",
            None,
        )
    )
    rows.append(
        Row(
            f"peak memory, export {label}",
            mine.peak_mb,
            base.peak_mb,
            "MB",
            "< 300 MB",
            mine.peak_mb < GOAL_MB,
        )
    )
    return ours
