"""The who-contradicts-whom graph of the HTML report, as inline SVG (pure).

Speakers sit on a circle, ordered by camp so that a camp's speakers are neighbours;
each camp is one ``<g class="camp">`` group drawn in its own colour, with a pale arc
behind its speakers. Contradictions are solid red curves, support dashed green ones;
each curve's count sits on a small white label placed along the curve where it does
not overlap another label or a speaker's name. The SVG has a ``viewBox`` and no fixed
size, so the page's CSS scales it to the width of the screen.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from claimdb.models import SpeakerPair

WIDTH, HEIGHT = 960, 600  # the drawing area; the viewBox is cropped to what is drawn
RADIUS = 200
FONT = 17  # px in viewBox units
LINE = 16  # characters per line of a speaker's name (longer names wrap at words)
# Okabe-Ito colours (told apart with the common colour-vision deficiencies), no yellow
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#444444")
CONTRADICTS, SUPPORTS = "#c0392b", "#1e7b34"
SPOTS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85)  # where on a curve a label may go

Box = tuple[float, float, float, float]  # left, top, right, bottom


def _e(value: object) -> str:
    return escape(str(value), quote=True)


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str

    @property
    def box(self) -> Box:
        w, h = 0.62 * FONT * len(self.text) + 8, FONT + 6
        return (self.x - w / 2, self.y - h / 2, self.x + w / 2, self.y + h / 2)


def overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def camp_colours(camps: Iterable[str]) -> dict[str, str]:
    """A colour per camp, in order of first appearance (cycling when there are many)."""
    out: dict[str, str] = {}
    for camp in camps:
        if camp not in out:
            out[camp] = PALETTE[len(out) % len(PALETTE)]
    return out


def _curve(a, b, bend: int) -> tuple[tuple[float, float], ...]:
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1) or 1
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    q = (mx + bend * 30 * (y1 - y2) / length, my + bend * 30 * (x2 - x1) / length)
    return (a, q, b)


def _point(curve, t: float) -> tuple[float, float]:
    (x0, y0), (qx, qy), (x2, y2) = curve
    u = 1 - t
    return (u * u * x0 + 2 * u * t * qx + t * t * x2, u * u * y0 + 2 * u * t * qy + t * t * y2)


def place_label(curve, text: str, taken: list[Box]) -> Label:
    """The first spot along the curve whose label box is clear of ``taken`` (else the
    spot with the fewest overlaps); its box is added to ``taken``."""
    best: tuple[int, Label] | None = None
    for t in SPOTS:
        label = Label(*_point(curve, t), text)
        clashes = sum(overlaps(label.box, box) for box in taken)
        if best is None or clashes < best[0]:
            best = (clashes, label)
        if clashes == 0:
            break
    assert best is not None
    taken.append(best[1].box)
    return best[1]


def wrap(name: str, width: int = LINE) -> list[str]:
    """A name in lines of about ``width`` characters, broken between words."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [name]


def _name(x: float, y: float, anchor: str, lines: list[str], up: bool) -> tuple[str, Box]:
    """A speaker's name as SVG text (lines stacked upwards when ``up``) and its box."""
    step = FONT * 1.15
    first = y - step * (len(lines) - 1) if up else y
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + n * step:.1f}">{_e(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    w = 0.6 * FONT * max(len(line) for line in lines)
    left = x if anchor == "start" else (x - w if anchor == "end" else x - w / 2)
    box = (left, first - FONT, left + w, first + step * (len(lines) - 1) + 5)
    return f'<text text-anchor="{anchor}">{spans}</text>', box


def graph_svg(pairs: list[SpeakerPair], camps: dict[str, str] | None = None) -> str:
    """The graph of ``pairs``; ``camps`` maps a speaker to its camp (default: itself)."""
    camps = camps or {}
    people = sorted({p.a for p in pairs} | {p.b for p in pairs}, key=lambda s: (camps.get(s, s), s))
    if not people:
        return '<p class="meta">No links between speakers yet.</p>'
    camp_of = {s: camps.get(s) or s for s in people}
    colours = camp_colours(camp_of[s] for s in people)
    cx, cy, r = WIDTH / 2, HEIGHT / 2, RADIUS
    angle = {s: 2 * math.pi * i / len(people) - math.pi / 2 for i, s in enumerate(people)}
    at = {s: (cx + r * math.cos(a), cy + r * math.sin(a)) for s, a in angle.items()}

    names, taken = [], []
    for s, (x, y) in at.items():
        anchor = "start" if x >= cx + 1 else ("end" if x <= cx - 1 else "middle")
        dx = 12 if anchor == "start" else (-12 if anchor == "end" else 0)
        up = y < cy and anchor == "middle"
        dy = -16 if up else (28 if anchor == "middle" else 6)
        lines = wrap(s)
        if anchor != "middle":  # centre the lines on the dot
            dy -= FONT * 1.15 * (len(lines) - 1) / 2
        text, box = _name(x + dx, y + dy, anchor, lines, up)
        names.append((s, x, y, text))
        taken += [box, (x - 8, y - 8, x + 8, y + 8)]
    drawn = [*taken, (cx - r - 15, cy - r - 15, cx + r + 15, cy + r + 15)]

    edges, labels = [], []
    for p in pairs:
        sides = ((p.contradicts, "contradicts", 1), (p.supports, "supports", -1))
        for count, relation, bend in sides:
            if not count:
                continue
            curve = _curve(at[p.a], at[p.b], bend)
            (x0, y0), (qx, qy), (x2, y2) = curve
            colour = CONTRADICTS if relation == "contradicts" else SUPPORTS
            dash = ' stroke-dasharray="7 5"' if relation == "supports" else ""
            edges.append(
                f'<path class="{relation}" d="M{x0:.1f},{y0:.1f} Q{qx:.1f},{qy:.1f} '
                f'{x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" '
                f'stroke-width="{1 + min(count, 6)}"{dash}>'
                f"<title>{_e(p.a)} {relation} {_e(p.b)}: {count}</title></path>"
            )
            label = place_label(curve, str(count), taken)
            left, top, right, bottom = label.box
            labels.append(
                f'<g class="count"><rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
                f'height="{bottom - top:.1f}" rx="4" fill="#fff" stroke="{colour}"/>'
                f'<text x="{label.x:.1f}" y="{label.y + FONT * 0.35:.1f}" '
                f'text-anchor="middle" fill="{colour}">{_e(label.text)}</text></g>'
            )

    groups = []
    for camp, colour in colours.items():
        members = [n for n in names if camp_of[n[0]] == camp]
        parts = [f'<g class="camp" data-camp="{_e(camp)}"><title>camp: {_e(camp)}</title>']
        parts.append(_camp_arc([angle[m[0]] for m in members], cx, cy, r, colour))
        for _, x, y, text in members:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{colour}"/>{text}')
        groups.append("".join(parts) + "</g>")

    left = min(b[0] for b in drawn) - 10
    top = min(b[1] for b in drawn) - 10
    width = max(b[2] for b in drawn) + 10 - left
    height = max(b[3] for b in drawn) + 10 - top
    return (
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="{left:.0f} {top:.0f} {width:.0f} {height:.0f}" '
        f'style="max-width:{width:.0f}px">'
        f"<title>Who contradicts whom</title>{''.join(groups)}{''.join(edges)}"
        f"{''.join(labels)}</svg>{_legend(colours)}"
    )


def _camp_arc(angles: list[float], cx: float, cy: float, r: float, colour: str) -> str:
    """A pale band along the circle behind a camp's speakers (a dot for one speaker)."""
    if len(angles) == 1:
        x, y = cx + r * math.cos(angles[0]), cy + r * math.sin(angles[0])
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="15" fill="{colour}" opacity=".2"/>'
    start, end = min(angles) - 0.08, max(angles) + 0.08
    x1, y1 = cx + r * math.cos(start), cy + r * math.sin(start)
    x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
    large = 1 if end - start > math.pi else 0
    return (
        f'<path d="M{x1:.1f},{y1:.1f} A{r:.1f},{r:.1f} 0 {large} 1 {x2:.1f},{y2:.1f}" '
        f'fill="none" stroke="{colour}" stroke-width="26" stroke-linecap="round" opacity=".2"/>'
    )


def _legend(colours: dict[str, str]) -> str:
    camps = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>'
        f'<span dir="auto">{_e(camp)}</span></li>'
        for camp, colour in colours.items()
    )
    return (
        f'<ul class="legend"><li><span class="contradicts">━━ contradicts</span></li>'
        f'<li><span class="supports">┅┅ supports</span></li>'
        f"<li>the number on a line counts its links</li>{camps}</ul>"
    )
