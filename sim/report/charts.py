"""The report's charts, each a function from plain numbers to one inline SVG string.

Rounds are shown counted from 1, as players see them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

import numpy as np

from sim.report import svg
from sim.report.svg import Frame, colour
from sim.transcript.ending import NO_DEAL


@dataclass(frozen=True)
class Mark:
    """Something that happened on the timeline."""

    round: int
    party: str
    kind: str
    """`offer`, `accept`, `reject`, `event`, `walk_out` or `ratification`."""
    tip: str


MARK_INK = "#222222"
"""Answers, events, walk-outs and votes are drawn in ink, told apart by their shape: party
colours belong to the parties alone (an accept in green would read as Ukraine's)."""

TIMELINE_KEY = (("offer", "offer (in the proposer's colour)"), ("accept", "accepts"),
                ("reject", "rejects"), ("event", "event"), ("walk_out", "walks out"),
                ("ratification", "ratification vote"))
"""Every kind of mark on the timeline, with its legend entry."""


def timeline(parties: Sequence[str], deadline: int, marks: Sequence[Mark], end_round: int,
             end_kind: str, ending: str = "") -> str:
    """One lane per party; offers as dots in the party's colour, answers as ticks or crosses,
    events as diamonds, and the ending (deal star, walk-out or deadline) at the right round."""
    lane, left, top = 34, 90, 30
    width = 860
    height = top + lane * len(parties) + 46 + 30
    frame = Frame(left, top, width - left - 20, lane * len(parties), (0.5, deadline + 0.5),
                  (0, 1))
    out = frame.axes(svg.ticks(1, deadline, min(deadline, 12)), [], x_label="round")
    row = {p: top + lane * (k + 0.5) for k, p in enumerate(parties)}
    for k, p in enumerate(parties):
        out.append(svg.text(left - 8, row[p] + 4, p, size=12, anchor="end", fill=colour(k),
                            weight="bold"))
    per_slot: dict[tuple[int, str], int] = {}
    for mark in marks:
        if mark.party not in row:
            continue
        slot = per_slot.get((mark.round, mark.party), 0)
        per_slot[(mark.round, mark.party)] = slot + 1
        x = frame.x(mark.round + 1) + (slot % 3 - 1) * 5
        y = row[mark.party] + (slot // 3) * 5 - 4
        out.append(_mark(x, y, mark, colour(parties.index(mark.party))))
    out.extend(_timeline_key(left, height - 14))
    x_end = frame.x(min(end_round, deadline - 1) + 1)
    if end_kind == "deal":
        out.append(svg.star(x_end, top - 12, 9, fill="#f2c230", tip="deal"))
        # At the right edge the word goes left of the star, or it would leave the chart.
        if x_end + 12 + 30 > width:
            out.append(svg.text(x_end - 12, top - 8, "deal", size=11, anchor="end"))
        else:
            out.append(svg.text(x_end + 12, top - 8, "deal", size=11))
    elif end_kind == "walk_out":
        out.append(svg.text(x_end, top - 8, "✕ talks collapse", size=11, anchor="middle",
                            fill="#c8372d"))
    else:
        words = ("deadline: no deal" if not ending or ending == "ran out of time"
                 else f"deadline: {ending}")
        out.append(svg.text(frame.right, top - 8, words, size=11, anchor="end",
                            fill="#c8372d"))
    return svg.document(width, height, "Timeline of offers, answers and events", out)


def _mark(x: float, y: float, mark: Mark, party_colour: str) -> str:
    tip = f"<title>{escape(mark.tip)}</title>"
    if mark.kind == "offer":
        return svg.circle(x, y, 5, fill=party_colour, stroke="#ffffff", tip=mark.tip)
    if mark.kind == "accept":
        return svg.circle(x, y, 3.2, fill="#ffffff", stroke=MARK_INK, width=1.3, tip=mark.tip)
    if mark.kind in ("reject", "walk_out"):
        r, w = (6.0, 2.6) if mark.kind == "walk_out" else (3.0, 1.4)
        return (f'<g stroke="{MARK_INK}" stroke-width="{w}">{tip}'
                + svg.line(x - r, y - r, x + r, y + r, stroke=MARK_INK, width=w)
                + svg.line(x - r, y + r, x + r, y - r, stroke=MARK_INK, width=w) + "</g>")
    if mark.kind == "event":
        pts = f"{svg.num(x)},{svg.num(y - 6)} {svg.num(x + 6)},{svg.num(y)} " \
              f"{svg.num(x)},{svg.num(y + 6)} {svg.num(x - 6)},{svg.num(y)}"
        return (f'<polygon points="{pts}" fill="#ffffff" stroke="{MARK_INK}" '
                f'stroke-width="1.3">{tip}</polygon>')
    return (f'<rect x="{svg.num(x - 4)}" y="{svg.num(y - 4)}" width="8" height="8" '
            f'fill="{MARK_INK}">{tip}</rect>')


def _timeline_key(x: float, y: float) -> list[str]:
    """The legend: one sample of every mark, and the deal star."""
    out: list[str] = []
    for kind, label in TIMELINE_KEY:
        out.append(_mark(x + 5, y - 4, Mark(0, "", kind, label), svg.MUTED))
        out.append(svg.text(x + 14, y, label, size=11))
        x += 34 + 6.2 * len(label)
    out.append(svg.star(x + 5, y - 4, 7, fill="#f2c230"))
    out.append(svg.text(x + 15, y, "deal", size=11))
    return out


def concession(parties: Sequence[str], offers: Mapping[str, Sequence[tuple[int, float]]],
               reservations: Mapping[str, float], deadline: int) -> str:
    """Each party's utility, to itself, of the offers it tabled, round by round; its
    reservation value as a dashed line in the same colour."""
    width, height = 860, 300
    frame = Frame(60, 20, 620, 230, (0.5, deadline + 0.5), (0.0, 1.0))
    out = frame.axes(svg.ticks(1, deadline, min(deadline, 12)), svg.ticks(0, 1),
                     x_label="round", y_label="utility to itself")
    entries = []
    for k, p in enumerate(parties):
        c = colour(k)
        r = frame.y(reservations[p])
        out.append(svg.line(frame.left, r, frame.right, r, stroke=c, dash="5 4"))
        points = [(frame.x(t + 1), frame.y(u)) for t, u in offers.get(p, ())]
        if points:
            out.append(svg.polyline(points, stroke=c))
            out.extend(svg.circle(x, y, 3.5, fill=c, tip=f"{p}, round {t + 1}: {u:.2f}")
                       for (x, y), (t, u) in zip(points, offers[p], strict=True))
        entries.append((c, f"{p} (reservation {reservations[p]:.2f})"))
    out.extend(svg.legend(frame.right + 20, frame.top + 10, entries))
    out.append(svg.text(frame.right + 20, frame.top + 10 + len(entries) * 18 + 8,
                        "dashed: reservation value", size=11, fill=svg.MUTED))
    return svg.document(width, height, "Concession curves", out)


def frontier_panels(focal: str, parties: Sequence[str], effective: np.ndarray,
                    feasible: np.ndarray, efficient: np.ndarray, nash: int | None,
                    deal: int | None, reservations: Mapping[str, float]) -> str:
    """The focal side's utility against each other side's, one panel per other side: every
    feasible outcome (grey), the Pareto-efficient ones (blue), the Nash point (star), the deal
    (red ring), and both reservation values (dashed)."""
    others = [p for p in parties if p != focal]
    f = parties.index(focal)
    size, gap, left = 230, 70, 60
    width = left + len(others) * (size + gap) + 10
    height = size + 110
    out: list[str] = []
    for k, other in enumerate(others):
        o = parties.index(other)
        frame = Frame(left + k * (size + gap), 30, size, size, (0, 1), (0, 1))
        # Every panel has both axes, ticks and titles: each reads on its own.
        out.extend(frame.axes(svg.ticks(0, 1), svg.ticks(0, 1),
                              x_label=f"utility to {focal}", y_label=f"utility to {other}"))
        out.append(svg.text(frame.left + 4, frame.top - 8, f"{focal} and {other}", size=12,
                            fill=colour(o), weight="bold"))
        out.append(svg.line(frame.x(reservations[focal]), frame.top, frame.x(reservations[focal]),
                            frame.bottom, stroke=colour(f), dash="4 3"))
        out.append(svg.line(frame.left, frame.y(reservations[other]), frame.right,
                            frame.y(reservations[other]), stroke=colour(o), dash="4 3"))
        out.extend(_cloud(frame, effective, feasible & ~efficient, f, o, "#c9c9c9", 2.2))
        out.extend(_cloud(frame, effective, efficient, f, o, "#1f6fb4", 3.0))
        if nash is not None:
            out.append(svg.star(frame.x(effective[f, nash]), frame.y(effective[o, nash]), 8,
                                fill="#f2c230", tip="Nash point"))
        if deal is not None:
            out.append(svg.circle(frame.x(effective[f, deal]), frame.y(effective[o, deal]), 7,
                                  fill="none", stroke="#c8372d", width=2.5, tip="the deal"))
    key_y = height - 14
    x = float(left)
    out.append(svg.circle(x + 5, key_y - 4, 2.5, fill="#c9c9c9"))
    out.append(svg.text(x + 13, key_y, "an outcome no hard red line rules out", size=11))
    x += 230
    out.append(svg.circle(x + 5, key_y - 4, 3, fill="#1f6fb4"))
    out.append(svg.text(x + 13, key_y, "Pareto-efficient", size=11))
    x += 115
    out.append(svg.star(x + 5, key_y - 4, 7, fill="#f2c230"))
    out.append(svg.text(x + 15, key_y, "Nash point", size=11))
    x += 90
    out.append(svg.circle(x + 5, key_y - 4, 5, fill="none", stroke="#c8372d", width=2.2))
    out.append(svg.text(x + 15, key_y, "the deal", size=11))
    x += 75
    out.append(svg.line(x, key_y - 4, x + 16, key_y - 4, stroke=svg.INK, dash="4 3"))
    out.append(svg.text(x + 21, key_y, "each side's reservation value (in its colour)", size=11))
    return svg.document(width, height, f"The deal against the Pareto frontier, seen by {focal}",
                        out)


def _cloud(frame: Frame, effective: np.ndarray, mask: np.ndarray, f: int, o: int, fill: str,
           r: float) -> list[str]:
    # Many outcomes land on the same pair of utilities; one dot per distinct pair keeps the
    # file small without hiding anything.
    pairs = np.unique(np.round(effective[[f, o]][:, mask].T, 3), axis=0)
    return [svg.circle(frame.x(x), frame.y(y), r, fill=fill, opacity=0.85) for x, y in pairs]


def utility_bars(parties: Sequence[str], utilities: Mapping[str, float],
                 reservations: Mapping[str, float], baseline: Mapping[str, float]) -> str:
    """Each party's utility as a bar, its reservation value as a black tick and the scripted
    players' mean as a grey diamond."""
    bar, left = 30, 90
    width, height = 860, 40 + bar * len(parties) + 40
    frame = Frame(left, 20, 560, bar * len(parties), (0, 1), (0, 1))
    out = frame.axes(svg.ticks(0, 1), [], x_label="utility")
    for k, p in enumerate(parties):
        y = frame.top + k * bar + 6
        u, r = utilities[p], reservations[p]
        out.append(svg.text(left - 8, y + 13, p, size=12, anchor="end"))
        out.append(svg.rect(frame.left, y, frame.x(u) - frame.left, bar - 12, fill=colour(k),
                            tip=f"{p}: {u:.2f} (reservation {r:.2f})"))
        out.append(svg.line(frame.x(r), y - 3, frame.x(r), y + bar - 9, stroke="#000000",
                            width=2.5))
        b = frame.x(baseline[p])
        out.append(f'<polygon points="{svg.num(b)},{svg.num(y + 2)} {svg.num(b + 5)},'
                   f'{svg.num(y + 9)} {svg.num(b)},{svg.num(y + 16)} {svg.num(b - 5)},'
                   f'{svg.num(y + 9)}" fill="#6b6b6b"/>')
        verdict = "above" if u > r + 1e-9 else ("at" if abs(u - r) <= 1e-9 else "below")
        out.append(svg.text(frame.right + 10, y + 13, f"{u:.2f} — {verdict} reservation",
                            size=11))
    out.extend([svg.line(left, height - 14, left + 14, height - 14, stroke="#000", width=2.5),
                svg.text(left + 20, height - 10, "reservation value", size=11),
                svg.text(left + 160, height - 10, "◆ scripted players' mean", size=11,
                         fill="#6b6b6b")])
    return svg.document(width, height, "Utility against reservation value", out)


def percentile_histogram(party: str, sample: np.ndarray, value: float, percentile: float,
                         index: int) -> str:
    """The scripted players' utilities for one side, with the player's result marked."""
    width, height = 420, 250
    lo = float(min(sample.min(), value))
    hi = float(max(sample.max(), value))
    if hi - lo < 0.05:
        lo, hi = lo - 0.05, hi + 0.05
    bins = np.linspace(lo, hi, 21)
    counts, _ = np.histogram(sample, bins=bins)
    top = max(int(counts.max()), 1)
    frame = Frame(50, 24, 350, 150, (lo, hi), (0, top))
    out = frame.axes(svg.ticks(lo, hi, 4), svg.ticks(0, top, 4), x_label=f"{party}'s utility",
                     y_label="runs", x_format="{:.2f}", y_format="{:g}")
    for left_edge, right_edge, n in zip(bins[:-1], bins[1:], counts, strict=True):
        x0, x1 = frame.x(left_edge), frame.x(right_edge)
        out.append(svg.rect(x0 + 0.5, frame.y(n), x1 - x0 - 1, frame.bottom - frame.y(n),
                            fill="#bfcbd8", tip=f"{left_edge:.2f}–{right_edge:.2f}: {n} runs"))
    x = frame.x(value)
    out.append(svg.line(x, frame.top - 6, x, frame.bottom, stroke=colour(index), width=3))
    out.append(svg.text(x, frame.top - 10, f"{value:.2f}: percentile {percentile:.0f}",
                        size=11, anchor="middle" if 0.2 < (x - 50) / 350 < 0.8 else
                        ("start" if x < 200 else "end"), weight="bold"))
    out.append(svg.rect(50, height - 22, 10, 10, fill="#bfcbd8"))
    out.append(svg.text(64, height - 13, "scripted runs in each band", size=11))
    out.append(svg.line(230, height - 17, 246, height - 17, stroke=colour(index), width=3))
    out.append(svg.text(251, height - 13, "this game's result", size=11))
    return svg.document(width, height, f"{party} against scripted players", out)


SHADES = ("#1f6fb4", "#6fa8dc", "#e07b12", "#f6b26b", "#2e8b3e", "#93c47d", "#8a4fb0",
          "#b4a7d6", "#7a5230", "#c8372d", "#bbbbbb")
"""Option colours in the class summary's bars."""

GREYS = ("#d9d9d9", "#a6a6a6", "#ececec", "#8c8c8c", "#c4c4c4", "#737373")
"""The class summary's bars for games without a deal, one grey per ending."""


def _fills(counts: Sequence[tuple[str, int]]) -> list[str]:
    """Each segment's colour: an option's shade, or a grey for each way of ending without a
    deal (labels "no deal: ...")."""
    fills, greys = [], 0
    for k, (label, _) in enumerate(counts):
        if label.startswith(NO_DEAL):
            fills.append(GREYS[greys % len(GREYS)])
            greys += 1
        else:
            fills.append(SHADES[k % len(SHADES)])
    return fills


def option_shares(issue: str, counts: Sequence[tuple[str, int]], total: int) -> str:
    """One issue's outcomes across a class as a 100 % bar, one segment per option, and a key
    below it naming every option in full with its count (no label is cut to fit a segment)."""
    width, left, bar_w = 860, 150, 690
    out = [svg.text(left - 8, 24, issue, size=12, anchor="end", weight="bold")]
    fills = _fills(counts)
    x = float(left)
    for k, (_label, n) in enumerate(counts):
        if n == 0:
            continue
        w = bar_w * n / max(total, 1)
        fill = fills[k]
        out.append(svg.rect(x, 8, w, 24, fill=fill, stroke="#ffffff"))
        if w > 22:
            out.append(svg.text(x + w / 2, 24, f"{n}", size=11, anchor="middle"))
        x += w
    y, x = 50.0, float(left)
    for k, (label, n) in enumerate(counts):
        fill = fills[k]
        lines = _wrap(f"{label}: {n} of {total}", 96)
        needed = 20 + 6.0 * max(len(line) for line in lines)
        if x > left and x + needed > width - 10:
            x, y = float(left), y + 18
        out.append(svg.rect(x, y - 9, 10, 10, fill=fill))
        for row, line in enumerate(lines):
            out.append(svg.text(x + 14, y + 14 * row, line, size=11,
                                fill=svg.INK if n else svg.MUTED))
        y += 14 * (len(lines) - 1)
        x = float(left) if len(lines) > 1 else x + needed + 12
        if len(lines) > 1:
            y += 18
    height = int(y + 12)
    return svg.document(width, height, f"Outcomes of {issue} across the class", out)


def _wrap(text: str, limit: int) -> list[str]:
    """`text` in lines of at most about `limit` characters, broken between words."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > limit:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines or [""]


def class_strip(parties: Sequence[str], scores: Mapping[str, Sequence[tuple[str, float]]],
                baseline: Mapping[str, float], reservations: Mapping[str, float]) -> str:
    """Each side's students as dots on a utility axis, the scripted mean as a grey bar and
    the reservation value as a black tick."""
    row, left = 40, 90
    width, height = 860, 40 + row * len(parties) + 30
    frame = Frame(left, 20, 700, row * len(parties), (0, 1), (0, 1))
    out = frame.axes(svg.ticks(0, 1), [], x_label="utility")
    for k, p in enumerate(parties):
        y = frame.top + (k + 0.5) * row
        out.append(svg.text(left - 8, y + 4, p, size=12, anchor="end", fill=colour(k),
                            weight="bold"))
        out.append(svg.line(frame.x(reservations[p]), y - 12, frame.x(reservations[p]), y + 12,
                            stroke="#000", width=2))
        out.append(svg.rect(frame.x(baseline[p]) - 2, y - 14, 4, 28, fill="#9a9a9a",
                            tip=f"scripted mean {baseline[p]:.2f}"))
        seen: dict[float, int] = {}
        for name, u in scores.get(p, ()):
            stack = seen.get(round(u, 3), 0)
            seen[round(u, 3)] = stack + 1
            out.append(svg.circle(frame.x(u), y - 6 + 6 * (stack % 3), 5, fill=colour(k),
                                  stroke="#ffffff", opacity=0.9, tip=f"{name}: {u:.2f}"))
    out.append(svg.text(left, height - 8, "dots: students · grey bar: scripted players' mean"
                        " · black tick: reservation value", size=11, fill=svg.MUTED))
    return svg.document(width, height, "Each side's results across the class", out)
