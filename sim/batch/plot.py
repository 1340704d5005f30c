"""The batch summary as charts (PNG or SVG), drawn with matplotlib's file-only backend."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from sim.batch.facts import fifth_rounds
from sim.batch.summary import Summary
from sim.files import write_output

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMATS = (".png", ".svg")

SIGNATURE = "Parley summary chart"
"""Stored in every chart's metadata: how `--plot` recognises a chart it may replace."""


def plot_summary(summary: Summary, path: str | os.PathLike[str]) -> Path:
    """Draw outcomes, utilities, issue outcomes, sensitivity and deal rounds into `path`
    (.png or .svg).

    Raises:
        ValueError: the file name ends in neither .png nor .svg.
        sim.files.OutputError: the file could not be written (the old one is kept).
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"--plot {path}: the file must end in .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplot_mosaic([["outcomes", "utilities"], ["issues", "sensitivity"],
                                    ["rounds", "rounds"]], figsize=(13, 13),
                                   height_ratios=[1, 1, 0.8])
    _outcomes(axes["outcomes"], summary)
    _utilities(axes["utilities"], summary)
    _issues(axes["issues"], summary)
    _sensitivity(axes["sensitivity"], summary)
    _rounds(axes["rounds"], summary)
    fig.suptitle(f"{summary.title} — {summary.runs:,} runs")
    fig.tight_layout()
    image = io.BytesIO()
    kind = path.suffix.lower().removeprefix(".")
    fig.savefig(image, format=kind,
                metadata={"Software" if kind == "png" else "Creator": SIGNATURE})
    plt.close(fig)
    return write_output(path, image.getvalue())


def _outcomes(ax: Axes, s: Summary) -> None:
    names = list(s.outcomes)
    shares = [s.outcomes[k] / max(s.runs, 1) for k in names]
    ax.bar(names, shares, color=["#4c9a2a", "#999999", "#c0392b"])
    ax.errorbar([0], [s.deal.share], yerr=[[s.deal.share - s.deal.low],
                                           [s.deal.high - s.deal.share]], color="black",
                capsize=6)
    ax.set_ylim(0, 1)
    ax.set_title(f"How talks end (deal {s.deal.share:.1%}, "
                 f"95% CI {s.deal.low:.1%}–{s.deal.high:.1%})")
    ax.set_ylabel("share of runs")


def _utilities(ax: Axes, s: Summary) -> None:
    stats = [{"label": p, "med": u.median, "q1": u.p25, "q3": u.p75, "whislo": u.p5,
              "whishi": u.p95, "fliers": []} for p, u in s.utility.items()]
    ax.bxp(stats, showfliers=False)
    ax.set_ylim(0, 1)
    ax.set_title("Utility per party (box 25–75%, whiskers 5–95%)")


def _issues(ax: Axes, s: Summary) -> None:
    issues = list(s.issues)
    for row, issue in enumerate(issues):
        counts = s.issues[issue]
        total = max(sum(c for _, c in counts), 1)
        left = 0.0
        for option, count in counts:
            share = count / total
            if share > 0:
                ax.barh(row, share, left=left)
                if share > 0.12:
                    ax.text(left + share / 2, row, option, ha="center", va="center", fontsize=7)
            left += share
    ax.set_yticks(range(len(issues)), issues)
    ax.set_xlim(0, 1)
    ax.invert_yaxis()
    ax.set_title("What the deals settle, per issue (share of deals)")


def _sensitivity(ax: Axes, s: Summary) -> None:
    top = s.sensitivity[:10]
    if not top:
        ax.text(0.5, 0.5, "no drawn parameters\n(--uncertainty or --vary)", ha="center",
                va="center")
        ax.set_axis_off()
        return
    ax.barh([t.column for t in top], [t.swing for t in top], color="#2c6fbb")
    ax.invert_yaxis()
    ax.set_xlabel("deal rate swing between lowest and highest fifth")
    ax.set_title("What moves the deal rate")


def _rounds(ax: Axes, s: Summary) -> None:
    f = s.facts
    rounds = list(range(1, f.deadline + 1))
    shares = [c / f.deals if f.deals else 0.0 for c in f.round_counts]
    last = fifth_rounds(f.deadline)[-1][0]
    ax.bar(rounds, shares, color=["#d4a017" if r >= last else "#4c9a2a" for r in rounds])
    ax.axvline(last - 0.5, color="black", linestyle=":", linewidth=1)
    ax.set_xlim(0.5, f.deadline + 0.5)
    ax.set_xlabel(f"round (of {f.deadline}); the last fifth in yellow")
    ax.set_ylabel("share of deals")
    ax.set_title(f"When deals are struck ({f.deals:,} deals in {f.distinct_rounds} rounds, "
                 f"{f.before_last_fifth_share:.0%} before the last fifth, "
                 f"{f.distinct_packages:,} distinct packages)" if f.deals
                 else "When deals are struck (no deals)")
