"""Shared fixtures: real SQLite files in tmp_path, the real CLI through CliRunner."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimdb.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "rt-arabic-2015-10-02.toml"


class Cli:
    """Runs claimdb commands against one database file."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, ok: bool = True, env=None):
        result = self.runner.invoke(app, ["--db", str(self.db), *args], input=input, env=env)
        if ok and result.exit_code != 0:
            raise AssertionError(
                f"claimdb {' '.join(args)} exited {result.exit_code}:\n{result.output}"
                f"{result.stderr}\n{result.exception!r}"
            )
        return result

    def fails(self, *args: str, code: int = 1, input: str | None = None):
        """Run a command that must fail: exit code, one stderr line, no traceback."""
        result = self(*args, input=input, ok=False)
        assert result.exit_code == code, (result.exit_code, result.output, result.stderr)
        lines = result.stderr.strip().splitlines()
        if code == 1:
            assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        assert "Traceback" not in result.stderr + result.output
        return lines[0] if lines else ""


def dump(db: Path) -> list[str]:
    """A logical dump of the database: what 'unchanged' is measured by."""
    if not db.exists():
        return []
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "claims.db"


@pytest.fixture
def cli(db_path: Path) -> Cli:
    return Cli(db_path)


@pytest.fixture
def seeded(cli: Cli) -> Cli:
    cli("load", str(SEED))
    return cli


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Never touch the user's real database or terminal settings."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("CLAIMDB_DB", raising=False)
    monkeypatch.delenv("CLAIMDB_BIDI", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
