"""Shell completion of entity names and claim ids, through Typer's completion machinery."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from claimdb.cli import app
from claimdb.cli.complete import _after
from tests.conftest import SEED


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    """The seed data set in a SQLite file, shared: completion only reads it."""
    db = tmp_path_factory.mktemp("completion") / "seed.db"
    result = CliRunner().invoke(app, ["--db", str(db), "load", str(SEED)])
    assert result.exit_code == 0, result.output
    return SimpleNamespace(db=db)


def complete(words: str, shell: str = "bash", env: dict | None = None) -> list[str]:
    """What the shell gets for the last word of ``words`` (as the installed script asks)."""
    env = {"_CLAIMDB_COMPLETE": f"complete_{shell}", **(env or {})}
    if shell == "bash":
        parts = words.split(" ")
        env |= {"COMP_WORDS": words, "COMP_CWORD": str(len(parts) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": words, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = CliRunner().invoke(app, [], prog_name="claimdb", env=env)
    assert result.exit_code == 0, (result.output, result.exception)
    return [line for line in result.stdout.splitlines() if line]


def test_speaker_by_the_start_of_any_word(seeded) -> None:
    db = f"claimdb --db {seeded.db}"
    assert complete(f"{db} claim add --speaker Kon") == [r"Igor\ Konashenkov"]
    assert complete(f"{db} claim add --speaker kon") == [r"Igor\ Konashenkov"]
    assert complete(f"{db} claim list --speaker Igor") == [r"Igor\ Konashenkov"]
    assert complete(f"{db} claim add --speaker Lavrov") == [r"Sergei\ Lavrov"]
    fish = complete(f"{db} claim add --speaker Kon", shell="fish")
    assert fish == ["Igor Konashenkov\tperson; alias Konashenkov"]


def test_arabic_prefixes(seeded) -> None:
    db = f"claimdb --db {seeded.db}"
    assert complete(f"{db} claim add --target كونا") == [r"Igor\ Konashenkov"]
    assert complete(f"{db} claim add --target كوناشيـنكوف") == [r"Igor\ Konashenkov"]  # tatweel
    assert complete(f"{db} report --target الاتحاد") == [r"European\ Union"]
    ministries = "\n".join(complete(f"{db} claim add --via وزارة", shell="zsh"))
    assert '"Russian Ministry of Defence":"ministry; alias وزارة الدفاع الروسية"' in ministries
    assert "Turkish Ministry of Foreign Affairs" in ministries and 'Russia"' not in ministries


def test_every_entity_option_completes(seeded) -> None:
    db = f"claimdb --db {seeded.db}"
    for words in (
        f"{db} claim list --target Rus",
        f"{db} report --speaker Rus",
        f"{db} entity add X --parent Rus",
        f"{db} entity add X --kind coalition --member Rus",
        f"{db} entity show Rus",
        f"{db} entity alias Rus",
    ):
        found = complete(words)
        assert r"Russian\ Ministry\ of\ Defence" in found and "Russia" in found, words
    assert complete(f"{db} claim add --speaker Zzz") == []


def test_claim_ids_with_their_text(seeded) -> None:
    db = f"claimdb --db {seeded.db}"
    assert complete(f"{db} claim show 2") == ["2", "20", "21", "22", "23", "24"]
    assert complete(f"{db} contradict 5 1") == ["1", *[str(i) for i in range(10, 20)]]
    assert complete(f"{db} unlink #2") == [r"\#2", *[rf"\#2{i}" for i in range(5)]]
    assert complete(f"{db} support x") == complete(f"{db} support 0") == []
    assert complete(f"{db} claim show 5", shell="fish") == [
        "5\tIgor Konashenkov: الطيران الحربي الروسي يهدف إلى تدمير البن…"
    ]
    latest = complete(f"{db} claim show ", shell="fish")
    assert latest[0].startswith("24\tSergei Lavrov: ")


def test_the_database_is_the_one_the_command_line_names(seeded, tmp_path) -> None:
    env = {"CLAIMDB_DB": str(seeded.db)}
    assert complete("claimdb claim add --speaker Kon", env=env) == [r"Igor\ Konashenkov"]
    missing = tmp_path / "none.db"
    assert complete(f"claimdb --db {missing} claim add --speaker Kon", env=env) == []
    assert not missing.exists()  # completion never creates a database
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"not a database at all")
    assert complete(f"claimdb --db {garbage} claim show 1") == []


@given(st.text(max_size=6), st.text(max_size=6), st.text(min_size=1, max_size=6))
def test_after_bounds_exactly_the_strings_with_the_prefix(prefix: str, rest: str, other: str):
    bound = _after(prefix)
    assert prefix + rest < bound or prefix.endswith("\U0010ffff")
    if not other.startswith(prefix) and other > prefix:
        assert other >= bound
