"""Smaller hardening: the Markdown report is inert like the table, and a negative
``--limit`` is refused alike by ``claim list`` and ``report`` (0 means every one)."""

from __future__ import annotations

import pytest

from tests.conftest import Cli, dump

HOSTILE = "bell\x07 csi\x9b31m rlo\u202eevil esc\x1b[2J end"


def test_markdown_report_shows_control_characters_as_inert_escapes(seeded: Cli):
    seeded("claim", "edit", "5", "--text", HOSTILE)
    seeded("claim", "edit", "18", "--translation", "tr\x1b]0;title\x07")
    out = seeded("report", "--format", "markdown", "--limit", "0").stdout
    for raw in ("\x07", "\x9b", "\u202e", "\x1b"):
        assert raw not in out, repr(raw)
    assert "bell\\\\x07" in out and "\\<U+202E\\>evil" in out  # markdown-escaped, visible
    table = seeded("report", "--limit", "0").stdout
    assert "\x1b" not in table and "\x9b" not in table


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (("claim", "list", "--limit", "-1"), "error: --limit -1: expected 0 (every claim) or more"),
        (("report", "--limit", "-5"), "error: --limit -5: expected 0 (every dispute) or more"),
    ],
)
def test_a_negative_limit_is_one_line(seeded: Cli, command, says: str):
    before = dump(seeded.db)
    assert seeded.fails(*command) == says
    assert dump(seeded.db) == before


def test_a_zero_limit_means_every_one(seeded: Cli):
    every = seeded("claim", "list", "-f", "json").stdout
    assert seeded("claim", "list", "--limit", "0", "-f", "json").stdout == every
    assert seeded("report", "--limit", "0", "-f", "json").exit_code == 0
