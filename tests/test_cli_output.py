"""Where output goes: a reader that stops early (``| head``) is not an error, and
``report --output/-o`` writes a whole file (every format) or none."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from claimdb.render import report_formats
from tests.conftest import SEED, Cli


@pytest.fixture(scope="module")
def seed_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("pipe") / "seed.db"
    Cli(db)("load", str(SEED))
    return db


def _run_into_closed_pipe(db: Path, *args: str) -> subprocess.CompletedProcess:
    """Run claimdb with stdout a pipe nobody reads any more: its first write fails (EPIPE),
    exactly what ``| head -1`` does once it has its line, but without the race."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "claimdb", "--db", str(db), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.mark.parametrize(
    "args",
    [
        ("export",),
        ("timeline", "-f", "csv"),
        ("timeline", "-f", "json"),
        ("timeline",),
        ("report",),
        ("report", "-f", "csv"),
        ("claim", "list", "-f", "csv"),
    ],
    ids=" ".join,
)
def test_a_reader_that_stops_early_is_not_an_error(seed_file: Path, args: tuple[str, ...]):
    done = _run_into_closed_pipe(seed_file, *args)
    assert done.stderr == ""  # no traceback, no "error: Broken pipe"
    assert done.returncode == 141  # as a shell reports a writer whose reader left (SIGPIPE)


def test_timeline_csv_into_head_exits_quietly(seed_file: Path):
    done = subprocess.run(
        ["bash", "-c", f'"{sys.executable}" -m claimdb timeline -f csv | head -1'],
        env={**os.environ, "CLAIMDB_DB": str(seed_file)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("said_on,") or done.stdout.startswith("id,")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "html"])
def test_report_output_writes_every_format_to_the_file(seeded: Cli, tmp_path: Path, fmt: str):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / f"report.{fmt}"
    result = seeded("report", "-f", fmt, "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert "Sergei Lavrov" in text and "Sergei Lavrov" not in result.stdout
    assert result.stdout == "" and f"report written to {out}" in result.stderr
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no partial file left
    if fmt == "table":
        assert "Dispute 1" in text and "Who contradicts whom" in text


def test_report_output_appears_whole_or_not_at_all(
    seeded: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "report.md"
    out.write_text("the previous report\n", encoding="utf-8")

    def fails_while_writing(report):
        raise RuntimeError("disk full half-way")

    monkeypatch.setattr(report_formats, "report_markdown", fails_while_writing)
    error = seeded.fails("report", "-f", "markdown", "--output", str(out))
    assert "disk full half-way" in error
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in out.parent.iterdir()] == [out.name]
    missing_dir = tmp_path / "no" / "such" / "dir.md"
    monkeypatch.undo()
    assert seeded.fails("report", "-o", str(missing_dir)).endswith(
        "cannot write: No such file or directory"
    )


def test_report_into_a_file_keeps_logical_order_from_a_terminal(seed_file: Path, tmp_path: Path):
    """--bidi auto reorders right-to-left text for a terminal, never into a file."""
    import pty

    out = tmp_path / "report.txt"
    parent, child = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("CLAIMDB_BIDI", "TERM_PROGRAM")}
    env |= {"TERM": "xterm", "COLUMNS": "100"}
    for name in ("MLTERM", "KONSOLE_VERSION", "VTE_VERSION"):
        env.pop(name, None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "claimdb", "--db", str(seed_file), "report", "-o", str(out)],
            stdout=child,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=120,
        )
    finally:
        os.close(child)
        os.close(parent)
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert "الطيران" in text  # as typed, not reversed for display (نارايطلا)
    assert "نارايطلا" not in text
