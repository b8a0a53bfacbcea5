"""Right-to-left text in tables, end to end: --bidi on|off|auto and CLAIMDB_BIDI."""

from __future__ import annotations

import csv
import io
import json

from claimdb.text.bidi import display_lines, wrap
from tests.conftest import Cli

# Claim #12 of the seed, and how its first word looks in display (visual) order.
ACTIVISTS = 'الضربات الروسية قرب الرقة أدت إلى مقتل 12 من عناصر "داعش"'
LOGICAL = "الضربات"
VISUAL = LOGICAL[::-1]
MIXED = (
    "قال Igor Konashenkov يوم 2 أكتوبر 2015 إن مقاتلات Su-34 نفذت 18 طلعة جوية "
    "ضد 12 موقعا في الرقة وحماة وإدلب وحلب، وإن الضربات استهدفت تنظيم ISIS حصرا"
)


def cell_lines(output: str, text: str) -> tuple[int, list[str]]:
    """The wrap width and display lines of ``text`` as found, consecutive and in order,
    in ``output`` (every width is tried: the one the table used gives lines that all
    appear); ``(0, [])`` when they are not there."""
    lines = output.splitlines()
    for width in range(12, 161):
        expected = display_lines(text, width)
        for start in range(len(lines) - len(expected) + 1):
            if all(e in lines[start + k] for k, e in enumerate(expected)):
                return width, expected
    return 0, []


def test_on_reorders_table_cells_and_off_keeps_logical_order(seeded: Cli):
    on = seeded("--bidi", "on", "claim", "list").stdout
    assert VISUAL in on and LOGICAL not in on
    assert cell_lines(on, ACTIVISTS)[1]
    off = seeded("--bidi", "off", "claim", "list").stdout
    assert LOGICAL in off and VISUAL not in off
    assert seeded("claim", "list", env={"CLAIMDB_BIDI": "on"}).stdout == on
    # auto: the test runner's stdout is not a terminal, so logical order
    assert seeded("--bidi", "auto", "claim", "list").stdout == off


def test_report_table_is_reordered_with_on(seeded: Cli):
    on = seeded("--bidi", "on", "report").stdout
    assert VISUAL in on and LOGICAL not in on
    assert cell_lines(on, ACTIVISTS)[1]
    off = seeded("--bidi", "off", "report").stdout
    assert LOGICAL in off and VISUAL not in off


def test_machine_formats_are_never_reordered(seeded: Cli):
    listed = json.loads(seeded("--bidi", "on", "claim", "list", "-f", "json").stdout)
    assert next(c for c in listed if c["id"] == 12)["text"] == ACTIVISTS
    rows = list(
        csv.DictReader(io.StringIO(seeded("--bidi", "on", "claim", "list", "-f", "csv").stdout))
    )
    assert next(r for r in rows if r["id"] == "12")["text"] == ACTIVISTS
    report = seeded("--bidi", "on", "report", "-f", "json").stdout
    assert ACTIVISTS in json.loads(report)["disputes"][0]["sides"][0]["claims"][-1]["text"]
    markdown = seeded("--bidi", "on", "report", "-f", "markdown").stdout
    assert LOGICAL in markdown and VISUAL not in markdown
    hits = json.loads(seeded("--bidi", "on", "search", "الرقة", "-f", "json").stdout)
    assert LOGICAL in next(h for h in hits if h["id"] == 12)["snippet"]


def test_mixed_cell_wraps_first_then_each_line_is_reordered(seeded: Cli):
    claim = seeded(
        "claim", "add", MIXED, "--speaker", "Konashenkov", "--target", "ISIS",
        "--said-on", "2015-10-04", "--lang", "ar",
    ).stdout.strip()  # fmt: skip
    out = seeded("--bidi", "on", "claim", "show", claim, env={"COLUMNS": "70"}).stdout
    width, shown = cell_lines(out, MIXED)
    assert len(shown) >= 3, out
    logical = [line for line, _ in wrap(MIXED, width)]
    assert len(logical) == len(shown)
    for visual, typed in zip(shown, logical, strict=True):
        assert visual != typed and display_lines(typed, width) == [visual]  # one line each
        assert set(visual.split()) >= {w for w in typed.split() if w.isascii()}  # Latin kept
    # reading order: the first words typed are on the first line shown
    assert "لاق" in shown[0] and "Igor Konashenkov" in shown[0]
    assert "ارصح" in shown[-1]
    assert MIXED not in out


def test_shaping_is_opt_in(seeded: Cli):
    plain = seeded("--bidi", "on", "claim", "list").stdout
    assert not any("\ufe70" <= ch <= "\ufeff" for ch in plain)
    shaped = seeded("--bidi", "on", "claim", "list", env={"CLAIMDB_SHAPE": "1"}).stdout
    assert any("\ufe70" <= ch <= "\ufeff" for ch in shaped)
    off = seeded("--bidi", "off", "claim", "list", env={"CLAIMDB_SHAPE": "1"}).stdout
    assert not any("\ufe70" <= ch <= "\ufeff" for ch in off)
