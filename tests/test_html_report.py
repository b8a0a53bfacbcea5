"""report --format html: one self-contained page, user text escaped, checked in Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from claimdb.io.html import graph_svg
from claimdb.models import SpeakerPair
from tests.conftest import Cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EVIL = [
    {"type": "entity", "name": "<b>Evil</b> & Co"},
    {"type": "source", "key": "s", "title": "<i>title</i>", "url": "javascript:alert(1)"},
    {"type": "claim", "key": "x", "speaker": "<b>Evil</b> & Co", "target": "ISIS",
     "text": "<script>alert(1)</script> [bold]", "source": "s", "said_on": "2015-10-05"},
    {"type": "link", "a": "x", "b": "#5", "relation": "contradicts",
     "note": "<img src=x onerror=alert(1)> ملاحظة"},
]  # fmt: skip


@pytest.fixture
def page(seeded: Cli, tmp_path: Path) -> Path:
    path = tmp_path / "evil.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in EVIL), "utf-8")
    seeded("import", str(path))
    out = tmp_path / "report.html"
    assert "report written to" in seeded("report", "-f", "html", "--output", str(out)).stderr
    return out


def test_the_page_is_self_contained_and_escapes_user_text(page: Path):
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    for outside in ("<script", "<link", "<img", "<iframe", "@import", "url(", "javascript:"):
        assert outside not in html, outside  # nothing to load, nothing to run
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]" in html
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html
    assert "&lt;img src=x onerror=alert(1)&gt; ملاحظة" in html
    assert "&lt;i&gt;title&lt;/i&gt;" in html  # a javascript: URL is not made a link
    assert html.count('dir="auto"') > 40 and "<svg" in html
    assert '<p dir="auto" class="text" lang="ar">' in html


def test_the_report_goes_to_stdout_without_output(seeded: Cli):
    out = seeded("report", "-f", "html").stdout
    assert out.startswith("<!DOCTYPE html>") and "Dispute 1" in out


def test_graph_draws_each_relation_and_escapes_names():
    svg = graph_svg([SpeakerPair("<A>", "B", 2, 1)])
    assert svg.count("<path") == 2 and "&lt;A&gt;" in svg and "stroke-dasharray" in svg
    assert "No links" in graph_svg([])


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it)")
def test_chromium_renders_the_page(page: Path, tmp_path: Path):
    def chromium(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
            capture_output=True,
            text=True,
            timeout=180,
            check=True,
        )

    dom = chromium("--dump-dom", page.as_uri()).stdout
    assert "Dispute 1" in dom and "Who contradicts whom" in dom
    assert "Igor Konashenkov" in dom and "Sergei Lavrov" in dom
    assert "الطيران الحربي الروسي" in dom  # claim #5, Arabic, in logical order
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "<script" not in dom
    shot = tmp_path / "report.png"
    chromium(f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri())
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
