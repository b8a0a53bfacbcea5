"""The benchmark keeps working: ``python -m bench --size quick`` measures every row.

Times are never asserted (they depend on the machine); that every row has numbers is.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter

from bench import startup, transfer
from bench.__main__ import main, table
from bench.generate import BIG_TOPIC, Dataset, Size
from bench.measure import Row, run_child

SMALL = Size("small", entities=200, claims=2_000, links=400, big=50)


def test_the_data_is_seeded_and_sized():
    first, again = Dataset(SMALL), Dataset(SMALL)
    claims = list(first.claims())
    assert claims == list(again.claims()) and first.links == again.links
    assert list(first.entities()) == list(again.entities())
    assert len(claims) == SMALL.claims and len(first.links) == SMALL.links
    assert len(list(first.entities())) == SMALL.entities
    assert Counter(c["topic"] for c in claims)[BIG_TOPIC] == SMALL.big
    pairs = [(link["a"], link["b"]) for link in first.links]
    assert all(a < b for a, b in pairs) and len(set(pairs)) == len(pairs)
    same = Counter((c["speaker"], c["said_on"], c["text"]) for c in claims)
    assert max(same.values()) == 1  # content keys are unique: every claim imports
    assert Dataset(SMALL, seed=1).links != first.links


def test_the_data_has_arabic_and_latin_names_and_texts():
    data = Dataset(SMALL)
    entities = list(data.entities())
    assert all(e["name"].isascii() for e in entities)
    assert all(any(not a.isascii() for a in e["aliases"]) for e in entities)
    langs = Counter(c["lang"] for c in data.claims())
    assert langs["ar"] > langs["en"] > 0


def test_records_are_the_import_format(tmp_path):
    """claimdb imports the generated JSONL: every record, nothing else."""
    from claimdb.api import Claimdb

    source, db = tmp_path / "data.jsonl", tmp_path / "claims.db"
    transfer.write_jsonl(Dataset(SMALL), source)
    run = run_child([sys.executable, "-m", "claimdb", "--db", str(db), "import", str(source)])
    assert run.returncode == 0, run.stderr.decode()
    counts = Claimdb(str(db)).counts()
    assert (counts["entities"], counts["claims"], counts["links"]) == (
        SMALL.entities,
        SMALL.claims,
        SMALL.links,
    )


def test_claimdb_help_imports_nothing_heavy():
    """The CLI entry stays light: sqlalchemy and rapidfuzz load in commands."""
    assert startup.heavy_imports() == []


def test_a_row_not_measured_says_why():
    row = Row("search", None, None, "ms", "< 100 ms", None, "not measured (no search yet)")
    assert "not measured (no search yet)" in table([row])
    assert not row.measured and row.ratio is None


def test_quick_benchmark_measures_every_row(tmp_path, capsys):
    out = tmp_path / "rows.json"
    main(["--size", "quick", "--workdir", str(tmp_path / "work"), "--json", str(out), "-q"])
    rows = json.loads(out.read_text())
    printed = capsys.readouterr().out
    assert len(rows) >= 15
    for row in rows:
        assert row["claimdb"] is not None, row
        assert row["operation"] in printed
    assert all(row["baseline"] is not None for row in rows if row["ratio"] is not None)
    names = " ".join(row["operation"] for row in rows)
    for wanted in ("import", "peak memory, export", "claim list", "report", "search", "--help"):
        assert wanted in names


def test_cli_modules_keep_annotations_evaluated():
    """``from __future__ import annotations`` in claimdb/cli makes Typer compile and eval
    every parameter annotation at each start (about 25 ms of ~100)."""
    from pathlib import Path

    import claimdb.cli

    folder = Path(claimdb.cli.__file__).parent
    future = re.compile(r"^from __future__ import annotations", re.M)
    offenders = [p.name for p in folder.glob("*.py") if future.search(p.read_text())]
    assert offenders == []


def test_peak_memory_is_the_childs_own():
    """A forked child inherits its parent's high-water mark: bench.peak measures the
    command in a small wrapper, so a big benchmark process does not lift the figure."""
    ballast = bytearray(200 * 2**20)  # this process: over 200 MB resident
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = run_child([sys.executable, "-c", "print('ok')"])
    big = run_child(
        [sys.executable, "-c", "b = bytearray(120 * 2**20); b[::4096] = b'x' * len(b[::4096])"]
    )
    assert small.returncode == 0 and small.stdout.strip() == b"ok"
    assert small.peak_mb < 100 < big.peak_mb < 200
    del ballast


def test_paired_timing_interleaves_and_takes_the_median_of_pair_ratios():
    from bench.measure import _pairs, paired_ms

    calls: list[str] = []
    paired_ms(lambda: calls.append("a"), lambda: calls.append("b"), repeat=4, warmup=1)
    assert calls == ["a", "b", "a", "b", "b", "a", "a", "b", "b", "a"]  # warm-up, then A B / B A
    timed = _pairs([(2.0, 1.0), (9.0, 3.0), (4.0, 1.0)])
    assert timed.spread == (3.0, 2.0, 4.0)
    assert (timed.ours_ms, timed.base_ms) == (4.0, 1.0)
    assert Row("x", 4.0, 1.0, "ms", "", None, spread=timed.spread).ratio == 3.0
