"""The debrief's charts keep every word inside the chart, wherever the game ended."""

from __future__ import annotations

import re

import pytest

from sim.report.charts import timeline

WIDTH = 860
"""The timeline's width in SVG units."""


@pytest.mark.parametrize("end_round", [0, 11, 23])
def test_the_deal_label_stays_inside_the_timeline(end_round: int) -> None:
    chart = timeline(["EU", "Russia"], 24, [], end_round, "deal")
    label = re.search(r'<text x="([\d.]+)"[^>]*>deal</text>', chart)
    assert label is not None, chart
    x = float(label.group(1))
    ends_at = x if 'text-anchor="end"' in label.group(0) else x + 30  # "deal" at 11 px
    assert 0 <= ends_at <= WIDTH
