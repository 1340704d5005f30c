"""SVG primitives: a plotting frame with axes, marks and the document wrapper.

Hand-written SVG keeps a report one file with no scripts and no network: the browser draws
it, a printer prints it, and a test can read its numbers. Coordinates are rounded to one
decimal so the same data gives the same bytes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#1f6fb4", "#c8372d", "#2e8b3e", "#8a4fb0", "#e07b12", "#7a5230", "#d0508f",
           "#158a9a")
"""Party colours, in seating order (colour-blind friendlier than the defaults)."""

GRID = "#e3e3e3"
INK = "#333333"
MUTED = "#8a8a8a"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', sans-serif\""


def colour(index: int) -> str:
    """Colour of the party in seat `index`."""
    return PALETTE[index % len(PALETTE)]


def num(value: float) -> str:
    """A coordinate with one decimal (and no '-0.0')."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def text(x: float, y: float, content: str, *, size: int = 12, anchor: str = "start",
         fill: str = INK, weight: str = "normal", rotate: float | None = None) -> str:
    """A text label (content is escaped)."""
    turn = f' transform="rotate({num(rotate)} {num(x)} {num(y)})"' if rotate is not None else ""
    bold = f' font-weight="{weight}"' if weight != "normal" else ""
    return (f'<text x="{num(x)}" y="{num(y)}" font-size="{size}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}{turn}>{escape(content)}</text>')


def line(x1: float, y1: float, x2: float, y2: float, *, stroke: str = INK, width: float = 1,
         dash: str | None = None) -> str:
    """A straight line."""
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
            f'stroke="{stroke}" stroke-width="{width}"{dashed}/>')


def circle(x: float, y: float, r: float, *, fill: str, stroke: str = "none",
           width: float = 1, tip: str | None = None, opacity: float | None = None) -> str:
    """A dot, with an optional hover tip."""
    fade = f' fill-opacity="{opacity}"' if opacity is not None else ""
    body = f"<title>{escape(tip)}</title>" if tip else ""
    attrs = (f'cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}" stroke="{stroke}" '
             f'stroke-width="{width}"{fade}')
    return f"<circle {attrs}>{body}</circle>" if body else f"<circle {attrs}/>"


def rect(x: float, y: float, w: float, h: float, *, fill: str, tip: str | None = None,
         stroke: str = "none") -> str:
    """A rectangle, with an optional hover tip."""
    attrs = (f'x="{num(x)}" y="{num(y)}" width="{num(max(w, 0.0))}" '
             f'height="{num(max(h, 0.0))}" fill="{fill}" stroke="{stroke}"')
    return f"<rect {attrs}><title>{escape(tip)}</title></rect>" if tip else f"<rect {attrs}/>"


def polyline(points: Sequence[tuple[float, float]], *, stroke: str, width: float = 2,
             dash: str | None = None) -> str:
    """A line through `points`."""
    coords = " ".join(f"{num(x)},{num(y)}" for x, y in points)
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline points="{coords}" fill="none" stroke="{stroke}" '
            f'stroke-width="{width}"{dashed}/>')


def star(x: float, y: float, r: float, *, fill: str, tip: str | None = None) -> str:
    """A five-pointed star (the Nash point, a deal on the timeline)."""
    pts = []
    for k in range(10):
        radius = r if k % 2 == 0 else r * 0.45
        angle = -math.pi / 2 + k * math.pi / 5
        pts.append(f"{num(x + radius * math.cos(angle))},{num(y + radius * math.sin(angle))}")
    body = f"<title>{escape(tip)}</title>" if tip else ""
    return (f'<polygon points="{" ".join(pts)}" fill="{fill}" stroke="{INK}" '
            f'stroke-width="0.8">{body}</polygon>')


def document(width: int, height: int, title: str, body: Sequence[str]) -> str:
    """A complete inline `<svg>` element, sized to scale with the page."""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(title)}" '
            f'class="chart" {FONT}><title>{escape(title)}</title>'
            + "".join(body) + "</svg>")


@dataclass(frozen=True)
class Frame:
    """A plotting area inside a chart: maps data values to pixels."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def x(self, value: float) -> float:
        """Pixel column of data value `value`."""
        lo, hi = self.x_range
        return self.left + (value - lo) / (hi - lo or 1.0) * self.width

    def y(self, value: float) -> float:
        """Pixel row of data value `value` (up is larger)."""
        lo, hi = self.y_range
        return self.top + self.height - (value - lo) / (hi - lo or 1.0) * self.height

    @property
    def bottom(self) -> float:
        """Pixel row of the x axis."""
        return self.top + self.height

    @property
    def right(self) -> float:
        """Pixel column of the frame's right edge."""
        return self.left + self.width

    def axes(self, x_ticks: Sequence[float], y_ticks: Sequence[float], *, x_label: str = "",
             y_label: str = "", x_format: str = "{:g}", y_format: str = "{:.1f}") -> list[str]:
        """Grid lines, tick labels, axis lines and axis titles."""
        out: list[str] = []
        for v in y_ticks:
            y = self.y(v)
            out.append(line(self.left, y, self.right, y, stroke=GRID))
            out.append(text(self.left - 6, y + 4, y_format.format(v), size=11, anchor="end",
                            fill=MUTED))
        for v in x_ticks:
            x = self.x(v)
            out.append(line(x, self.top, x, self.bottom, stroke=GRID))
            out.append(text(x, self.bottom + 15, x_format.format(v), size=11, anchor="middle",
                            fill=MUTED))
        out.append(line(self.left, self.bottom, self.right, self.bottom, stroke=MUTED))
        out.append(line(self.left, self.top, self.left, self.bottom, stroke=MUTED))
        if x_label:
            out.append(text(self.left + self.width / 2, self.bottom + 32, x_label, size=12,
                            anchor="middle"))
        if y_label:
            cx, cy = self.left - 38, self.top + self.height / 2
            out.append(text(cx, cy, y_label, size=12, anchor="middle", rotate=-90))
        return out


def ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About `count` round tick values (steps of 1, 2, 2.5 or 5 times a power of ten)."""
    span = hi - lo
    if span <= 0:
        return [lo]
    raw = span / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw - 1e-12)
    out: list[float] = []
    v = step * math.ceil(lo / step - 1e-9)
    while v <= hi + 1e-9:
        out.append(round(v, 10) + 0.0)
        v += step
    return out


def legend(x: float, y: float, entries: Sequence[tuple[str, str]], *, gap: float = 14) -> list[str]:
    """A vertical legend of (colour, label) swatches starting at (x, y)."""
    out: list[str] = []
    for k, (fill, label) in enumerate(entries):
        row = y + k * gap * 1.3
        out.append(rect(x, row - 9, 10, 10, fill=fill))
        out.append(text(x + 15, row, label, size=11))
    return out
