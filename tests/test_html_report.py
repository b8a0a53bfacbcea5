"""report --format html: one self-contained page, user text escaped, checked in Chromium."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from claimdb.io.html import graph_svg
from claimdb.io.html_graph import wrap
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


def _label_boxes(svg: str) -> list[tuple[float, ...]]:
    found = re.findall(r'<rect x="([-\d.]+)" y="([-\d.]+)" width="([\d.]+)" height="([\d.]+)"', svg)
    return [tuple(map(float, box)) for box in found]


def test_edge_labels_do_not_overlap_even_in_a_dense_graph():
    names = [f"Speaker {c}" for c in "ABCDEFGH"]
    pairs = [
        SpeakerPair(a, b, n % 3 + 1, (n % 2) * 2)
        for n, (a, b) in enumerate(itertools.combinations(names, 2))
    ]
    boxes = _label_boxes(graph_svg(pairs))
    assert len(boxes) == sum(bool(p.contradicts) + bool(p.supports) for p in pairs) == 42
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert not (x1 < x2 + w2 and x2 < x1 + w1 and y1 < y2 + h2 and y2 < y1 + h1)


def test_the_graph_scales_to_the_width_and_shows_camps():
    pairs = [SpeakerPair("Lavrov", "Joint statement", 2, 0), SpeakerPair("MoD", "Lavrov", 1, 1)]
    camps = {"Lavrov": "Russia", "MoD": "Russia", "Joint statement": "Joint statement"}
    svg = graph_svg(pairs, camps)
    tag = svg[: svg.index(">")]
    assert "viewBox=" in tag and " width=" not in tag and " height=" not in tag
    groups = re.findall(r'<g class="camp" data-camp="([^"]+)">', svg)
    assert sorted(groups) == ["Joint statement", "Russia"]  # one group per camp
    russia = svg[svg.index('data-camp="Russia"') :]
    russia = russia[: russia.index("</g>")]
    assert "Lavrov" in russia and "MoD" in russia and "Joint" not in russia
    colours = set(re.findall(r'<circle [^>]*fill="(#[0-9A-Fa-f]{6})"', svg))
    assert len(colours) == 2  # speakers drawn in their camp's colour
    assert 'class="legend"' in svg and svg.count('class="swatch"') == 2


def test_long_names_wrap_between_words():
    assert wrap("Joint statement of seven states") == ["Joint statement", "of seven states"]
    assert wrap("Konashenkov") == ["Konashenkov"]


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

    # The page is no wider than the window, on a desktop and on a phone. Headless Chromium
    # keeps windows at least 500 px wide, so the page is shown in a frame of each width; a
    # copy of it with a script (which the real page's policy forbids) measures the widest
    # element and posts the figures to the frame's page, which --dump-dom then shows.
    measured = tmp_path / "measured.html"
    html = page.read_text(encoding="utf-8").replace(
        "default-src 'none'", "default-src 'none'; script-src 'unsafe-inline'"
    )
    measured.write_text(html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    for width in (1280, 400):
        frame = tmp_path / f"frame-{width}.html"
        frame.write_text(FRAME.format(width=width, src=measured.name), encoding="utf-8")
        dom = chromium("--dump-dom", "--window-size=1400,1000", "--virtual-time-budget=5000",
                       frame.as_uri()).stdout  # fmt: skip
        found = json.loads(re.search(r'<pre id="measure">(.*?)</pre>', dom).group(1))
        assert found["window"] == width, found
        assert found["scroll"] <= width and found["right"] <= width, found
        assert found["columns"] == (1 if width < 700 else 2), found  # the sides of dispute 1
        assert found["graph"] <= width, found
        shot = tmp_path / f"report-{width}.png"
        chromium(f"--screenshot={shot}", f"--window-size={width},2000", page.as_uri())
        data = shot.read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
        assert int.from_bytes(data[16:20], "big") == width  # the PNG is as wide as the window
    pdf = tmp_path / "report.pdf"
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000


MEASURE = """<script>
const widest = Math.max(...[...document.querySelectorAll("body *")].map(
  e => e.getBoundingClientRect().right));
const sides = document.querySelector("#dispute-1 .sides");
const columns = getComputedStyle(sides).gridTemplateColumns.split(" ").length;
const graph = document.querySelector("svg.graph").getBoundingClientRect().right;
parent.postMessage(JSON.stringify({window: window.innerWidth, columns,
  scroll: document.documentElement.scrollWidth, right: Math.ceil(widest),
  graph: Math.ceil(graph)}), "*");
</script>"""
FRAME = """<!DOCTYPE html><html><body style="margin:0">
<iframe src="{src}" style="width:{width}px;height:900px;border:0"></iframe>
<script>addEventListener("message", e => {{ const out = document.createElement("pre");
out.id = "measure"; out.textContent = e.data; document.body.append(out); }});</script>
</body></html>"""
