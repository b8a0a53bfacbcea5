"""The contradiction report as one self-contained HTML page (pure: no database).

No scripts, no fonts, no images from elsewhere: styles are inline and a Content
Security Policy forbids the page to load anything, so it opens the same offline. Each
dispute shows its sides in columns; text that may be right-to-left sits in elements
with ``dir="auto"`` so the browser lays it out; a who-contradicts-whom graph is drawn
as inline SVG. Every piece of user text goes through ``html.escape``; only http(s)
source URLs become links.
"""

from __future__ import annotations

import math
import re
from html import escape
from typing import Any

from claimdb.models import ClaimView, DisputeView, Report, SpeakerPair

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;
color:#1b1b1b;background:#fff}
h1{margin-bottom:.2rem}.lead{color:#555;margin-top:0}
section.dispute{border-top:2px solid #ddd;margin-top:2rem;padding-top:.5rem}
.flag{font-size:.8rem;font-weight:normal;border-radius:.3rem;padding:.1rem .4rem;
margin-left:.5rem;background:#eee}.flag.camp{background:#fbe3e0;color:#8a1c10}
.sides{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:1rem}
.side{background:#f7f7f9;border-radius:.4rem;padding:.6rem .8rem}
.side h3{margin:.2rem 0 .6rem;font-size:1rem;color:#444}
.claim{background:#fff;border:1px solid #e2e2e6;border-radius:.4rem;padding:.6rem;
margin-bottom:.7rem}.claim.retracted{opacity:.6}
.who{font-weight:600}.camp,.meta,.src,.via{color:#666;font-size:.85rem}
.text{font-size:1.05rem;margin:.4rem 0}.translation{font-style:italic;margin:.3rem 0}
.standing{font-size:.8rem;border:1px solid #bbb;border-radius:.3rem;padding:0 .3rem}
.links li{margin:.3rem 0}.contradicts{color:#a52714}.supports{color:#1e7b34}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .6rem}
svg text{font-size:12px;fill:#222}
"""


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _auto(tag: str, value: Any, cls: str = "", lang: str | None = None) -> str:
    """An element whose direction the browser takes from its text."""
    attrs = f' class="{cls}"' if cls else ""
    if lang and _LANG.fullmatch(lang):
        attrs += f' lang="{_e(lang)}"'
    return f'<{tag} dir="auto"{attrs}>{_e(value)}</{tag}>'


def _source(c: ClaimView) -> str:
    if not c.source and not c.source_url:
        return ""
    title = _e(c.source or c.source_url)
    url = c.source_url or ""
    if url.lower().startswith(("http://", "https://")):
        title = f'<a href="{_e(url)}" rel="noreferrer">{title}</a>'
    return f'<p class="src">source: <span dir="auto">{title}</span></p>'


def _claim(c: ClaimView) -> str:
    camp = f' <span class="camp" dir="auto">({_e(c.camp)})</span>' if c.camp != c.speaker else ""
    meta = " · ".join(
        _e(x) for x in (c.said_on, c.act, c.location, c.topic, c.grade and f"grade {c.grade}") if x
    )
    parts = [
        f'<article class="claim{" retracted" if c.retracted else ""}" id="claim-{c.id}">',
        f'<div>#{c.id} <span class="who" dir="auto">{_e(c.speaker)}</span>{camp}'
        + (f' <span class="standing">{_e(c.standing)}</span>' if c.standing else "")
        + "</div>",
        f'<div class="meta">{meta} · about <span dir="auto">{_e(c.target)}</span></div>',
        _auto("p", c.text, "text", c.lang),
    ]
    if c.translation:
        parts.append(_auto("p", c.translation, "translation"))
    if c.via:
        chain = " → ".join(f'<span dir="auto">{_e(v)}</span>' for v in c.via)
        parts.append(f'<p class="via">via {chain}</p>')
    parts.append(_source(c))
    if c.retracted:
        parts.append(_auto("p", f"RETRACTED: {c.retraction_reason or ''}", "meta"))
    parts.append("</article>")
    return "".join(parts)


def _dispute(d: DisputeView) -> str:
    flags = ""
    if d.within_camp:
        flags += '<span class="flag camp">inside one camp</span>'
    if d.tangled:
        flags += '<span class="flag">tangled: no clean two sides</span>'
    sides = []
    for number, side in enumerate(d.sides, 1):
        label = "claims" if d.tangled else f"Side {chr(64 + number) if number <= 26 else number}"
        sides.append(
            f'<div class="side"><h3>{label} · {side.voices} independent voice(s)</h3>'
            + "".join(_claim(c) for c in side.claims)
            + "</div>"
        )
    links = "".join(
        f'<li><span class="{_e(link.relation)}">#{link.a} {_e(link.relation)} #{link.b}</span>'
        + (f": {_auto('span', link.note)}" if link.note else "")
        + "</li>"
        for link in d.links
    )
    camps = ", ".join(f'<span dir="auto">{_e(c)}</span>' for c in d.camps if c)
    return (
        f'<section class="dispute" id="dispute-{d.number}"><h2>Dispute {d.number}{flags}</h2>'
        + (f'<p class="meta">camps: {camps}</p>' if camps else "")
        + f'<div class="sides" style="--n:{max(1, len(d.sides))}">{"".join(sides)}</div>'
        + f'<ul class="links">{links}</ul></section>'
    )


def graph_svg(pairs: list[SpeakerPair], width: int = 960, height: int = 560) -> str:
    """Who contradicts (red) and supports (green, dashed) whom, speakers on a circle."""
    people = sorted({p.a for p in pairs} | {p.b for p in pairs})
    if not people:
        return "<p>No links between speakers yet.</p>"
    cx, cy, r = width / 2, height / 2, min(width, height) / 2 - 70
    at = {
        name: (
            cx + r * math.cos(2 * math.pi * i / len(people) - math.pi / 2),
            cy + r * math.sin(2 * math.pi * i / len(people) - math.pi / 2),
        )
        for i, name in enumerate(people)
    }
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>Who contradicts whom</title>'
    ]
    for p in pairs:
        for count, relation, bend in (
            (p.contradicts, "contradicts", 1),
            (p.supports, "supports", -1),
        ):
            if count:
                parts.append(_edge(at[p.a], at[p.b], count, relation, bend, p))
    for name, (x, y) in at.items():
        anchor = "start" if x >= cx + 1 else ("end" if x <= cx - 1 else "middle")
        dx = 10 if anchor == "start" else (-10 if anchor == "end" else 0)
        dy = -10 if y < cy and anchor == "middle" else (16 if anchor == "middle" else 4)
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="#333"/>'
            f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}">{_e(name)}</text>'
        )
    parts.append(
        '</svg><p class="meta"><span class="contradicts">━━ contradicts</span> · '
        '<span class="supports">┅┅ supports</span> · the number on a line counts its links</p>'
    )
    return "".join(parts)


def _edge(a, b, count: int, relation: str, bend: int, p: SpeakerPair) -> str:
    (x1, y1), (x2, y2) = a, b
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    length = math.hypot(x2 - x1, y2 - y1) or 1
    qx, qy = mx + bend * 25 * (y1 - y2) / length, my + bend * 25 * (x2 - x1) / length
    colour = "#c0392b" if relation == "contradicts" else "#1e7b34"
    dash = ' stroke-dasharray="6 4"' if relation == "supports" else ""
    return (
        f'<path d="M{x1:.1f},{y1:.1f} Q{qx:.1f},{qy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
        f'stroke="{colour}" stroke-width="{1 + min(count, 6):.0f}"{dash}>'
        f"<title>{_e(p.a)} {relation} {_e(p.b)}: {count}</title></path>"
        f'<text x="{qx:.1f}" y="{qy:.1f}" text-anchor="middle">{count}</text>'
    )


def _pairs_table(pairs: list[SpeakerPair]) -> str:
    if not pairs:
        return ""
    rows = "".join(
        f'<tr><td dir="auto">{_e(p.a)}</td><td dir="auto">{_e(p.b)}</td>'
        f"<td>{p.contradicts}</td><td>{p.supports}</td></tr>"
        for p in pairs
    )
    return (
        "<table><thead><tr><th>speaker</th><th>and speaker</th><th>contradict</th>"
        f"<th>support</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def report_html(report: Report, title: str = "Contradiction report") -> str:
    """The whole page."""
    claims = sum(len(s.claims) for d in report.disputes for s in d.sides)
    body = "".join(_dispute(d) for d in report.disputes) or (
        "<p>No disputes: link claims with <code>claimdb contradict</code> or "
        "<code>claimdb support</code>.</p>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta http-equiv="Content-Security-Policy" '
        "content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{_e(title)}</h1>"
        f'<p class="lead">{len(report.disputes)} dispute(s), {claims} claim(s) in dispute.</p>'
        f"{body}"
        '<section id="speakers"><h2>Who contradicts whom</h2>'
        f"{graph_svg(report.pairs)}{_pairs_table(report.pairs)}</section>"
        '<footer class="meta"><p>Made with claimdb.</p></footer></body></html>\n'
    )
