"""The contradiction report as one self-contained HTML page (pure: no database).

No scripts, no fonts, no images from elsewhere: styles are inline and a Content
Security Policy forbids the page to load anything, so it opens the same offline. Each
dispute shows its sides in columns; text that may be right-to-left sits in elements
with ``dir="auto"`` so the browser lays it out; a who-contradicts-whom graph is drawn
as inline SVG (``claimdb.io.html_graph``). Below ~700 px wide (a phone) the page is one
column; printed, claims are not split across pages and link targets are spelt out.
Every piece of user text goes through ``html.escape``; only http(s)
source URLs become links.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from claimdb.io.html_graph import graph_svg
from claimdb.models import ClaimView, DisputeView, Report, SpeakerPair, VerdictView

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_STYLE = """
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:80rem;padding:0 1rem;
color:#1b1b1b;background:#fff;overflow-wrap:break-word}
h1{margin-bottom:.2rem}.lead{color:#555;margin-top:0}
section.dispute{border-top:2px solid #ddd;margin-top:2rem;padding-top:.5rem}
.flag{font-size:.8rem;font-weight:normal;border-radius:.3rem;padding:.1rem .4rem;
margin-left:.5rem;background:#eee}.flag.camp{background:#fbe3e0;color:#8a1c10}
.sides{display:grid;grid-template-columns:repeat(var(--n),minmax(0,1fr));gap:1rem}
.side{background:#f7f7f9;border-radius:.4rem;padding:.6rem .8rem;min-width:0}
.side h3{margin:.2rem 0 .6rem;font-size:1rem;color:#444}
.claim{background:#fff;border:1px solid #e2e2e6;border-radius:.4rem;padding:.6rem;
margin-bottom:.7rem}.claim.retracted{opacity:.6}
.who{font-weight:600}.camp,.meta,.src,.via{color:#666;font-size:.85rem}
.text{font-size:1.05rem;margin:.4rem 0}.translation{font-style:italic;margin:.3rem 0}
.standing{font-size:.8rem;border:1px solid #bbb;border-radius:.3rem;padding:0 .3rem}
.verdict{font-size:.9rem;border-left:3px solid #7b3fa0;padding-left:.5rem;margin:.4rem 0}
.links li{margin:.3rem 0}.contradicts{color:#a52714}.supports{color:#1e7b34}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .6rem;text-align:left}
svg.graph{display:block;width:100%;height:auto;margin:0 auto}
svg.graph text{font-size:17px;fill:#222}svg.graph .count text{font-weight:700}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;
font-size:.85rem;color:#444}
.swatch{display:inline-block;width:.8rem;height:.8rem;border-radius:50%;margin-right:.3rem;
vertical-align:-.05rem}
@media (max-width:700px){
body{margin:1rem auto;padding:0 .6rem;font-size:16px}
.sides{grid-template-columns:minmax(0,1fr)}
.side{padding:.5rem}h1{font-size:1.5rem}table{font-size:.9rem}td,th{padding:.2rem .3rem}
}
@media print{
*{print-color-adjust:exact;-webkit-print-color-adjust:exact}
body{max-width:none;margin:0;padding:0;font-size:11pt}
.side{background:none;border:1px solid #ccc}
.claim{break-inside:avoid}h2,h3{break-after:avoid}
svg.graph{break-inside:avoid;max-width:100%}
a{color:inherit}.src a[href]::after{content:" <" attr(href) ">";font-size:.85em}
.scroll{overflow:visible}
}
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


def _verdict(v: VerdictView) -> str:
    """A fact-checker's verdict: who, the rating, its value on their scale, the review."""
    rest = str(v)[len(f"{v.reviewer}: {v.rating}") :]
    review = ""
    if v.url and v.url.lower().startswith(("http://", "https://")):
        review = f' <a href="{_e(v.url)}" rel="noreferrer">review</a>'
    return (
        f'<p class="verdict">verdict of <span dir="auto">{_e(v.reviewer)}</span>: '
        f'<strong dir="auto">{_e(v.rating)}</strong>{_e(rest)}{review}</p>'
    )


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
    parts += [_verdict(v) for v in c.verdicts]
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


def _pairs_table(pairs: list[SpeakerPair]) -> str:
    if not pairs:
        return ""
    rows = "".join(
        f'<tr><td dir="auto">{_e(p.a)}</td><td dir="auto">{_e(p.b)}</td>'
        f"<td>{p.contradicts}</td><td>{p.supports}</td></tr>"
        for p in pairs
    )
    return (
        '<div class="scroll"><table><thead><tr><th>speaker</th><th>and speaker</th>'
        f"<th>contra&shy;dict</th><th>sup&shy;port</th></tr></thead><tbody>{rows}</tbody></table></div>"
    )


def speaker_camps(report: Report) -> dict[str, str]:
    """Each speaker of the report's disputes and its camp."""
    return {
        c.speaker: c.camp or c.speaker
        for d in report.disputes
        for side in d.sides
        for c in side.claims
    }


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
        f"{graph_svg(report.pairs, speaker_camps(report))}{_pairs_table(report.pairs)}</section>"
        '<footer class="meta"><p>Made with claimdb.</p></footer></body></html>\n'
    )
