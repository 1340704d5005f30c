"""The batch summary as charts (PNG or SVG), drawn with matplotlib's file-only backend."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from sim.batch.summary import Summary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FORMATS = (".png", ".svg")


def plot_summary(summary: Summary, path: str | os.PathLike[str]) -> Path:
    """Draw outcomes, utilities, issue outcomes and sensitivity into `path` (.png or .svg).

    Raises:
        ValueError: the file name ends in neither .png nor .svg.
    """
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise ValueError(f"--plot {path}: the file must end in .png or .svg")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 2, figsize=(13, 9))
    _outcomes(axes[0][0], summary)
    _utilities(axes[0][1], summary)
    _issues(axes[1][0], summary)
    _sensitivity(axes[1][1], summary)
    fig.suptitle(f"{summary.title} — {summary.runs:,} runs")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


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
